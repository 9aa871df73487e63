import { extname } from 'node:path';
import { loadDocx } from './docx.js';
import { loadHtml } from './html.js';
import { loadPdf } from './pdf.js';
import { loadMarkdown, loadText } from './text.js';
import type { Loader } from './types.js';

/** One loader per file extension; a new format is one module and one line here. */
const LOADERS: Record<string, Loader> = {
  '.txt': loadText,
  '.md': loadMarkdown,
  '.html': loadHtml,
  '.htm': loadHtml,
  '.docx': loadDocx,
  '.pdf': loadPdf,
};

/** File extensions with a loader, lower case with the dot (`.txt`, `.pdf`, …). */
export const SUPPORTED_EXTENSIONS: readonly string[] = Object.keys(LOADERS);

/** The loader for a file name by its extension (case-insensitive); undefined for formats we cannot read. */
export function loaderFor(fileName: string): Loader | undefined {
  return LOADERS[extname(fileName).toLowerCase()];
}
