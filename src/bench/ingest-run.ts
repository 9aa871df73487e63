import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import type { ChunkOptions } from '../corpus/chunk.js';
import type { HnswOptions } from '../search/vector-index.js';

/** What the fresh process ingests. */
export interface IngestRunRequest {
  seedsDir: string;
  indexDir: string;
  dimension: number;
  chunking: ChunkOptions;
  hnsw: HnswOptions;
}

/** Wall time and CPU time (s, module loading excluded) and peak resident memory (MB) of one ingest. */
export interface IngestRunResult {
  chunks: number;
  seconds: number;
  /** User plus system time of the whole process, worker threads included. */
  cpuSeconds: number;
  peakRssMb: number;
}

const run = promisify(execFile);
const PROJECT_ROOT = fileURLToPath(new URL('../..', import.meta.url));
const ENTRY = fileURLToPath(new URL('./ingest-main.ts', import.meta.url));

/** Ingests in a fresh `node --import tsx` process and returns what it measured; throws when the child fails. */
export async function measureIngestRun(request: IngestRunRequest): Promise<IngestRunResult> {
  const { stdout } = await run(process.execPath, ['--import', 'tsx', ENTRY, JSON.stringify(request)], {
    cwd: PROJECT_ROOT,
    maxBuffer: 1024 * 1024,
    timeout: 1_800_000,
  });
  const line = stdout.trim().split('\n').pop() ?? '';
  try {
    return JSON.parse(line) as IngestRunResult;
  } catch (error) {
    throw new Error(`ingest process printed no result: ${stdout.slice(0, 200)}`, { cause: error });
  }
}
