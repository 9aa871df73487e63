import { decodeDocument } from '../decode.js';
import type { RawDocument, RawMetadata } from './types.js';

/** Plain text (and scraped pages saved as text): decoded, one block per line. */
export async function loadText(bytes: Buffer): Promise<RawDocument> {
  const { text, encoding, warnings } = decodeDocument(bytes);
  return { blocks: text.split(/\r\n?|\n/), metadata: {}, encoding, warnings };
}

const FRONT_MATTER = /^\uFEFF?---[ \t]*\r?\n([\s\S]*?)\r?\n---[ \t]*(?:\r?\n|$)/;
const KNOWN_KEYS: Record<string, keyof RawMetadata> = { title: 'title', date: 'date', source: 'source', url: 'source' };

/** Reads the `key: value` lines of a front-matter block; only title, date and source (or url) are kept. */
function readFrontMatter(block: string): RawMetadata {
  const metadata: RawMetadata = {};
  for (const line of block.split(/\r?\n/)) {
    const match = line.match(/^([A-Za-z_]+)\s*:\s*(.*?)\s*$/);
    const key = match?.[1] ? KNOWN_KEYS[match[1].toLowerCase()] : undefined;
    const value = match?.[2]?.replace(/^(["'])(.*)\1$/, '$2');
    if (key && value) metadata[key] = value;
  }
  return metadata;
}

/** Markdown: front matter (`title:`, `date:`, `source:`) becomes metadata; heading marks and list bullets are dropped. */
export async function loadMarkdown(bytes: Buffer): Promise<RawDocument> {
  const { text, encoding, warnings } = decodeDocument(bytes);
  const front = text.match(FRONT_MATTER);
  const body = front ? text.slice(front[0].length) : text;
  const blocks = body.split(/\r\n?|\n/).map((line) => line.replace(/^\s{0,3}(?:#{1,6}\s+|[-*+]\s+|>\s?)/, ''));
  return { blocks, metadata: front?.[1] ? readFrontMatter(front[1]) : {}, encoding, warnings };
}
