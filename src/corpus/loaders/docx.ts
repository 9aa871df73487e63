import { parseHTML } from 'linkedom';
import mammoth from 'mammoth';
import { blocksFromHtml } from './html-blocks.js';
import type { RawDocument } from './types.js';

/** Word .docx: paragraphs and headings in order (mammoth), numbered list items keep a number, tables become rows. */
export async function loadDocx(bytes: Buffer): Promise<RawDocument> {
  let html: string;
  try {
    ({ value: html } = await mammoth.convertToHtml({ buffer: bytes }));
  } catch (error) {
    throw new Error(`not a readable .docx file (${(error as Error).message.split('\n')[0]})`, { cause: error });
  }
  const { document } = parseHTML(`<!DOCTYPE html><html><body>${html}</body></html>`);
  const heading = document.querySelector('h1')?.textContent?.trim();
  return {
    blocks: blocksFromHtml(document.body as never),
    metadata: heading ? { title: heading } : {},
    encoding: 'binary',
    warnings: [],
  };
}
