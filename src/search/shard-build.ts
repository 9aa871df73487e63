/**
 * Parallel ingest: one worker thread per HNSW shard segments, embeds (local embedder) and inserts that shard's chunks
 * and builds their BM25 postings; the caller's index takes the results only once every worker has finished.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { Embedder } from './embedder.js';
import type { LexicalIndex, LexicalIndexData } from './lexical-index.js';
import { isHashedEmbedder } from './retrieval-tuning.js';
import type { HnswOptions, VectorIndex } from './vector-index.js';

/** One chunk to add: its label, its text, its meeting's title (embedded with it) and, for other embedders, the text to embed. */
export interface ShardItem {
  label: number;
  text: string;
  title: string;
}

/** Messages to a shard worker. */
export type ShardWorkerRequest =
  | {
      type: 'start';
      dimension: number;
      hnsw: HnswOptions;
      /** An hnswlib file to continue from (the shard's current graph), or none for an empty shard. */
      from?: string;
      /** Vectors this run adds to the shard. */
      capacity: number;
      /** Embed with the local hashed embedder in the worker; otherwise each batch carries its vectors. */
      embedLocally: boolean;
    }
  | { type: 'batch'; labels: number[]; texts: string[]; titles: string[]; vectors?: Float32Array[] }
  | { type: 'finish'; outPath: string };

/** Messages from a shard worker. */
export type ShardWorkerResponse =
  | { type: 'progress'; count: number }
  | { type: 'done'; lexical: LexicalIndexData }
  | { type: 'failed'; message: string };

/** How to run the parallel build. */
export interface ShardBuildOptions {
  embedder: Embedder;
  hnsw: HnswOptions;
  /** Chunks per message to a worker (default 512). */
  batchSize?: number;
  /** Called as chunks are added (done, total). */
  onProgress?: (done: number, total: number) => void;
  /** Parent of the temporary folder for shard files (default the OS temp dir); the folder is always removed. */
  workDir?: string;
  /** The worker's module (default `shard-build-worker.ts`); tests pass a failing one. */
  workerUrl?: string;
}

/** A worker thread or what it reported failed; the message names the shard. */
export class ShardBuildError extends Error {
  override name = 'ShardBuildError';
}

const TSX_API = pathToFileURL(
  join(dirname(createRequire(import.meta.url).resolve('tsx/package.json')), 'dist', 'esm', 'api', 'index.mjs'),
).href;
const WORKER_URL = new URL('./shard-build-worker.ts', import.meta.url).href;

function bootstrap(workerUrl: string): string {
  return `import(${JSON.stringify(TSX_API)}).then(({ register }) => { register(); return import(${JSON.stringify(workerUrl)}); });`;
}

/** A running shard worker: `done` settles with its lexical postings, or rejects when it fails, throws or exits. */
interface RunningShard {
  worker: Worker;
  done: Promise<LexicalIndexData>;
}

function startShard(shard: number, workerUrl: string, onProgress: (count: number) => void): RunningShard {
  const worker = new Worker(bootstrap(workerUrl), { eval: true });
  const done = new Promise<LexicalIndexData>((resolve, reject) => {
    const fail = (why: string) => reject(new ShardBuildError(`vector shard ${shard} build worker failed: ${why}`));
    worker.on('message', (message: ShardWorkerResponse) => {
      if (message.type === 'progress') onProgress(message.count);
      else if (message.type === 'done') resolve(message.lexical);
      else fail(message.message);
    });
    worker.on('error', (error) => fail(error.message));
    worker.on('exit', (code) => fail(`exited with status ${code} before finishing`));
  });
  return { worker, done };
}

/** Sends every item to its shard's worker in batches; the vectors come from `embedder` unless the workers embed. */
async function sendBatches(
  running: RunningShard[],
  items: readonly ShardItem[],
  vectors: VectorIndex,
  options: ShardBuildOptions,
  embedLocally: boolean,
  stopped: () => boolean,
): Promise<void> {
  const batchSize = options.batchSize ?? 512;
  for (let offset = 0; offset < items.length && !stopped(); offset += batchSize) {
    const batch = items.slice(offset, offset + batchSize);
    const embedded = embedLocally
      ? undefined
      : await options.embedder.embed(batch.map((item) => `${item.title}\n${item.text}`));
    if (embedded?.some((vector) => vector?.length !== vectors.dimension))
      throw new Error(`embedder returned a vector of the wrong size in the batch at ${offset}`);
    running.forEach(({ worker }, shard) => {
      const picked = batch.flatMap((item, i) => (vectors.shardOf(item.label) === shard ? [i] : []));
      if (picked.length === 0) return;
      const request: ShardWorkerRequest = {
        type: 'batch',
        labels: picked.map((i) => (batch[i] as ShardItem).label),
        texts: picked.map((i) => (batch[i] as ShardItem).text),
        titles: picked.map((i) => (batch[i] as ShardItem).title),
        ...(embedded ? { vectors: picked.map((i) => embedded[i] as Float32Array) } : {}),
      };
      worker.postMessage(request);
    });
  }
}

/**
 * Adds `items` (labels new to both indexes) to `vectors` and `lexical` with one worker per shard. Both indexes are
 * changed only after every worker finished; on any failure they stay as they were, the workers are stopped, the
 * temporary shard files removed, and ShardBuildError (or the embedder's error) is thrown.
 */
export async function addInWorkers(
  target: { vectors: VectorIndex; lexical: LexicalIndex },
  items: readonly ShardItem[],
  options: ShardBuildOptions,
): Promise<void> {
  const { vectors } = target;
  const workDir = await mkdtemp(join(options.workDir ?? tmpdir(), 'shard-build-'));
  const embedLocally = isHashedEmbedder(options.embedder) && options.embedder.embedTokens !== undefined;
  const running: RunningShard[] = [];
  let added = 0;
  let failed = false;
  try {
    const perShard = Array.from({ length: vectors.shardCount }, () => [] as number[]);
    for (const item of items) perShard[vectors.shardOf(item.label)]?.push(item.label);
    for (let shard = 0; shard < vectors.shardCount; shard++) {
      const from = vectors.storedInShard(shard) > 0 ? join(workDir, `from.${shard}.hnsw`) : undefined;
      if (from) vectors.saveShard(shard, from);
      const shardRun = startShard(shard, options.workerUrl ?? WORKER_URL, (count) => {
        added += count;
        options.onProgress?.(added, items.length);
      });
      shardRun.done.catch(() => {
        failed = true;
      });
      running.push(shardRun);
      const start: ShardWorkerRequest = {
        type: 'start',
        dimension: vectors.dimension,
        hnsw: options.hnsw,
        capacity: perShard[shard]?.length ?? 0,
        embedLocally,
        ...(from ? { from } : {}),
      };
      shardRun.worker.postMessage(start);
    }
    await sendBatches(running, items, vectors, options, embedLocally, () => failed);
    running.forEach(({ worker }, shard) => {
      const finish: ShardWorkerRequest = { type: 'finish', outPath: join(workDir, `built.${shard}.hnsw`) };
      worker.postMessage(finish);
    });
    const parts = await Promise.all(running.map(({ done }) => done));
    // Their graphs are on disk and their postings here: stop them now, before this thread loads the graphs.
    await Promise.all(running.map(({ worker }) => worker.terminate()));
    const swap = await vectors.prepareShards(
      running.map((_, shard) => join(workDir, `built.${shard}.hnsw`)),
      perShard,
    );
    target.lexical.addData(parts);
    swap();
  } finally {
    await Promise.all(running.map(({ worker }) => worker.terminate()));
    await rm(workDir, { recursive: true, force: true });
  }
}
