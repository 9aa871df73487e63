import { parseArgs } from 'node:util';
import { DEFAULT_LOCAL_DIMENSION } from '../app.js';
import type { Config } from '../config.js';
import { InvalidQuestionError } from '../errors.js';
import { parseStoreFlag, type StoreFlag } from '../eval/store-flag.js';
import type { Logger } from '../logger.js';
import { DEFAULT_HNSW } from '../search/vector-index.js';
import { formatBenchReport } from './format.js';
import { type BenchOptions, type BenchReport, runBench } from './run-bench.js';

/** The bench on DATABASE_URL (which it empties: the corpus replaces its meetings) or on an embedded PGlite. */
async function benchPostgres(
  flag: Exclude<StoreFlag, 'local'>,
  options: BenchOptions,
  config: Config,
): Promise<BenchReport> {
  const { runPostgresBench } = await import('./run-postgres-bench.js');
  if (flag === 'postgres') {
    if (config.store.kind !== 'postgres') {
      const message = '--store postgres needs DATABASE_URL (or use --store pglite for an embedded one)';
      throw new InvalidQuestionError(message, message);
    }
    return runPostgresBench({ ...options, databaseUrl: config.store.databaseUrl });
  }
  const { startPgliteServer } = await import('../search/postgres/pglite-server.js');
  const server = await startPgliteServer();
  options.log?.(
    `embedded PGlite + pgvector on ${server.url} (in this process: its memory counts in this process's rss)`,
  );
  try {
    return await runPostgresBench({ ...options, databaseUrl: server.url });
  } finally {
    await server.stop();
  }
}

/** Chunks benchmarked when `--chunks` is not given (about a minute on two cores). */
export const DEFAULT_BENCH_CHUNKS = 10_000;

/** What the CLI hands the bench command; `write` gets the report (stdout), `note` the progress lines (stderr). */
export interface BenchCommandContext {
  config: Config;
  logger: Logger;
  write?: (text: string) => void;
  note?: (line: string) => void;
}

function readCount(value: string | undefined, flag: string, fallback: number, max: number): number {
  if (value === undefined) return fallback;
  const count = Number(value.replace(/_/g, ''));
  if (!Number.isInteger(count) || count < 1 || count > max) {
    const message = `${flag} must be an integer from 1 to ${max}, got "${value}"`;
    throw new InvalidQuestionError(message, message);
  }
  return count;
}

/**
 * `bench [--json] [--chunks N] [--repeats N] [--queries N] [--keep] [--ef-construction N] [--shards N]`: benchmarks the offline pipeline on a synthetic
 * corpus made from the seeds (local embedder, configured efSearch) and prints the report; progress goes to stderr.
 * Throws InvalidQuestionError on bad flags.
 */
export async function commandBench(args: string[], context: BenchCommandContext): Promise<void> {
  const { values } = parseArgs({
    args,
    options: {
      json: { type: 'boolean' },
      chunks: { type: 'string' },
      repeats: { type: 'string' },
      queries: { type: 'string' },
      keep: { type: 'boolean' },
      store: { type: 'string' },
      'ef-construction': { type: 'string' },
      shards: { type: 'string' },
    },
  });
  const { config } = context;
  const write = context.write ?? ((text: string) => process.stdout.write(text));
  const note = context.note ?? ((line: string) => process.stderr.write(`${line}\n`));
  const storeFlag = parseStoreFlag(values.store, config);
  const benchOptions = {
    chunks: readCount(values.chunks, '--chunks', DEFAULT_BENCH_CHUNKS, 10_000_000),
    repeats: readCount(values.repeats, '--repeats', 3, 100),
    queries: readCount(values.queries, '--queries', 200, 100_000),
    seedsDir: config.seedsDir,
    keep: values.keep ?? false,
    hnsw: {
      ...DEFAULT_HNSW,
      efSearch: config.retrieval.efSearch,
      efConstruction: readCount(values['ef-construction'], '--ef-construction', DEFAULT_HNSW.efConstruction, 10_000),
      shards: readCount(values.shards, '--shards', DEFAULT_HNSW.shards ?? 1, 64),
    },
    dimension: config.embedding.provider === 'local' ? config.embedding.dimension : DEFAULT_LOCAL_DIMENSION,
    log: note,
  };
  const report =
    storeFlag === 'local' ? await runBench(benchOptions) : await benchPostgres(storeFlag, benchOptions, config);
  write(`${values.json ? JSON.stringify(report) : formatBenchReport(report)}\n`);
}
