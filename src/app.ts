import { stat } from 'node:fs/promises';
import { join } from 'node:path';
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
import { readSearchIndex, type SearchIndex } from './search/index-store.js';
import { type IngestReport, ingest } from './search/ingest.js';
import type { IngestRunner } from './search/ingest-runner.js';
import { createLocalEmbedder } from './search/local-embedder.js';
import { createRetriever } from './search/retriever.js';
import { DEFAULT_HNSW, type HnswOptions } from './search/vector-index.js';

/** Chunk size and overlap in characters; chosen on the seed QA set (see README, Quality and speed). */
export const DEFAULT_CHUNKING: ChunkOptions = { chunkSize: 200, chunkOverlap: 0 };
/** Dimension of the offline embedder: 128 keeps HNSW recall@10 ≥ 0.95 and ingest ≥ 1,000 chunks/s at 100k chunks (README). */
export const DEFAULT_LOCAL_DIMENSION = 128;

/** Everything needed to open (and if necessary build) the engine. */
export interface EngineOptions {
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

/** Opens the assistant over the index (building it first when needed); offline unless `chat` is given. */
export async function openAssistant(options: EngineOptions): Promise<Assistant> {
  const logger = options.logger ?? silentLogger;
  const { index, embedder } = await openIndex(options);
  if (index.meetings.length === 0)
    logger.warn(`The index has no meetings: put .txt or .md files in ${options.seedsDir}`);
  return createAssistant({
    index,
    retriever: createRetriever({ index, embedder }),
    logger,
    summaryCacheDir: options.indexDir,
    ...(options.summaryCache ? { summaryCache: options.summaryCache } : {}),
    ...(options.chat ? { chat: options.chat } : {}),
    ...(options.stream ? { stream: options.stream } : {}),
    ...(options.topK ? { topK: options.topK } : {}),
  });
}

/**
 * An assistant that picks up a rebuilt index: every `intervalMs` it checks the manifest's modification time and,
 * when a separate `npm run ingest` process has replaced it, loads the new index and swaps it in (the old one keeps
 * serving if loading fails). Returns the assistant, a `close` that stops watching and a `reload` that loads now.
 */
export async function openReloadingAssistant(
  options: EngineOptions,
  intervalMs = 15_000,
): Promise<{ assistant: Assistant; close: () => void; reload: () => Promise<void> }> {
  const logger = options.logger ?? silentLogger;
  const manifestPath = join(options.indexDir, 'manifest.json');
  const modified = async () => (await stat(manifestPath).catch(() => undefined))?.mtimeMs ?? 0;
  let current = await openAssistant(options);
  let seen = await modified();
  // Load only: building here would block the bot's event loop, which is what the separate ingest avoids.
  const load = async () => {
    current = await openAssistant({ ...options, build: false });
    logger.info('Loaded the rebuilt index.', { meetings: current.meetings().length });
  };
  const timer = setInterval(async () => {
    const now = await modified();
    if (now === seen || now === 0) return;
    seen = now;
    try {
      await load();
    } catch (error) {
      logger.error('Could not load the rebuilt index; still serving the previous one.', { error });
    }
  }, intervalMs);
  timer.unref();
  const assistant: Assistant = {
    ask: (question, askOptions) => current.ask(question, askOptions),
    summarize: (meeting) => current.summarize(meeting),
    meetings: () => current.meetings(),
    paragraph: (meetingId, n) => current.paragraph(meetingId, n),
    resolveMeeting: (ref) => current.resolveMeeting(ref),
  };
  /** Loads the index now (after an ingest this process asked for) instead of at the next poll; throws when it cannot. */
  const reload = async () => {
    seen = await modified();
    await load();
  };
  return { assistant, close: () => clearInterval(timer), reload };
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
