import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import type { ChunkOptions } from '../corpus/chunk.js';
import type { HnswOptions } from '../search/vector-index.js';

/** What the fresh process loads. */
export interface ColdLoadRequest {
  indexDir: string;
  dimension: number;
  chunking: ChunkOptions;
  hnsw: HnswOptions;
  /** Searched once after loading (time to first result, jieba dictionary included). */
  query: string;
  /** Load from this Postgres store instead of `indexDir`. */
  databaseUrl?: string;
}

/** Timings (ms) and resident memory (MB) of a fresh process that loaded the index. */
export interface ColdLoadResult {
  /** `readSearchIndex` plus `createRetriever`, module loading excluded. */
  coldLoadMs: number;
  rssMb: number;
  firstSearchMs: number;
  rssAfterSearchMb: number;
  chunks: number;
}

const run = promisify(execFile);
const PROJECT_ROOT = fileURLToPath(new URL('../..', import.meta.url));
const ENTRY = fileURLToPath(new URL('./cold-load-main.ts', import.meta.url));

/** Loads the index in a fresh `node --import tsx` process and returns what it measured; throws when the child fails. */
export async function measureColdLoad(request: ColdLoadRequest): Promise<ColdLoadResult> {
  const { stdout } = await run(process.execPath, ['--import', 'tsx', ENTRY, JSON.stringify(request)], {
    cwd: PROJECT_ROOT,
    maxBuffer: 1024 * 1024,
    timeout: 300_000,
  });
  const line = stdout.trim().split('\n').pop() ?? '';
  try {
    return JSON.parse(line) as ColdLoadResult;
  } catch (error) {
    throw new Error(`cold-load process printed no result: ${stdout.slice(0, 200)}`, { cause: error });
  }
}
