import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { RawDocument } from './types.js';

/** One line of a page: its text, left edge, baseline and font height, in PDF units. */
interface Line {
  text: string;
  x: number;
  y: number;
  height: number;
}

interface TextItem {
  str: string;
  transform: number[];
  height: number;
}

/** pdfjs resolves CJK CMaps and standard fonts from its own package folders (Chinese PDFs often do not embed fonts). */
const PDFJS_DIR = dirname(createRequire(import.meta.url).resolve('pdfjs-dist/package.json'));
const PAGE_NUMBER =
  /^(?:[-–—\s]*\d+[-–—\s]*|第\s*\d+\s*页(?:\s*[/／共]\s*\d+\s*页?)?|\d+\s*[/／]\s*\d+|page\s*\d+(?:\s*of\s*\d+)?)$/i;
const SENTENCE_END = /[。！？!?；;：:”」』）)]$/;

/** Groups a page's text items into lines (same baseline), top to bottom, each left to right. */
function linesOf(items: TextItem[]): Line[] {
  const rows: { y: number; items: TextItem[] }[] = [];
  for (const item of items) {
    if (!item.str) continue;
    const y = item.transform[5] ?? 0;
    const tolerance = Math.max(2, (item.height || 10) / 3);
    const row = rows.find((candidate) => Math.abs(candidate.y - y) <= tolerance);
    if (row) row.items.push(item);
    else rows.push({ y, items: [item] });
  }
  return rows
    .sort((a, b) => b.y - a.y)
    .map((row) => {
      const sorted = row.items.sort((a, b) => (a.transform[4] ?? 0) - (b.transform[4] ?? 0));
      return {
        text: sorted
          .map((item) => item.str)
          .join('')
          .replace(/\s+/g, ' ')
          .trim(),
        x: sorted[0]?.transform[4] ?? 0,
        y: row.y,
        height: Math.max(...sorted.map((item) => item.height || Math.abs(item.transform[3] ?? 0) || 10)),
      };
    })
    .filter((line) => line.text !== '');
}

/** The shape of a header/footer line regardless of the page number in it. */
const furnitureKey = (text: string) => text.replace(/\d+/g, '#');

/** Drops page numbers and lines repeated at the top or bottom of most pages (running headers and footers). */
function dropFurniture(pages: Line[][]): Line[][] {
  const counts = new Map<string, number>();
  for (const lines of pages) {
    const edges = new Set([...lines.slice(0, 2), ...lines.slice(-2)].map((line) => furnitureKey(line.text)));
    for (const key of edges) counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  const repeated = (line: Line) =>
    pages.length >= 2 && (counts.get(furnitureKey(line.text)) ?? 0) >= Math.max(2, pages.length * 0.6);
  return pages.map((lines) =>
    lines.filter((line, i) => {
      const atEdge = i < 2 || i >= lines.length - 2;
      return !(atEdge && (PAGE_NUMBER.test(line.text) || repeated(line)));
    }),
  );
}

/** Joins lines into paragraphs: a paragraph ends at a short line closing a sentence, an indent, or a wide gap. */
function paragraphsOf(lines: Line[]): string[] {
  const paragraphs: string[] = [];
  const left = Math.min(...lines.map((line) => line.x));
  const fullWidth = Math.max(...lines.map((line) => line.text.length));
  let current = '';
  let previous: Line | undefined;
  for (const line of lines) {
    const indented = line.x > left + line.height * 0.8;
    const gap = previous ? previous.y - line.y > previous.height * 2.2 || previous.y < line.y : false;
    const closed = previous ? SENTENCE_END.test(previous.text) && previous.text.length < fullWidth * 0.9 : false;
    const headline = previous ? previous.text.length < fullWidth * 0.6 && !/[，,、]$/.test(previous.text) : false;
    if (current && (indented || gap || closed || headline)) {
      paragraphs.push(current);
      current = '';
    }
    const joiner = current && /[A-Za-z0-9]$/.test(current) && /^[A-Za-z0-9]/.test(line.text) ? ' ' : '';
    current += joiner + line.text;
    previous = line;
  }
  if (current) paragraphs.push(current);
  return paragraphs;
}

/** Imported by name at run time: the package ships no types for its worker module. */
const PDFJS_WORKER = 'pdfjs-dist/legacy/build/pdf.worker.mjs';
type Pdfjs = typeof import('pdfjs-dist/legacy/build/pdf.mjs');
let pdfjs: Promise<Pdfjs> | undefined;

/**
 * Loads pdfjs and its worker module (both large, loaded on first use; without a browser pdfjs runs its "worker" in
 * this thread and finds it on `globalThis.pdfjsWorker`). A long-lived ingest worker calls this early to be ready.
 */
export function preloadPdfjs(): Promise<Pdfjs> {
  pdfjs ??= (async () => {
    const [library, worker] = await Promise.all([
      import('pdfjs-dist/legacy/build/pdf.mjs'),
      import(PDFJS_WORKER) as Promise<unknown>,
    ]);
    (globalThis as { pdfjsWorker?: unknown }).pdfjsWorker ??= worker;
    return library;
  })();
  return pdfjs;
}

/** PDF: the text layer in reading order, lines joined into paragraphs, headers, footers and page numbers dropped. */
export async function loadPdf(bytes: Buffer): Promise<RawDocument> {
  const { getDocument } = await preloadPdfjs();
  let pdf: Awaited<ReturnType<typeof getDocument>['promise']>;
  try {
    pdf = await getDocument({
      data: new Uint8Array(bytes),
      cMapUrl: `${join(PDFJS_DIR, 'cmaps')}/`,
      cMapPacked: true,
      standardFontDataUrl: `${join(PDFJS_DIR, 'standard_fonts')}/`,
      disableFontFace: true,
      useSystemFonts: false,
      isEvalSupported: false,
      verbosity: 0,
    }).promise;
  } catch (error) {
    throw new Error(`not a readable PDF (${(error as Error).message})`, { cause: error });
  }
  try {
    const pages: Line[][] = [];
    for (let n = 1; n <= pdf.numPages; n++) {
      const page = await pdf.getPage(n);
      const content = await page.getTextContent();
      pages.push(linesOf((content.items as unknown as TextItem[]).filter((item) => 'str' in item)));
    }
    if (pages.every((lines) => lines.every((line) => line.text.trim() === ''))) {
      throw new Error('no text layer; OCR is not supported (a scanned PDF?)');
    }
    const info = (await pdf.getMetadata().catch(() => undefined))?.info as { Title?: string } | undefined;
    const blocks = paragraphsOf(dropFurniture(pages).flat());
    const title = info?.Title?.trim();
    return { blocks, metadata: title ? { title } : {}, encoding: 'binary', warnings: [] };
  } finally {
    await pdf.destroy();
  }
}
