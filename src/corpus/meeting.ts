import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { basename, extname, join, relative } from 'node:path';
import { DocumentError } from '../errors.js';
import { cleanText, type PageMetadata } from './clean.js';
import { decodeDocument, type TextEncoding } from './decode.js';
import { flagInjections } from './injection.js';
import { extractFacts, type MeetingFacts } from './metadata.js';

/** A cleaned, numbered paragraph (¶n) in the document's original script. */
export interface Paragraph {
  n: number;
  text: string;
  /** Set when sentences of it address the assistant (prompt injection): the kinds found, see corpus/injection.ts. */
  injection?: string[];
}

/** One meeting document, cleaned and addressed by paragraph. */
export interface Meeting extends MeetingFacts {
  /** File name without extension. */
  id: string;
  /** 1-based position in id order. */
  number: number;
  /** Path relative to the seeds folder. */
  file: string;
  /** sha256 of the file's bytes. */
  hash: string;
  encoding: TextEncoding;
  metadata: PageMetadata;
  paragraphs: Paragraph[];
}

/** Meetings read from a folder plus the files that could not be read (each named in its error). */
export interface Corpus {
  meetings: Meeting[];
  errors: DocumentError[];
}

const DOCUMENT_EXTENSIONS = new Set(['.txt', '.md']);

/** Lists `.txt` and `.md` files under `dir`, recursively, sorted; throws when `dir` cannot be read. */
export async function listDocumentFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries
    .filter((entry) => entry.isFile() && DOCUMENT_EXTENSIONS.has(extname(entry.name).toLowerCase()))
    .filter((entry) => entry.name.toLowerCase() !== 'readme.md')
    .map((entry) => join(entry.parentPath, entry.name))
    .sort();
}

/** Reads, decodes and cleans one document; throws DocumentError naming the file when it is unreadable or empty. */
export function parseMeeting(file: string, bytes: Buffer): Omit<Meeting, 'number'> {
  let decoded: ReturnType<typeof decodeDocument>;
  try {
    decoded = decodeDocument(bytes);
  } catch (error) {
    throw new DocumentError(file, (error as Error).message, { cause: error });
  }
  const cleaned = cleanText(decoded.text);
  if (cleaned.paragraphs.length === 0) throw new DocumentError(file, 'no text left after cleaning');
  return {
    id: basename(file, extname(file)),
    file,
    hash: createHash('sha256').update(bytes).digest('hex'),
    encoding: decoded.encoding,
    metadata: cleaned.metadata,
    paragraphs: flagInjections(cleaned.paragraphs.map((text, i) => ({ n: i + 1, text }))),
    ...extractFacts(cleaned.paragraphs, cleaned.metadata, cleaned.simplified),
  };
}

/** Loads every document under `dir`; unreadable files are reported in `errors` and the rest still load. */
export async function loadCorpus(dir: string): Promise<Corpus> {
  const files = await listDocumentFiles(dir);
  const parsed: Omit<Meeting, 'number'>[] = [];
  const errors: DocumentError[] = [];
  const ids = new Set<string>();
  // Reads run a few at a time so the disk keeps busy while documents are cleaned; results stay in file order.
  const reads = files.map((path) => () => readFile(path));
  const contents: Promise<Buffer>[] = [];
  const READ_AHEAD = 8;
  for (let i = 0; i < Math.min(READ_AHEAD, reads.length); i++) contents.push((reads[i] as () => Promise<Buffer>)());
  for (const [i, path] of files.entries()) {
    const next = reads[i + READ_AHEAD];
    if (next) contents.push(next());
    const file = relative(dir, path);
    try {
      const meeting = parseMeeting(file, await (contents[i] as Promise<Buffer>));
      if (ids.has(meeting.id)) throw new DocumentError(file, `duplicate meeting id "${meeting.id}"`);
      ids.add(meeting.id);
      parsed.push(meeting);
    } catch (error) {
      errors.push(error instanceof DocumentError ? error : new DocumentError(file, String(error), { cause: error }));
    }
  }
  parsed.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return { meetings: parsed.map((meeting, i) => ({ ...meeting, number: i + 1 })), errors };
}
