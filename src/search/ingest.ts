import { type Chunk, type ChunkOptions, chunkMeeting } from '../corpus/chunk.js';
import type { Meeting } from '../corpus/meeting.js';
import { IndexError } from '../errors.js';
import type { Logger } from '../logger.js';
import type { Embedder } from './embedder.js';
import {
  INDEX_FORMAT_VERSION,
  type IndexExpectation,
  readSearchIndex,
  type SearchIndex,
  type StoredChunk,
  writeSearchIndex,
} from './index-store.js';
import { type AssertLockHeld, type IngestLockOptions, withIngestLock } from './ingest-lock.js';
import { planIngest, reportIngest } from './ingest-plan.js';
import { LexicalIndex } from './lexical-index.js';
import { addInWorkers } from './shard-build.js';
import { type TextTokens, termsOf, tokenizeText } from './tokenize.js';
import { type HnswOptions, VectorIndex } from './vector-index.js';

/** What ingest needs: where documents and the index live, and how to embed and chunk. */
export interface IngestOptions {
  seedsDir: string;
  indexDir: string;
  embedder: Embedder;
  chunking: ChunkOptions;
  hnsw: HnswOptions;
  logger: Logger;
  /** Called as chunks are embedded (done, total). */
  onProgress?: (done: number, total: number) => void;
  /** Embedding batch size. */
  batchSize?: number;
  /** How long to wait for another ingest's lock and when a lock counts as abandoned (see withIngestLock). */
  lock?: Pick<IngestLockOptions, 'waitMs' | 'staleMs'>;
  /** Milliseconds a replaced generation stays on disk for readers (default GENERATION_GRACE_MS). */
  generationGraceMs?: number;
  /**
   * From this many new chunks on, chunks are segmented, embedded (local embedder) and inserted by one worker thread
   * per HNSW shard (default PARALLEL_FROM_CHUNKS); smaller updates run in this thread, where starting workers costs more.
   */
  parallelFromChunks?: number;
}

/** New chunks from which ingest builds in worker threads: below it, starting the workers (~1 s) costs more than it saves. */
export const PARALLEL_FROM_CHUNKS = 20_000;

/** What an ingest did, for the one-line summary and for tests. */
export interface IngestReport {
  documents: number;
  paragraphs: number;
  chunks: number;
  /** Meeting ids whose chunks were embedded in this run (new or changed). */
  embedded: string[];
  /** Meeting ids dropped because their file is gone. */
  removed: string[];
  /** Files that could not be read, with why (their previous version, if any, is kept). */
  failed: { file: string; message: string }[];
  /** Why the previous index was discarded, when it was. */
  rebuiltBecause?: string;
  seconds: number;
}

/** The text embedded for a chunk: the meeting title gives short chunks their context. */
export function embeddingText(meeting: Pick<Meeting, 'title'>, chunk: Pick<Chunk, 'text'>): string {
  return `${meeting.title}\n${chunk.text}`;
}

function emptyIndex(options: IngestOptions): SearchIndex {
  return {
    manifest: {
      formatVersion: INDEX_FORMAT_VERSION,
      embedder: { id: options.embedder.id, dimension: options.embedder.dimension },
      chunking: options.chunking,
      hnsw: { m: options.hnsw.m, efConstruction: options.hnsw.efConstruction },
      generation: '',
      nextLabel: 0,
      documents: [],
      builtAt: '',
    },
    meetings: [],
    chunks: new Map(),
    lexical: new LexicalIndex(),
    vectors: VectorIndex.create(options.embedder.dimension, options.hnsw),
  };
}

/** Opens the existing index for updating, or starts an empty one (saying why when an old one is discarded). */
async function openForUpdate(options: IngestOptions): Promise<{ index: SearchIndex; rebuiltBecause?: string }> {
  const expectation: IndexExpectation = {
    embedder: { id: options.embedder.id, dimension: options.embedder.dimension },
    chunking: options.chunking,
    hnsw: options.hnsw,
  };
  try {
    return { index: await readSearchIndex(options.indexDir, expectation) };
  } catch (error) {
    if (!(error instanceof IndexError)) throw error;
    if (error.reason === 'missing') return { index: emptyIndex(options) };
    options.logger.warn(`Rebuilding the index: ${error.message}`);
    return { index: emptyIndex(options), rebuiltBecause: error.message };
  }
}

/** Removes every chunk of the given meetings from all three structures, in one pass over the chunks. */
function removeMeetings(index: SearchIndex, meetingIds: Set<string>): void {
  if (meetingIds.size === 0) return;
  const labels = [...index.chunks.values()]
    .filter((chunk) => meetingIds.has(chunk.meetingId))
    .map((chunk) => chunk.label);
  index.vectors.remove(labels);
  index.lexical.remove(labels);
  for (const label of labels) index.chunks.delete(label);
}

/** Embeds a batch, through the embedder's token fast path when it has one (each chunk is segmented only once). */
export async function embedBatch(
  embedder: Embedder,
  batch: { meeting: Meeting; chunk: Chunk; title: TextTokens; tokens: TextTokens }[],
): Promise<Float32Array[]> {
  if (embedder.embedTokens) return embedder.embedTokens(batch.map(({ title, tokens }) => [title, tokens]));
  return embedder.embed(batch.map(({ meeting, chunk }) => embeddingText(meeting, chunk)));
}

/** Where a chunk lives, under the next free label. */
function storeChunk(index: SearchIndex, chunk: Chunk): StoredChunk {
  const label = index.manifest.nextLabel++;
  return { label, meetingId: chunk.meetingId, paragraph: chunk.paragraph, start: chunk.start, end: chunk.end };
}

/** Adds chunks through one worker per shard; the index takes them only when every worker succeeded. */
async function addInParallel(
  index: SearchIndex,
  pending: { meeting: Meeting; chunk: Chunk }[],
  options: IngestOptions,
): Promise<void> {
  const stored = pending.map(({ chunk }) => storeChunk(index, chunk));
  await addInWorkers(
    index,
    pending.map(({ meeting, chunk }, i) => ({
      label: (stored[i] as StoredChunk).label,
      text: chunk.text,
      title: meeting.title,
    })),
    {
      embedder: options.embedder,
      hnsw: options.hnsw,
      ...(options.batchSize ? { batchSize: options.batchSize } : {}),
      ...(options.onProgress ? { onProgress: options.onProgress } : {}),
    },
  );
  for (const chunk of stored) index.chunks.set(chunk.label, chunk);
}

async function addMeetings(index: SearchIndex, meetings: Meeting[], options: IngestOptions): Promise<void> {
  const pending: { meeting: Meeting; chunk: Chunk; title: TextTokens }[] = [];
  for (const meeting of meetings) {
    const title = tokenizeText(meeting.title);
    for (const chunk of await chunkMeeting(meeting, options.chunking)) pending.push({ meeting, chunk, title });
  }
  if (pending.length > 0 && pending.length >= (options.parallelFromChunks ?? PARALLEL_FROM_CHUNKS)) {
    if (index.vectors.shardCount > 1) return addInParallel(index, pending, options);
  }
  const batchSize = options.batchSize ?? 256;
  for (let offset = 0; offset < pending.length; offset += batchSize) {
    const batch = pending
      .slice(offset, offset + batchSize)
      .map((item) => ({ ...item, tokens: tokenizeText(item.chunk.text) }));
    const vectors = await embedBatch(options.embedder, batch);
    const items = batch.map(({ chunk, tokens }, i) => {
      const stored = storeChunk(index, chunk);
      const label = stored.label;
      index.chunks.set(label, stored);
      index.lexical.add(label, termsOf(tokens));
      const vector = vectors[i];
      if (!vector || vector.length !== options.embedder.dimension) {
        throw new Error(`embedder returned a vector of the wrong size for chunk ${label}`);
      }
      return { label, vector };
    });
    index.vectors.add(items);
    options.onProgress?.(Math.min(offset + batchSize, pending.length), pending.length);
  }
}

/**
 * Builds or updates the index: only new or changed documents are chunked and embedded, removed ones are deleted,
 * unreadable ones keep their previous version. Holds the ingest lock throughout (a second ingest waits, then
 * updates from what the first wrote; IndexLockedError when the wait runs out). Writes atomically; returns what it did.
 */
export async function ingest(options: IngestOptions): Promise<{ index: SearchIndex; report: IngestReport }> {
  const started = performance.now();
  return withIngestLock(options.indexDir, { ...options.lock, logger: options.logger }, (assertLockHeld) =>
    ingestLocked(options, started, assertLockHeld),
  );
}

/** The body of `ingest`, run while holding the lock. */
async function ingestLocked(
  options: IngestOptions,
  started: number,
  assertLockHeld: AssertLockHeld,
): Promise<{ index: SearchIndex; report: IngestReport }> {
  const { index, rebuiltBecause } = await openForUpdate(options);
  const previous = new Map(index.meetings.map((meeting) => [meeting.id, meeting]));
  const plan = await planIngest(index.meetings, options.seedsDir, options.logger);
  const { corpus, changed, removed, failedIds, current } = plan;
  removeMeetings(index, new Set([...removed, ...changed.map((meeting) => meeting.id)]));
  await addMeetings(index, changed, options);

  const kept = [...previous.values()].filter((meeting) => failedIds.has(meeting.id) && !current.has(meeting.id));
  const meetings = [...corpus.meetings, ...kept].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  index.meetings = meetings.map((meeting, i) => ({ ...meeting, number: i + 1 }));
  const counts = new Map<string, number>();
  for (const chunk of index.chunks.values()) counts.set(chunk.meetingId, (counts.get(chunk.meetingId) ?? 0) + 1);
  index.manifest.documents = index.meetings.map((m) => ({
    id: m.id,
    file: m.file,
    hash: m.hash,
    chunks: counts.get(m.id) ?? 0,
  }));
  if (changed.length > 0 || removed.length > 0 || !index.manifest.generation) {
    index.manifest = await writeSearchIndex(options.indexDir, index, {
      beforeSwap: assertLockHeld,
      ...(options.generationGraceMs === undefined ? {} : { graceMs: options.generationGraceMs }),
    });
  }
  const report = reportIngest(
    plan,
    { meetings: index.meetings, chunks: index.chunks.size },
    rebuiltBecause,
    started,
    options.logger,
  );
  return { index, report };
}
