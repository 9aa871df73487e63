import { randomBytes } from 'node:crypto';
import { mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { ChunkOptions } from '../corpus/chunk.js';
import type { Meeting } from '../corpus/meeting.js';
import { IndexMissingError } from '../errors.js';
import type { LexicalIndex } from './lexical-index.js';
import { decodeLexicalIndex, encodeLexicalIndex } from './lexical-store.js';
import { type HnswOptions, VectorIndex } from './vector-index.js';

/** Bump when cleaning, chunk metadata or file layout changes: older indexes are then rebuilt. */
export const INDEX_FORMAT_VERSION = 6;

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
const files = (generation: string) => ({
  data: `data.${generation}.json`,
  lexicalTerms: `lexical.${generation}.json`,
  lexicalPostings: `lexical.${generation}.bin`,
  vectors: `vectors.${generation}.hnsw`,
});

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

/**
 * Loads the index in `dir`. Throws IndexMissingError with reason `missing` (no manifest), `mismatch`
 * (another format, embedder, dimension or chunking) or `corrupt` (any file unreadable or inconsistent).
 */
export async function readSearchIndex(dir: string, expected: IndexExpectation): Promise<SearchIndex> {
  let manifestText: string;
  try {
    manifestText = await readFile(join(dir, MANIFEST), 'utf8');
  } catch (error) {
    throw new IndexMissingError(`no index in ${dir}`, 'missing', { cause: error });
  }
  try {
    const manifest = JSON.parse(manifestText) as IndexManifest;
    if (typeof manifest.generation !== 'string' || !manifest.embedder)
      throw new Error('manifest lacks required fields');
    const mismatch = describeMismatch(manifest, expected);
    if (mismatch) throw new IndexMissingError(`index in ${dir} is incompatible: ${mismatch}`, 'mismatch');
    const names = files(manifest.generation);
    const data = JSON.parse(await readFile(join(dir, names.data), 'utf8')) as {
      meetings: Meeting[];
      chunks: StoredChunk[];
    };
    const lexical = decodeLexicalIndex(
      await readFile(join(dir, names.lexicalTerms), 'utf8'),
      await readFile(join(dir, names.lexicalPostings)),
    );
    const chunks = new Map(data.chunks.map((chunk) => [chunk.label, chunk]));
    const vectors = VectorIndex.load(
      join(dir, names.vectors),
      manifest.embedder.dimension,
      expected.hnsw,
      chunks.keys(),
    );
    if (lexical.size !== chunks.size)
      throw new Error(`lexical index has ${lexical.size} chunks, metadata ${chunks.size}`);
    return { manifest, meetings: data.meetings, chunks, lexical, vectors };
  } catch (error) {
    if (error instanceof IndexMissingError) throw error;
    throw new IndexMissingError(`index in ${dir} is unreadable: ${(error as Error).message}`, 'corrupt', {
      cause: error,
    });
  }
}

/** Writes a file by writing a temporary sibling and renaming it over the target. */
async function writeAtomically(path: string, content: string): Promise<void> {
  const temporary = `${path}.${randomBytes(4).toString('hex')}.tmp`;
  await writeFile(temporary, content);
  await rename(temporary, path);
}

/**
 * Persists an index atomically: data files go under a new generation, then the manifest is swapped by rename,
 * then old generations are removed. A crash at any point leaves the previous manifest and its files loadable.
 */
export async function writeSearchIndex(dir: string, index: SearchIndex): Promise<IndexManifest> {
  await mkdir(dir, { recursive: true });
  const generation = `${Date.now().toString(36)}-${randomBytes(3).toString('hex')}`;
  const names = files(generation);
  const manifest: IndexManifest = { ...index.manifest, generation, builtAt: new Date().toISOString() };
  await writeFile(
    join(dir, names.data),
    JSON.stringify({ meetings: index.meetings, chunks: [...index.chunks.values()] }),
  );
  const lexical = encodeLexicalIndex(index.lexical);
  await writeFile(join(dir, names.lexicalTerms), lexical.terms);
  await writeFile(join(dir, names.lexicalPostings), lexical.postings);
  index.vectors.save(join(dir, names.vectors));
  await writeAtomically(join(dir, MANIFEST), JSON.stringify(manifest, null, 2));
  for (const name of await readdir(dir)) {
    const stale = /^(?:data|lexical|vectors)\.(.+)\.(?:json|bin|hnsw)$/.exec(name);
    if ((stale && stale[1] !== generation) || name.endsWith('.tmp')) await rm(join(dir, name), { force: true });
  }
  return manifest;
}
