/**
 * The ingest stage as a service the bot and the CLI share: one warm worker thread runs `ingest` (so the caller's
 * event loop keeps serving), one run at a time in this process, restarted after a crash.
 */
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { Config } from '../config.js';
import type { ChunkOptions } from '../corpus/chunk.js';
import { type Logger, silentLogger } from '../logger.js';
import type { IngestReport } from './ingest.js';
import type { HnswOptions } from './vector-index.js';

/** What the runner sends its worker (structured-clonable: the config, not an embedder). */
export interface IngestWorkerRequest {
  id: number;
  seedsDir: string;
  indexDir: string;
  config: Config;
  chunking: ChunkOptions;
  hnsw: HnswOptions;
}

/** What the worker answers: ready, a log line, or the outcome of one request. */
export type IngestWorkerResponse =
  | { type: 'ready' }
  | { type: 'warm' }
  | { type: 'log'; level: 'debug' | 'info' | 'warn' | 'error'; message: string; fields?: Record<string, unknown> }
  | { type: 'done'; id: number; report: IngestReport }
  | { type: 'failed'; id: number; message: string };

/** Where the index is built and with which embedder, chunking and HNSW settings. */
export interface IngestRunnerOptions {
  seedsDir: string;
  indexDir: string;
  config: Config;
  chunking: ChunkOptions;
  hnsw: HnswOptions;
  logger?: Logger;
}

/** Runs ingests off the caller's thread. */
export interface IngestRunner {
  /** Updates the index from the seeds folder; runs queue behind each other. Rejects when the ingest failed or crashed. */
  run(): Promise<IngestReport>;
  /** Resolves once the worker has loaded its large modules (pdfjs), so a first upload is not slowed by them. */
  warm(): Promise<void>;
  /** Stops the worker (a run in progress is abandoned; the index on disk stays as it was). */
  close(): Promise<void>;
}

/**
 * The worker entry is TypeScript: the worker registers tsx's ESM hooks first, then imports it (on Node 20 a worker's
 * `--import` hooks do not apply to its own entry file).
 */
const TSX_API = pathToFileURL(
  join(dirname(createRequire(import.meta.url).resolve('tsx/package.json')), 'dist', 'esm', 'api', 'index.mjs'),
).href;
const WORKER_FILE = new URL('./ingest-worker.ts', import.meta.url).href;
const BOOTSTRAP = `import(${JSON.stringify(TSX_API)}).then(({ register }) => { register(); return import(${JSON.stringify(WORKER_FILE)}); });`;

/** Creates the runner and starts its worker now, so the first run does not pay for loading the engine. */
export function createIngestRunner(options: IngestRunnerOptions): IngestRunner {
  const logger = options.logger ?? silentLogger;
  let worker: Worker | undefined;
  let nextId = 1;
  const pending = new Map<number, { resolve: (report: IngestReport) => void; reject: (error: Error) => void }>();
  let queue: Promise<unknown> = Promise.resolve();
  let markWarm: () => void = () => undefined;
  const warm = new Promise<void>((resolve) => {
    markWarm = resolve;
  });

  const start = (): Worker => {
    const started = new Worker(BOOTSTRAP, { eval: true });
    started.on('message', (message: IngestWorkerResponse) => {
      if (message.type === 'warm') markWarm();
      if (message.type === 'log') logger[message.level](message.message, message.fields);
      if (message.type === 'done') pending.get(message.id)?.resolve(message.report);
      if (message.type === 'failed') pending.get(message.id)?.reject(new Error(message.message));
      if (message.type === 'done' || message.type === 'failed') pending.delete(message.id);
      // An idle worker must not keep the process alive; a busy one must, or a CLI caller would exit mid-run.
      if (pending.size === 0) started.unref();
    });
    const fail = (error: Error) => {
      if (worker === started) worker = undefined;
      for (const job of pending.values()) job.reject(error);
      pending.clear();
    };
    started.on('error', (error) => {
      logger.error('the ingest worker crashed', { error });
      fail(error);
    });
    started.on('exit', (code) => fail(new Error(`the ingest worker exited with status ${code}`)));
    started.unref();
    return started;
  };
  worker = start();

  const runOnce = () =>
    new Promise<IngestReport>((resolve, reject) => {
      worker ??= start();
      const id = nextId++;
      pending.set(id, { resolve, reject });
      worker.ref();
      const { seedsDir, indexDir, config, chunking, hnsw } = options;
      const request: IngestWorkerRequest = {
        id,
        seedsDir,
        indexDir,
        config,
        chunking,
        hnsw,
      };
      worker.postMessage(request);
    });

  return {
    run() {
      const result = queue.then(runOnce, runOnce);
      queue = result.catch(() => undefined);
      return result;
    },
    warm: () => warm,
    async close() {
      const stopping = worker;
      worker = undefined;
      await stopping?.terminate();
    },
  };
}
