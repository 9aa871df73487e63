import { Readability } from '@mozilla/readability';
import { parseHTML } from 'linkedom';
import { decodeAs, decodeDocument, encodingFromLabel, type TextEncoding } from '../decode.js';
import { blocksFromHtml, tidyBlock } from './html-blocks.js';
import type { LoadHints, RawDocument, RawMetadata } from './types.js';

/** Page furniture removed before the body text is read when Readability finds no article. */
const FURNITURE = 'nav, header, footer, aside, form, script, style, noscript, iframe, [role="navigation"]';
const FURNITURE_NAMES =
  /(?:^|[\s_-])(?:nav|menu|sidebar|footer|header|share|ad|ads|advert|banner|breadcrumb|comment)s?(?:$|[\s_-])/i;
const DATE_META = [
  'article:published_time',
  'pubdate',
  'publishdate',
  'PubDate',
  'date',
  'dc.date',
  'firstpublishedtime',
];
const SOURCE_META = ['ContentSource', 'og:site_name', 'source', 'SiteName'];

/** The charset a page declares in `<meta charset>` or `<meta http-equiv="Content-Type">`, read from its first bytes. */
export function declaredCharset(bytes: Buffer): string | undefined {
  const head = bytes.subarray(0, 4096).toString('latin1');
  return head.match(/<meta[^>]+charset\s*=\s*["']?\s*([\w-]+)/i)?.[1];
}

/** Decodes a page: the charset from the HTTP response, then `<meta>`, then detection. */
function decodePage(bytes: Buffer, hints?: LoadHints): { html: string; encoding: TextEncoding; warnings: string[] } {
  const declared = encodingFromLabel(hints?.charset) ?? encodingFromLabel(declaredCharset(bytes));
  if (declared) return { html: decodeAs(bytes, declared), encoding: declared, warnings: [] };
  const { text, encoding, warnings } = decodeDocument(bytes);
  return { html: text, encoding, warnings };
}

type Doc = ReturnType<typeof parseHTML>['document'];

function metaContent(document: Doc, names: string[]): string | undefined {
  for (const name of names) {
    const element =
      document.querySelector(`meta[name="${name}" i]`) ?? document.querySelector(`meta[property="${name}" i]`);
    const value = element?.getAttribute('content')?.trim();
    if (value) return value;
  }
  return undefined;
}

/** The body text without furniture, for pages too short or too odd for Readability. */
function bodyBlocks(html: string): string[] {
  const { document } = parseHTML(html);
  for (const element of document.querySelectorAll(FURNITURE)) element.remove();
  for (const element of document.querySelectorAll('[class], [id]')) {
    const names = `${element.getAttribute('class') ?? ''} ${element.getAttribute('id') ?? ''}`;
    if (FURNITURE_NAMES.test(names)) element.remove();
  }
  return blocksFromHtml(document.body as never);
}

/** HTML pages: the article body (Readability over linkedom), title from its heading, date and source from the page. */
export async function loadHtml(bytes: Buffer, _fileName: string, hints?: LoadHints): Promise<RawDocument> {
  const { html, encoding, warnings } = decodePage(bytes, hints);
  const { document } = parseHTML(html);
  const heading = tidyBlock(document.querySelector('h1')?.textContent ?? '');
  const metadata: RawMetadata = {};
  const date = metaContent(document, DATE_META);
  const source = metaContent(document, SOURCE_META);
  // ISO timestamps (2024-06-12T09:30:00+08:00) keep their date.
  if (date) metadata.date = date.replace(/^(\d{4}-\d{2}-\d{2})T.*$/, '$1');
  if (source) metadata.source = source;
  const article = new Readability(document as never, { charThreshold: 100 }).parse();
  let blocks: string[] = [];
  if (article?.content)
    blocks = blocksFromHtml(
      parseHTML(`<!DOCTYPE html><html><body>${article.content}</body></html>`).document.body as never,
    );
  if (blocks.join('').length < 20) blocks = bodyBlocks(html);
  const title = heading || tidyBlock(article?.title ?? '') || tidyBlock(document.title ?? '');
  if (title) metadata.title = title;
  if (!metadata.date && article?.publishedTime) metadata.date = article.publishedTime;
  if (!metadata.source && article?.siteName) metadata.source = article.siteName;
  if (title && blocks[0] !== title) blocks.unshift(title);
  return { blocks, metadata, encoding, warnings };
}
