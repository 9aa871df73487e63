import { createHash } from 'node:crypto';
import { readdir, readFile, realpath, stat } from 'node:fs/promises';
import { basename, extname, join, relative } from 'node:path';
import { DocumentError } from '../errors.js';
import { cleanText, type PageMetadata } from './clean.js';
import { flagInjections } from './injection.js';
import { loaderFor } from './loaders/registry.js';
import type { DocumentEncoding, LoadHints, RawDocument } from './loaders/types.js';
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
  /** File name without `.txt`/`.md`; other formats keep their extension (`a.pdf`), see `meetingIdOf`. */
  id: string;
  /** 1-based position in id order. */
  number: number;
  /** Path relative to the seeds folder. */
  file: string;
  /** sha256 of the file's bytes. */
  hash: string;
  encoding: DocumentEncoding;
  metadata: PageMetadata;
  paragraphs: Paragraph[];
}

/** A parsed document before it is numbered, with what was repaired while reading it. */
export type ParsedMeeting = Omit<Meeting, 'number'> & { warnings: string[] };

/** Meetings read from a folder, the files that could not be read (each named in its error) and repairs made. */
export interface Corpus {
  meetings: Meeting[];
  errors: DocumentError[];
  /** `file: what was repaired` for documents that loaded with a repair (e.g. stray NUL bytes dropped). */
  warnings: string[];
}

/** `.txt` and `.md` meetings keep their base name as id (as before other formats existed); others keep the extension. */
const BARE_ID_EXTENSIONS = new Set(['.txt', '.md']);

/** The meeting id of a file: `a.txt` → `a`, `a.md` → `a`, `a.pdf` → `a.pdf`, so `a.txt` and `a.pdf` never collide. */
export function meetingIdOf(file: string): string {
  const name = basename(file);
  const extension = extname(name).toLowerCase();
  return BARE_ID_EXTENSIONS.has(extension) ? basename(name, extname(name)) : name;
}

function isDocumentName(name: string): boolean {
  return loaderFor(name) !== undefined && name.toLowerCase() !== 'readme.md';
}

/**
 * Lists the documents under `dir` that a loader can read (see `SUPPORTED_EXTENSIONS`), recursively and sorted.
 * Symbolic links to files and folders are followed; a folder reached twice (a link loop) is read once. Hidden
 * names (`.removed/`, files being written as `.name.partial`) are skipped.
 * Throws when `dir` cannot be read.
 */
export async function listDocumentFiles(dir: string): Promise<string[]> {
  const files: string[] = [];
  const seenFolders = new Set<string>();
  const walk = async (folder: string) => {
    const real = await realpath(folder);
    if (seenFolders.has(real)) return;
    seenFolders.add(real);
    for (const entry of await readdir(folder, { withFileTypes: true })) {
      if (entry.name.startsWith('.')) continue;
      const path = join(folder, entry.name);
      let kind: 'file' | 'folder' | 'other' = entry.isFile() ? 'file' : entry.isDirectory() ? 'folder' : 'other';
      if (entry.isSymbolicLink()) {
        const target = await stat(path).catch(() => undefined);
        kind = target?.isFile() ? 'file' : target?.isDirectory() ? 'folder' : 'other';
      }
      if (kind === 'folder') await walk(path);
      else if (kind === 'file' && isDocumentName(entry.name)) files.push(path);
    }
  };
  await walk(dir);
  return files.sort();
}

const PINYIN_READING = /\([a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü]+\)|\?/giu;

/** True when the paragraphs hold no words at all once pinyin readings, placeholders and punctuation are removed. */
export function isOnlyDebris(paragraphs: string[]): boolean {
  const words = paragraphs
    .join('')
    .replace(PINYIN_READING, '')
    .match(/[\p{Script=Han}\p{L}\p{N}]/gu);
  return (words?.length ?? 0) < 2;
}

/** Reads one document through its format's loader and cleans it; throws DocumentError naming the file and why. */
export async function parseMeeting(file: string, bytes: Buffer, hints?: LoadHints): Promise<ParsedMeeting> {
  const loader = loaderFor(file);
  if (!loader) throw new DocumentError(file, `unsupported file type "${extname(file) || file}"`);
  let raw: RawDocument;
  try {
    raw = await loader(bytes, basename(file), hints);
  } catch (error) {
    throw new DocumentError(file, (error as Error).message, { cause: error });
  }
  const cleaned = cleanText(raw.blocks.join('\n'));
  if (cleaned.paragraphs.length === 0) throw new DocumentError(file, 'no text left after cleaning');
  if (isOnlyDebris(cleaned.paragraphs))
    throw new DocumentError(file, 'only debris (pinyin readings, placeholders), no meeting text');
  const metadata: PageMetadata = { ...cleaned.metadata };
  // What the format says about itself (front matter, <meta>) wins over lines that look like metadata.
  if (raw.metadata.source) metadata.source = raw.metadata.source;
  if (raw.metadata.date) metadata.published = raw.metadata.date;
  const facts = extractFacts(cleaned.paragraphs, metadata, cleaned.simplified);
  return {
    id: meetingIdOf(file),
    file,
    hash: createHash('sha256').update(bytes).digest('hex'),
    encoding: raw.encoding,
    metadata,
    paragraphs: flagInjections(cleaned.paragraphs.map((text, i) => ({ n: i + 1, text }))),
    ...facts,
    ...(raw.metadata.title ? { title: raw.metadata.title } : {}),
    warnings: raw.warnings,
  };
}

/** Options of `loadCorpus`. */
export interface LoadCorpusOptions {
  /** A meeting already parsed from this file with these bytes (sha256), reused instead of parsing again. */
  reuse?: (file: string, hash: string) => Omit<Meeting, 'number'> | undefined;
}

/**
 * Loads every document under `dir`; unreadable files are reported in `errors` and the rest still load. With
 * `reuse`, unchanged files are not parsed again (PDF and .docx extraction is the slow part of an update).
 */
export async function loadCorpus(dir: string, options: LoadCorpusOptions = {}): Promise<Corpus> {
  const files = await listDocumentFiles(dir);
  const parsed: Omit<Meeting, 'number'>[] = [];
  const warnings: string[] = [];
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
      const bytes = await (contents[i] as Promise<Buffer>);
      const known = options.reuse?.(file, createHash('sha256').update(bytes).digest('hex'));
      const { warnings: repaired, ...meeting } = known ? { ...known, warnings: [] } : await parseMeeting(file, bytes);
      for (const warning of repaired) warnings.push(`${file}: ${warning}`);
      if (ids.has(meeting.id)) throw new DocumentError(file, `duplicate meeting id "${meeting.id}"`);
      ids.add(meeting.id);
      parsed.push(meeting);
    } catch (error) {
      errors.push(error instanceof DocumentError ? error : new DocumentError(file, String(error), { cause: error }));
    }
  }
  parsed.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return { meetings: parsed.map((meeting, i) => ({ ...meeting, number: i + 1 })), errors, warnings };
}
