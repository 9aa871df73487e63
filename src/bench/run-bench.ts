import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_CHUNKING, DEFAULT_LOCAL_DIMENSION, openAssistant, openIndex } from '../app.js';
import type { ChunkOptions } from '../corpus/chunk.js';
import { median, round } from '../eval/stats.js';
import { silentLogger } from '../logger.js';
import { ingest } from '../search/ingest.js';
import { createLocalEmbedder } from '../search/local-embedder.js';
import { createLocalSnapshot } from '../search/local-store.js';
import { createRetriever } from '../search/retriever.js';
import { DEFAULT_HNSW, type HnswOptions } from '../search/vector-index.js';
import { measureColdLoad } from './cold-load.js';
import { directoryBytes } from './disk-usage.js';
import { copyVectors, measureHnswRecall } from './hnsw-recall.js';
import { type LatencySummary, measureLatency } from './latency.js';
import { sampleQueries } from './queries.js';
import { createRandom } from './random.js';
import { loadVocabulary, writeSyntheticCorpus } from './synthetic-corpus.js';

/** The bench summary: throughput in chunks/s, sizes in bytes and MB, times in ms, recall 0..1. */
export interface BenchReport {
  chunks: number;
  ingestChunksPerSec: number;
  indexBytes: number;
  coldLoadMs: number;
  rssMb: number;
  searchMs: LatencySummary;
  askMs: LatencySummary;
  hnswRecallAt10: number;
}

/** What to build and how often to measure; the engine settings default to the app's. */
export interface BenchOptions {
  /** Chunks in the synthetic corpus. */
  chunks: number;
  /** Runs per measurement, medians reported (default 3; ingest runs once from 50 000 chunks up). */
  repeats?: number;
  /** Seeds whose vocabulary the synthetic corpus is made from. */
  seedsDir: string;
  /** Receives progress and notes, one line each. */
  log?: (line: string) => void;
  /** Queries for search and ask latency and HNSW recall (default 200). */
  queries?: number;
  /** Parent of the temporary corpus and index folders (default the OS temp dir); removed afterwards unless `keep`. */
  workDir?: string;
  keep?: boolean;
  chunking?: ChunkOptions;
  hnsw?: HnswOptions;
  dimension?: number;
}

/** From this size on, ingest is measured once: a 100k-chunk build takes minutes on two cores. */
export const SINGLE_INGEST_FROM_CHUNKS = 50_000;

interface Settings {
  chunking: ChunkOptions;
  hnsw: HnswOptions;
  dimension: number;
  log: (line: string) => void;
}

async function measureIngest(seedsDir: string, root: string, runs: number, settings: Settings) {
  const speeds: number[] = [];
  let indexDir = '';
  let chunks = 0;
  for (let run = 1; run <= runs; run++) {
    if (indexDir) await rm(indexDir, { recursive: true, force: true });
    indexDir = join(root, `index-${run}`);
    const started = performance.now();
    const { report } = await ingest({
      seedsDir,
      indexDir,
      embedder: createLocalEmbedder(settings.dimension),
      chunking: settings.chunking,
      hnsw: settings.hnsw,
      logger: silentLogger,
    });
    const seconds = (performance.now() - started) / 1000;
    chunks = report.chunks;
    speeds.push(chunks / seconds);
    settings.log(
      `ingest run ${run}/${runs}: ${chunks} chunks in ${seconds.toFixed(1)} s (${Math.round(chunks / seconds)} chunks/s)`,
    );
  }
  return { indexDir, chunks, chunksPerSec: median(speeds) };
}

async function measureColdLoads(indexDir: string, query: string, runs: number, settings: Settings) {
  const results = [];
  for (let run = 0; run < runs; run++) {
    const { dimension, chunking, hnsw } = settings;
    results.push(await measureColdLoad({ indexDir, query, dimension, chunking, hnsw }));
  }
  const first = results[0];
  settings.log(
    `cold load in a fresh node process (median of ${runs}): load ${median(results.map((r) => r.coldLoadMs)).toFixed(0)} ms, ` +
      `first search ${first?.firstSearchMs.toFixed(0)} ms, rss ${first?.rssAfterSearchMb.toFixed(0)} MB after it`,
  );
  return { coldLoadMs: median(results.map((r) => r.coldLoadMs)), rssMb: median(results.map((r) => r.rssMb)) };
}

async function measureQueries(seedsDir: string, indexDir: string, queries: string[], settings: Settings) {
  const { chunking, hnsw } = settings;
  const embedder = createLocalEmbedder(settings.dimension);
  const options = { seedsDir, indexDir, logger: silentLogger, embedder, chunking, hnsw };
  const { index } = await openIndex(options);
  const retriever = createRetriever({ store: createLocalSnapshot(index), embedder });
  const searchMs = await measureLatency(queries, (query) => retriever.search(query, { k: 10 }));
  settings.log(`search k=10 over ${queries.length} queries: p50 ${searchMs.p50} ms, p95 ${searchMs.p95} ms`);
  const assistant = await openAssistant(options);
  const askMs = await measureLatency(queries, (query) => assistant.ask(query));
  settings.log(`offline ask over ${queries.length} queries: p50 ${askMs.p50} ms, p95 ${askMs.p95} ms`);
  const matrix = copyVectors(index.vectors, [...index.chunks.keys()]);
  const vectors = await embedder.embed(queries);
  const recall = measureHnswRecall(index.vectors, matrix, vectors, 10);
  const recallAt50 = measureHnswRecall(index.vectors, matrix, vectors, 50);
  settings.log(
    `HNSW vs exact (efSearch ${settings.hnsw.efSearch}): recall@10 ${recall.toFixed(4)}, recall@50 ${recallAt50.toFixed(4)} (retriever depth)`,
  );
  return { searchMs, askMs, recall };
}

/**
 * Builds a synthetic corpus of `chunks` chunks from the seeds' vocabulary and measures the offline pipeline: ingest
 * throughput, index size, cold load and memory (fresh process), search and ask latency, HNSW recall@10 vs exact.
 * Throws when generation, ingest or the cold-load process fails.
 */
export async function runBench(options: BenchOptions): Promise<BenchReport> {
  const settings: Settings = {
    chunking: options.chunking ?? DEFAULT_CHUNKING,
    hnsw: options.hnsw ?? DEFAULT_HNSW,
    dimension: options.dimension ?? DEFAULT_LOCAL_DIMENSION,
    log: options.log ?? (() => {}),
  };
  const repeats = Math.max(1, options.repeats ?? 3);
  const root = await mkdtemp(join(options.workDir ?? tmpdir(), 'meeting-bench-'));
  try {
    const vocabulary = await loadVocabulary(options.seedsDir);
    const seedsDir = join(root, 'seeds');
    const files = await writeSyntheticCorpus({
      vocabulary,
      dir: seedsDir,
      chunks: options.chunks,
      chunkSize: settings.chunking.chunkSize,
    });
    settings.log(
      `synthetic corpus: ${options.chunks} paragraphs in ${files} files from ${vocabulary.clauses.length} seed clauses`,
    );
    const ingestRuns = options.chunks >= SINGLE_INGEST_FROM_CHUNKS ? 1 : repeats;
    if (ingestRuns < repeats)
      settings.log(`ingest measured once (${options.chunks} chunks ≥ ${SINGLE_INGEST_FROM_CHUNKS})`);
    const built = await measureIngest(seedsDir, root, ingestRuns, settings);
    const queries = sampleQueries(vocabulary, options.queries ?? 200, createRandom(7));
    const cold = await measureColdLoads(built.indexDir, queries[0] ?? '会议', Math.min(repeats, 3), settings);
    const measured = await measureQueries(seedsDir, built.indexDir, queries, settings);
    return {
      chunks: built.chunks,
      ingestChunksPerSec: Math.round(built.chunksPerSec),
      indexBytes: await directoryBytes(built.indexDir),
      coldLoadMs: round(cold.coldLoadMs, 1),
      rssMb: round(cold.rssMb, 1),
      searchMs: measured.searchMs,
      askMs: measured.askMs,
      hnswRecallAt10: round(measured.recall, 4),
    };
  } finally {
    if (options.keep) settings.log(`kept ${root}`);
    else await rm(root, { recursive: true, force: true });
  }
}
