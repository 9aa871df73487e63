import { open, writeFile } from 'node:fs/promises';
import { LexicalIndex } from './lexical-index.js';

/** 'LEX1' little-endian: marks a binary lexical postings file. */
const MAGIC = 0x3158454c;
const HEADER_WORDS = 4;

/** The two persisted parts of a lexical index: the term table (JSON) and the numeric arrays (binary). */
export interface EncodedLexicalIndex {
  terms: string;
  postings: Buffer;
}

/**
 * Encodes a lexical index for disk: terms as a JSON array, and one little-endian binary file holding a header
 * (magic, term count, length count, posting count), then u32 sizes, i32 lengths, i32 labels and u16 tfs.
 */
export function encodeLexicalIndex(index: LexicalIndex): EncodedLexicalIndex {
  const data = index.toData();
  const words = HEADER_WORDS + data.sizes.length + data.lengths.length + data.labels.length;
  const bytes = Buffer.alloc(words * 4 + data.tfs.length * 2);
  const header = new Uint32Array(bytes.buffer, bytes.byteOffset, HEADER_WORDS);
  header.set([MAGIC, data.sizes.length, data.lengths.length, data.labels.length]);
  let offset = HEADER_WORDS * 4;
  for (const array of [data.sizes, data.lengths, data.labels, data.tfs]) {
    bytes.set(new Uint8Array(array.buffer, array.byteOffset, array.byteLength), offset);
    offset += array.byteLength;
  }
  return { terms: JSON.stringify(data.terms), postings: bytes };
}

/** Bytes gathered before each write of `writeLexicalIndex`. */
const WRITE_BUFFER_BYTES = 4 * 1024 * 1024;

/**
 * Writes the same two files as `encodeLexicalIndex` straight from the index's postings, through a 4 MB buffer,
 * never copying them into one array first (at 300k chunks such copies cost ~2 × 180 MB of peak memory). Do not
 * change the index while this runs.
 */
export async function writeLexicalIndex(termsPath: string, postingsPath: string, index: LexicalIndex): Promise<void> {
  const views = index.postingViews();
  const lengths = index.labelLengths();
  await writeFile(termsPath, JSON.stringify(views.map((view) => view.term)));
  const total = views.reduce((sum, view) => sum + view.labels.length, 0);
  const sizes = Uint32Array.from(views, (view) => view.labels.length);
  const header = new Uint32Array([MAGIC, views.length, lengths.length, total]);
  const file = await open(postingsPath, 'w');
  const buffer = Buffer.alloc(WRITE_BUFFER_BYTES);
  let used = 0;
  const flush = async () => {
    if (used > 0) await file.writeFile(buffer.subarray(0, used));
    used = 0;
  };
  const put = async (array: ArrayBufferView) => {
    const bytes = new Uint8Array(array.buffer, array.byteOffset, array.byteLength);
    for (let offset = 0; offset < bytes.length; ) {
      if (used === buffer.length) await flush();
      const take = Math.min(bytes.length - offset, buffer.length - used);
      buffer.set(bytes.subarray(offset, offset + take), used);
      used += take;
      offset += take;
    }
  };
  try {
    for (const array of [header, sizes, lengths]) await put(array);
    for (const view of views) await put(view.labels);
    for (const view of views) await put(view.tfs);
    await flush();
  } finally {
    await file.close();
  }
}

/** Restores a lexical index from `encodeLexicalIndex` output; the postings are views into `postings`. Throws when the parts disagree. */
export function decodeLexicalIndex(terms: string, postings: Buffer): LexicalIndex {
  // Typed-array views need 4-byte alignment; a pooled Buffer may start anywhere, so copy it then.
  const bytes = postings.byteOffset % 4 === 0 ? postings : Buffer.from(postings);
  if (bytes.byteLength < HEADER_WORDS * 4) throw new Error('lexical postings file is truncated');
  const [magic, termCount = 0, lengthCount = 0, total = 0] = new Uint32Array(
    bytes.buffer,
    bytes.byteOffset,
    HEADER_WORDS,
  );
  if (magic !== MAGIC) throw new Error('not a lexical postings file');
  const expected = (HEADER_WORDS + termCount + lengthCount + total) * 4 + total * 2;
  if (bytes.byteLength !== expected)
    throw new Error(`lexical postings file has ${bytes.byteLength} bytes, expected ${expected}`);
  let offset = bytes.byteOffset + HEADER_WORDS * 4;
  const take = <T>(make: (buffer: ArrayBufferLike, at: number, length: number) => T, length: number, width: number) => {
    const array = make(bytes.buffer, offset, length);
    offset += length * width;
    return array;
  };
  const sizes = take((b, at, n) => new Uint32Array(b, at, n), termCount, 4);
  const lengths = take((b, at, n) => new Int32Array(b, at, n), lengthCount, 4);
  const labels = take((b, at, n) => new Int32Array(b, at, n), total, 4);
  const tfs = take((b, at, n) => new Uint16Array(b, at, n), total, 2);
  const termList = JSON.parse(terms) as unknown;
  if (!Array.isArray(termList) || termList.length !== termCount)
    throw new Error('lexical term table does not match its postings');
  return LexicalIndex.fromData({ terms: termList as string[], sizes, lengths, labels, tfs });
}
