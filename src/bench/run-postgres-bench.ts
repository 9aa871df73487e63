/**
 * The bench on the Postgres store: the same synthetic corpus and figures as `runBench`, with ingest into Postgres,
 * a cold load (open, snapshot, first search) in a fresh process, search and ask latency over SQL, and recall@10 of
 * pgvector's HNSW against an exact scan in the same database.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_CHUNKING, DEFAULT_LOCAL_DIMENSION, engineExpectation, openAssistant } from '../app.js';
import { median, round } from '../eval/stats.js';
import { silentLogger } from '../logger.js';
import { createLocalEmbedder } from '../search/local-embedder.js';
import { ingestToPostgres } from '../search/postgres/postgres-ingest.js';
import { openPostgresStore } from '../search/postgres/postgres-store.js';
import { createRetriever } from '../search/retriever.js';
import type { StoreSnapshot } from '../search/store.js';
import { DEFAULT_HNSW } from '../search/vector-index.js';
import { measureColdLoad } from './cold-load.js';
import { measureLatency } from './latency.js';
import { sampleQueries } from './queries.js';
import { createRandom } from './random.js';
import type { BenchOptions, BenchReport } from './run-bench.js';
import { loadVocabulary, writeSyntheticCorpus } from './synthetic-corpus.js';

const MB = 1024 * 1024;

/** Share of the exact top `k` (ties at the k-th similarity count as found) that the HNSW search returned. */
async function measureRecall(snapshot: StoreSnapshot, vectors: Float32Array[], k: number): Promise<number> {
  const meetingIds = (await snapshot.meetings()).map((meeting) => meeting.id);
  let found = 0;
  let total = 0;
  for (const vector of vectors) {
    const approximate = await snapshot.searchVectors(vector, { k });
    // A filter naming every meeting takes the exact path (a sequential scan ordered by distance).
    const exact = await snapshot.searchVectors(vector, { k, filter: { meetingIds } });
    const kth = exact.at(-1)?.similarity ?? 1;
    found += approximate.filter((hit) => hit.similarity >= kth - 1e-6).length;
    total += exact.length;
  }
  return total === 0 ? 1 : found / total;
}

/**
 * Builds the synthetic corpus, ingests it into the (empty, or emptied by the settings change) database at
 * `databaseUrl` and measures it. `note` receives progress lines. Throws when ingest or the cold-load process fails.
 */
export async function runPostgresBench(options: BenchOptions & { databaseUrl: string }): Promise<BenchReport> {
  const chunking = options.chunking ?? DEFAULT_CHUNKING;
  const hnsw = options.hnsw ?? DEFAULT_HNSW;
  const dimension = options.dimension ?? DEFAULT_LOCAL_DIMENSION;
  const log = options.log ?? (() => {});
  const embedder = createLocalEmbedder(dimension);
  const root = await mkdtemp(join(options.workDir ?? tmpdir(), 'meeting-bench-pg-'));
  try {
    const vocabulary = await loadVocabulary(options.seedsDir);
    const seedsDir = join(root, 'seeds');
    const files = await writeSyntheticCorpus({
      vocabulary,
      dir: seedsDir,
      chunks: options.chunks,
      chunkSize: chunking.chunkSize,
    });
    log(`synthetic corpus: ${options.chunks} paragraphs in ${files} files; ingesting into Postgres (measured once)`);
    let peakRss = process.memoryUsage().rss;
    const sampler = setInterval(() => {
      peakRss = Math.max(peakRss, process.memoryUsage().rss);
    }, 200);
    const started = performance.now();
    const { report } = await ingestToPostgres({
      databaseUrl: options.databaseUrl,
      seedsDir,
      embedder,
      chunking,
      hnsw,
      logger: silentLogger,
      onProgress: (done, total) => {
        if (done === total || done % 10_000 < 2000) log(`  ingested ${done}/${total} paragraphs`);
      },
    });
    clearInterval(sampler);
    const seconds = (performance.now() - started) / 1000;
    const ingestChunksPerSec = report.chunks / seconds;
    log(
      `ingest: ${report.chunks} chunks in ${seconds.toFixed(1)} s (${Math.round(ingestChunksPerSec)} chunks/s), peak rss of this process ${Math.round(peakRss / MB)} MB`,
    );
    const expectation = engineExpectation({ seedsDir, indexDir: root, chunking, hnsw }, embedder);
    const store = await openPostgresStore({ databaseUrl: options.databaseUrl, expectation });
    try {
      const { rows } = await store.pool.query<{ bytes: string }>(
        'SELECT pg_database_size(current_database()) AS bytes',
      );
      const queries = sampleQueries(vocabulary, options.queries ?? 200, createRandom(7));
      const colds = [];
      for (let run = 0; run < Math.min(Math.max(1, options.repeats ?? 3), 3); run++) {
        colds.push(
          await measureColdLoad({
            indexDir: root,
            query: queries[0] ?? '会议',
            dimension,
            chunking,
            hnsw,
            databaseUrl: options.databaseUrl,
          }),
        );
      }
      const coldLoadMs = median(colds.map((cold) => cold.coldLoadMs));
      log(
        `cold load in a fresh node process (median of ${colds.length}): open + snapshot ${coldLoadMs.toFixed(0)} ms, first search ${colds[0]?.firstSearchMs.toFixed(0)} ms, rss ${colds[0]?.rssAfterSearchMb.toFixed(0)} MB (the database server not included)`,
      );
      const snapshot = await store.snapshot();
      const retriever = createRetriever({ store: snapshot, embedder });
      const searchMs = await measureLatency(queries, (query) => retriever.search(query, { k: 10 }));
      log(`search k=10 over ${queries.length} queries: p50 ${searchMs.p50} ms, p95 ${searchMs.p95} ms`);
      const engine = { seedsDir, indexDir: root, embedder, chunking, hnsw, logger: silentLogger };
      const assistant = await openAssistant({
        ...engine,
        store: { kind: 'postgres', databaseUrl: options.databaseUrl },
      });
      const askMs = await measureLatency(queries, (query) => assistant.ask(query));
      log(`offline ask over ${queries.length} queries: p50 ${askMs.p50} ms, p95 ${askMs.p95} ms`);
      const vectors = await embedder.embed(queries.slice(0, 100));
      const recall = await measureRecall(snapshot, vectors, 10);
      log(`pgvector HNSW vs exact scan (ef_search ${Math.min(1000, hnsw.efSearch)}): recall@10 ${recall.toFixed(4)}`);
      return {
        chunks: report.chunks,
        ingestChunksPerSec: Math.round(ingestChunksPerSec),
        indexBytes: Number(rows[0]?.bytes ?? 0),
        coldLoadMs: round(coldLoadMs, 1),
        firstSearchMs: round(median(colds.map((cold) => cold.firstSearchMs)), 1),
        ingestPeakRssMb: Math.round(peakRss / MB),
        loadAverage: round(loadavg()[0] ?? 0, 2),
        rssMb: round(median(colds.map((cold) => cold.rssMb)), 1),
        searchMs,
        askMs,
        hnswRecallAt10: round(recall, 4),
      };
    } finally {
      await store.close();
    }
  } finally {
    if (options.keep) log(`kept ${root}`);
    else await rm(root, { recursive: true, force: true });
  }
}
