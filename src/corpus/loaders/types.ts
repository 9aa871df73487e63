import type { TextEncoding } from '../decode.js';

/** How a document's text was stored: a text encoding, or `binary` for formats that carry their own (docx, pdf). */
export type DocumentEncoding = TextEncoding | 'binary';

/** What a format says about the document itself, before the shared metadata extraction. */
export interface RawMetadata {
  title?: string;
  date?: string;
  source?: string;
}

/** A document as a loader reads it: text blocks in reading order (one paragraph, heading, list item or table row each). */
export interface RawDocument {
  blocks: string[];
  metadata: RawMetadata;
  encoding: DocumentEncoding;
  /** Things repaired on the way that an operator may want to know (e.g. stray NUL bytes dropped). */
  warnings: string[];
}

/** Hints from where the bytes came from, e.g. the charset of an HTTP response. */
export interface LoadHints {
  charset?: string;
}

/** Reads one format: `(bytes, fileName) → RawDocument`; throws an Error whose message says why the file is unreadable. */
export type Loader = (bytes: Buffer, fileName: string, hints?: LoadHints) => Promise<RawDocument>;
