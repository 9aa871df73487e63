import { randomBytes } from 'node:crypto';
import { mkdir, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { ChunkOptions } from '../corpus/chunk.js';
import type { Meeting } from '../corpus/meeting.js';
import { IndexCorruptError, IndexMismatchError, IndexMissingError } from '../errors.js';
import { decodeChunkTable, encodeChunkTable } from './chunk-table.js';
import {
  createGeneration,
  GENERATION_GRACE_MS,
  generationFiles,
  planPrune,
  type RetiredGeneration,
} from './generations.js';
import type { LexicalIndex } from './lexical-index.js';
import { decodeLexicalIndex, writeLexicalIndex } from './lexical-store.js';
import { parseMeetingFile, writeMeetingFile } from './meeting-file.js';
import { getIdf, getJieba, lexicalTerms, tokenizeText } from './tokenize.js';
import { type HnswOptions, VectorIndex } from './vector-index.js';

/** Bump when cleaning, chunk metadata or file layout changes: older indexes are then rebuilt. */
export const INDEX_FORMAT_VERSION = 8;

/** Where a chunk lives; its text is `paragraph.text.slice(start, end)`. */
export interface StoredChunk {
  label: number;
  meetingId: string;
  paragraph: number;
  start: number;
  end: number;
}

/** What an index was built with and from. */
export interface IndexManifest {
  formatVersion: number;
  embedder: { id: string; dimension: number };
  chunking: ChunkOptions;
  hnsw: Omit<HnswOptions, 'efSearch'>;
  generation: string;
  /** Generations replaced recently, still on disk for readers that pinned them (absent in older manifests). */
  retired?: RetiredGeneration[];
  nextLabel: number;
  documents: { id: string; file: string; hash: string; chunks: number }[];
  builtAt: string;
}

/** A loaded index: meetings with their paragraphs, chunk addresses, and both search structures. */
export interface SearchIndex {
  manifest: IndexManifest;
  meetings: Meeting[];
  chunks: Map<number, StoredChunk>;
  lexical: LexicalIndex;
  vectors: VectorIndex;
}

/** What a loaded index must match to be usable. */
export interface IndexExpectation {
  embedder: { id: string; dimension: number };
  chunking: ChunkOptions;
  hnsw: HnswOptions;
}

const MANIFEST = 'manifest.json';

/** Explains why an existing manifest cannot be used with the current settings, or returns undefined. */
function describeMismatch(manifest: IndexManifest, expected: IndexExpectation): string | undefined {
  if (manifest.formatVersion !== INDEX_FORMAT_VERSION) {
    return `index format ${manifest.formatVersion}, this version reads ${INDEX_FORMAT_VERSION}`;
  }
  if (manifest.embedder.id !== expected.embedder.id || manifest.embedder.dimension !== expected.embedder.dimension) {
    return `built with embedder ${manifest.embedder.id} (${manifest.embedder.dimension} dims), configured ${expected.embedder.id} (${expected.embedder.dimension} dims)`;
  }
  if (JSON.stringify(manifest.chunking) !== JSON.stringify(expected.chunking)) return 'chunking settings changed';
  if (manifest.hnsw.m !== expected.hnsw.m || manifest.hnsw.efConstruction !== expected.hnsw.efConstruction) {
    return 'HNSW build settings changed';
  }
  return undefined;
}

/** Reads and parses the manifest; throws IndexMissingError when absent, IndexCorruptError when unparsable. */
async function readManifest(dir: string): Promise<IndexManifest> {
  let text: string;
  try {
    text = await readFile(join(dir, MANIFEST), 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
      throw new IndexMissingError(`no index in ${dir}`, { cause: error });
    }
    throw new IndexCorruptError(`index manifest in ${dir} is unreadable: ${(error as Error).message}`, {
      cause: error,
    });
  }
  try {
    const manifest = JSON.parse(text) as IndexManifest;
    if (typeof manifest.generation !== 'string' || !manifest.embedder)
      throw new Error('manifest lacks required fields');
    return manifest;
  } catch (error) {
    throw new IndexCorruptError(`index manifest in ${dir} is unreadable: ${(error as Error).message}`, {
      cause: error,
    });
  }
}

/** The generation the manifest in `dir` names now; throws IndexMissingError or IndexCorruptError like a load. */
export async function readIndexGeneration(dir: string): Promise<string> {
  return (await readManifest(dir)).generation;
}

/**
 * Loads the files of the generation `manifest` names; throws whatever reading or checking them throws. The reads
 * and the HNSW shards load on the thread pool while this thread decodes and warms the tokenizer, so that the first
 * search does not pay for jieba's dictionary and the idf table (~0.6 s).
 */
async function loadGeneration(dir: string, manifest: IndexManifest, expected: IndexExpectation): Promise<SearchIndex> {
  const names = generationFiles(manifest.generation);
  const chunkFile = readFile(join(dir, names.chunks));
  const meetingFile = readFile(join(dir, names.data));
  const lexicalFiles = Promise.all([
    readFile(join(dir, names.lexicalTerms), 'utf8'),
    readFile(join(dir, names.lexicalPostings)),
  ]);
  // Settled below; until then a failure of one read must not surface as an unhandled rejection.
  for (const pending of [chunkFile, meetingFile, lexicalFiles]) pending.catch(() => undefined);
  const chunksRead = chunkFile.then(decodeChunkTable);
  const labels = chunksRead.then((chunks) => chunks.keys());
  const vectors = VectorIndex.read(join(dir, names.vectors), manifest.embedder.dimension, expected.hnsw, labels);
  // VectorIndex.read awaits the labels only after its shards: a damaged chunk table must not reject unhandled first.
  for (const pending of [labels, vectors]) pending.catch(() => undefined);
  warmTokenizer();
  const chunks = await chunksRead;
  const meetings = parseMeetingFile(await meetingFile);
  const [terms, postings] = await lexicalFiles;
  const lexical = decodeLexicalIndex(terms, postings);
  if (lexical.size !== chunks.size)
    throw new Error(`lexical index has ${lexical.size} chunks, metadata ${chunks.size}`);
  const loadedVectors = await vectors;
  warmSearch(lexical, loadedVectors, chunks);
  return { manifest, meetings, chunks, lexical, vectors: loadedVectors };
}

/** A sentence like the meetings' own, segmented during load so that the first question does not pay for warming. */
const WARM_UP_TEXT = '會議要求，各部門要著力抓好招商引資和項目建設工作。';

/**
 * Loads jieba's dictionary and the idf table, and compiles the tokenizer's Unicode regexes (~0.1 s on first use),
 * now: what the first query would otherwise wait for.
 */
function warmTokenizer(): void {
  getJieba();
  getIdf();
  tokenizeText(WARM_UP_TEXT);
}

/**
 * Runs the lexical and vector searches once over the loaded index, so that the first question runs optimized code
 * over memory already touched (a cold first search at 100k chunks took ~90 ms after the tokenizer was warm).
 */
function warmSearch(lexical: LexicalIndex, vectors: VectorIndex, chunks: Map<number, StoredChunk>): void {
  const terms = lexicalTerms(WARM_UP_TEXT);
  lexical.search(terms, 50);
  const everyChunk = new Int32Array(lexical.labelLengths().length);
  lexical.searchGroups(terms, 50, {
    groupOf: everyChunk,
    groupLengths: new Float64Array(1),
    groupCount: 1,
    totalLength: 1,
  });
  const first = chunks.keys().next();
  if (!first.done) vectors.search(Float32Array.from(vectors.vectorOf(first.value)), 10);
}

/** Reads the manifest and checks it against the settings; throws IndexMismatchError when it does not fit. */
async function readUsableManifest(dir: string, expected: IndexExpectation): Promise<IndexManifest> {
  const manifest = await readManifest(dir);
  const mismatch = describeMismatch(manifest, expected);
  if (mismatch) throw new IndexMismatchError(`index in ${dir} is incompatible: ${mismatch}`);
  return manifest;
}

/**
 * Loads the index in `dir`, pinned to the generation its manifest names. When loading fails and the manifest by then
 * names another generation (an ingest replaced it meanwhile), it retries once with the new one. Throws
 * IndexMissingError (no manifest), IndexMismatchError (another format, embedder, dimension, chunking or HNSW
 * setting) or IndexCorruptError (files unreadable or inconsistent). Never writes.
 */
export async function readSearchIndex(dir: string, expected: IndexExpectation): Promise<SearchIndex> {
  const pinned = await readUsableManifest(dir, expected);
  let failure: unknown;
  try {
    return await loadGeneration(dir, pinned, expected);
  } catch (error) {
    failure = error;
  }
  const latest = await readUsableManifest(dir, expected);
  if (latest.generation !== pinned.generation) {
    try {
      return await loadGeneration(dir, latest, expected);
    } catch (error) {
      failure = error;
    }
  }
  throw new IndexCorruptError(
    `index in ${dir} (generation ${latest.generation}) is unreadable: ${(failure as Error).message}`,
    { cause: failure },
  );
}

/** Writes a file by writing a temporary sibling and renaming it over the target. */
async function writeAtomically(path: string, content: string): Promise<void> {
  const temporary = `${path}.${randomBytes(4).toString('hex')}.tmp`;
  await writeFile(temporary, content);
  await rename(temporary, path);
}

/** Reads the manifest currently on disk, or undefined when there is none or it is unreadable. */
async function currentManifest(dir: string): Promise<IndexManifest | undefined> {
  return readManifest(dir).catch(() => undefined);
}

/** When and how a writer prunes old generations (tests shorten the grace period). */
export interface WriteOptions {
  /** Milliseconds a replaced generation stays on disk; the one just replaced always stays. */
  graceMs?: number;
  /** Runs after the data files are written and before the manifest swap; throwing there leaves the index as it was. */
  beforeSwap?: () => Promise<void>;
}

/**
 * Persists an index atomically: data files go under a new generation, then the manifest is swapped by rename, then
 * generations no reader can still be loading are removed (see planPrune). A crash at any point leaves the previous
 * manifest and its files loadable. Call it only while holding the ingest lock (`withIngestLock`).
 */
export async function writeSearchIndex(
  dir: string,
  index: SearchIndex,
  options: WriteOptions = {},
): Promise<IndexManifest> {
  await mkdir(dir, { recursive: true });
  const previous = await currentManifest(dir);
  const generation = createGeneration();
  const names = generationFiles(generation);
  await writeMeetingFile(join(dir, names.data), index.meetings);
  await writeFile(join(dir, names.chunks), encodeChunkTable(index.chunks.values()));
  await writeLexicalIndex(join(dir, names.lexicalTerms), join(dir, names.lexicalPostings), index.lexical);
  index.vectors.save(join(dir, names.vectors));
  const now = Date.now();
  const files = await Promise.all(
    (await readdir(dir)).map(async (name) => ({
      name,
      modifiedMs: (await stat(join(dir, name)).catch(() => undefined))?.mtimeMs ?? now,
    })),
  );
  const plan = planPrune({
    files,
    current: generation,
    ...(previous ? { previous: previous.generation } : {}),
    retired: previous?.retired ?? [],
    now,
    graceMs: options.graceMs ?? GENERATION_GRACE_MS,
  });
  const manifest: IndexManifest = {
    ...index.manifest,
    generation,
    retired: plan.retired,
    builtAt: new Date(now).toISOString(),
  };
  await options.beforeSwap?.();
  await writeAtomically(join(dir, MANIFEST), JSON.stringify(manifest, null, 2));
  for (const name of plan.remove) await rm(join(dir, name), { force: true });
  return manifest;
}
