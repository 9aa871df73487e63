import type { SummaryCache } from './answer/summary-cache.js';
import type { Assistant } from './answer/types.js';
import { createAssistant } from './assistant.js';
import type { ChunkOptions } from './corpus/chunk.js';
import type { FetchLimits } from './corpus/fetch-page.js';
import { createMeetingLibrary, type MeetingLibrary } from './corpus/library.js';
import { IndexError } from './errors.js';
import { type Logger, silentLogger } from './logger.js';
import type { ChatModel } from './providers/types.js';
import type { Embedder } from './search/embedder.js';
import { type IndexExpectation, readSearchIndex, type SearchIndex } from './search/index-store.js';
import { type IngestReport, ingest } from './search/ingest.js';
import type { IngestRunner } from './search/ingest-runner.js';
import { createLocalEmbedder } from './search/local-embedder.js';
import { createLocalSnapshot, openLocalStore } from './search/local-store.js';
import { createRetriever } from './search/retriever.js';
import type { Store, StoreSnapshot } from './search/store.js';
import { DEFAULT_HNSW, type HnswOptions } from './search/vector-index.js';

/** Chunk size and overlap in characters; chosen on the seed QA set (see README, Quality and speed). */
export const DEFAULT_CHUNKING: ChunkOptions = { chunkSize: 200, chunkOverlap: 0 };
/** Dimension of the offline embedder: 128 keeps HNSW recall@10 ≥ 0.95 and ingest ≥ 1,000 chunks/s at 100k chunks (README). */
export const DEFAULT_LOCAL_DIMENSION = 128;

/** Which store the engine reads: the index folder (default) or a Postgres database with pgvector. */
export type StoreChoice = { kind: 'local' } | { kind: 'postgres'; databaseUrl: string };

/** Everything needed to open (and if necessary build) the engine. */
export interface EngineOptions {
  /** Default local (files in `indexDir`); Postgres is never built by readers (run ingest). */
  store?: StoreChoice;
  seedsDir: string;
  indexDir: string;
  logger?: Logger;
  embedder?: Embedder;
  chat?: ChatModel;
  stream?: boolean;
  chunking?: ChunkOptions;
  hnsw?: HnswOptions;
  topK?: number;
  onProgress?: (done: number, total: number) => void;
  /** Build the index when it is missing, corrupt or mismatched (default); false throws that IndexError instead. */
  build?: boolean;
  /** Shared cache of LLM summaries (the Postgres state of replicas); default: files in `indexDir`. */
  summaryCache?: SummaryCache;
}

/**
 * Loads the index from `indexDir`, building it from `seedsDir` when it is missing, corrupt or from another
 * embedder/format (saying why in the log). Returns the ingest report when it had to build.
 */
export async function openIndex(
  options: EngineOptions,
): Promise<{ index: SearchIndex; embedder: Embedder; report?: IngestReport }> {
  const logger = options.logger ?? silentLogger;
  const embedder = options.embedder ?? createLocalEmbedder(DEFAULT_LOCAL_DIMENSION);
  const chunking = options.chunking ?? DEFAULT_CHUNKING;
  const hnsw = options.hnsw ?? DEFAULT_HNSW;
  try {
    const index = await readSearchIndex(options.indexDir, { embedder, chunking, hnsw });
    return { index, embedder };
  } catch (error) {
    if (!(error instanceof IndexError) || options.build === false) throw error;
    // A mismatched or corrupt index is reported by ingest, which discards it.
    if (error.reason === 'missing') logger.info('No index yet; building it now.');
    const { index, report } = await ingest({
      seedsDir: options.seedsDir,
      indexDir: options.indexDir,
      embedder,
      chunking,
      hnsw,
      logger,
      ...(options.onProgress ? { onProgress: options.onProgress } : {}),
    });
    return { index, embedder, report };
  }
}

/** What an index or store must match: the embedder, chunking and HNSW settings of `options` (or the defaults). */
export function engineExpectation(options: EngineOptions, embedder: Embedder): IndexExpectation {
  return {
    embedder: { id: embedder.id, dimension: embedder.dimension },
    chunking: options.chunking ?? DEFAULT_CHUNKING,
    hnsw: options.hnsw ?? DEFAULT_HNSW,
  };
}

/** Opens the configured store read-only (the local one through `openLocalStore`, polling every `pollMs`). */
export async function openStore(options: EngineOptions, embedder: Embedder, pollMs?: number): Promise<Store> {
  const expectation = engineExpectation(options, embedder);
  if (options.store?.kind === 'postgres') {
    const { openPostgresStore } = await import('./search/postgres/postgres-store.js');
    return openPostgresStore({ databaseUrl: options.store.databaseUrl, expectation });
  }
  return openLocalStore({ indexDir: options.indexDir, expectation, ...(pollMs ? { pollMs } : {}) });
}

/**
 * A snapshot of the configured store with the query embedder. The local store is built first when missing, corrupt
 * or mismatched unless `build` is false (see `openIndex`); a Postgres store is only read (IndexMissingError before
 * its first ingest, IndexMismatchError when built with other settings).
 */
export async function openSnapshot(
  options: EngineOptions,
): Promise<{ snapshot: StoreSnapshot; embedder: Embedder; report?: IngestReport }> {
  if (options.store?.kind === 'postgres') {
    const embedder = options.embedder ?? createLocalEmbedder(DEFAULT_LOCAL_DIMENSION);
    const store = await openStore(options, embedder);
    return { snapshot: await store.snapshot(), embedder };
  }
  const { index, embedder, report } = await openIndex(options);
  return { snapshot: createLocalSnapshot(index), embedder, ...(report ? { report } : {}) };
}

/** Creates the assistant over a snapshot; offline unless `chat` is given. */
async function assistantOver(snapshot: StoreSnapshot, embedder: Embedder, options: EngineOptions): Promise<Assistant> {
  const logger = options.logger ?? silentLogger;
  const meetings = await snapshot.meetings();
  if (meetings.length === 0) logger.warn(`The index has no meetings: put .txt or .md files in ${options.seedsDir}`);
  return createAssistant({
    meetings,
    retriever: createRetriever({ store: snapshot, embedder }),
    logger,
    summaryCacheDir: options.indexDir,
    ...(options.summaryCache ? { summaryCache: options.summaryCache } : {}),
    ...(options.chat ? { chat: options.chat } : {}),
    ...(options.stream ? { stream: options.stream } : {}),
    ...(options.topK ? { topK: options.topK } : {}),
  });
}

/** Opens the assistant over the store (building a local index first when needed); offline unless `chat` is given. */
export async function openAssistant(options: EngineOptions): Promise<Assistant> {
  const { snapshot, embedder } = await openSnapshot(options);
  return assistantOver(snapshot, embedder, options);
}

/**
 * An assistant that picks up new store generations: it watches the store (`Store.watch`: the local manifest's
 * generation every `intervalMs`; Postgres by LISTEN plus a poll every second) and, when another process committed an
 * ingest, loads the new snapshot and swaps it in (the old one keeps serving if loading fails). Returns the
 * assistant, a `close` that stops watching and a `reload` that loads now (throws when it cannot).
 */
export async function openReloadingAssistant(
  options: EngineOptions,
  intervalMs = 15_000,
): Promise<{ assistant: Assistant; close: () => void; reload: () => Promise<void> }> {
  const logger = options.logger ?? silentLogger;
  let current = await openAssistant(options);
  const embedder = options.embedder ?? createLocalEmbedder(DEFAULT_LOCAL_DIMENSION);
  const store = await openStore(options, embedder, intervalMs);
  // Load only: building here would block the bot's event loop, which is what the separate ingest avoids.
  const load = async () => {
    current = await assistantOver(await store.snapshot(), embedder, options);
    logger.info('Loaded the rebuilt index.', { meetings: current.meetings().length });
  };
  const stop = store.watch(async () => {
    try {
      await load();
    } catch (error) {
      logger.error('Could not load the rebuilt index; still serving the previous one.', { error });
    }
  });
  const assistant: Assistant = {
    ask: (question, askOptions) => current.ask(question, askOptions),
    summarize: (meeting) => current.summarize(meeting),
    meetings: () => current.meetings(),
    paragraph: (meetingId, n) => current.paragraph(meetingId, n),
    resolveMeeting: (ref) => current.resolveMeeting(ref),
  };
  const close = () => {
    stop();
    void store.close();
  };
  return { assistant, close, reload: load };
}

/** What the serving library needs: the seeds folder, the ingest worker, and the served assistant with its reload. */
export interface ServingLibraryOptions {
  seedsDir: string;
  runner: Pick<IngestRunner, 'run'>;
  assistant: Pick<Assistant, 'meetings'>;
  reload: () => Promise<void>;
  fetchLimits?: FetchLimits;
}

/** The meeting library a running bot uses: re-indexes in the worker thread, then swaps the new index in at once. */
export function createServingLibrary(options: ServingLibraryOptions): MeetingLibrary {
  const { assistant, runner, reload } = options;
  return createMeetingLibrary({
    seedsDir: options.seedsDir,
    ...(options.fetchLimits ? { fetchLimits: options.fetchLimits } : {}),
    meetings: () => assistant.meetings(),
    async reindex() {
      const report = await runner.run();
      await reload();
      return { report, meetings: assistant.meetings() };
    },
  });
}
