/** Worker-thread entry of the ingest runner: runs `ingest` on request, so indexing never blocks the bot's event loop. */
import { parentPort } from 'node:worker_threads';
import type { ChunkOptions } from '../corpus/chunk.js';
import { preloadPdfjs } from '../corpus/loaders/pdf.js';
import type { Logger } from '../logger.js';
import { createEmbedderFromConfig } from '../providers/from-config.js';
import { ingest } from './ingest.js';
import type { IngestWorkerRequest, IngestWorkerResponse } from './ingest-runner.js';
import type { HnswOptions } from './vector-index.js';

const port = parentPort;
if (!port) throw new Error('ingest-worker must run in a worker thread');

const post = (message: IngestWorkerResponse) => port.postMessage(message);
const logger: Logger = {
  debug: (message, fields) => post({ type: 'log', level: 'debug', message, ...(fields ? { fields } : {}) }),
  info: (message, fields) => post({ type: 'log', level: 'info', message, ...(fields ? { fields } : {}) }),
  warn: (message, fields) => post({ type: 'log', level: 'warn', message, ...(fields ? { fields } : {}) }),
  error: (message, fields) => post({ type: 'log', level: 'error', message, ...(fields ? { fields } : {}) }),
};

port.on('message', async (request: IngestWorkerRequest) => {
  try {
    const config = { ...request.config, seedsDir: request.seedsDir, indexDir: request.indexDir };
    if (config.store.kind === 'postgres') {
      const { ingestToPostgres } = await import('./postgres/postgres-ingest.js');
      const { report } = await ingestToPostgres({
        databaseUrl: config.store.databaseUrl,
        seedsDir: request.seedsDir,
        embedder: await createEmbedderFromConfig(config, logger),
        chunking: request.chunking as ChunkOptions,
        hnsw: request.hnsw as HnswOptions,
        logger,
      });
      post({ type: 'done', id: request.id, report });
      return;
    }
    const { report } = await ingest({
      seedsDir: request.seedsDir,
      indexDir: request.indexDir,
      embedder: await createEmbedderFromConfig(config, logger),
      chunking: request.chunking as ChunkOptions,
      hnsw: request.hnsw as HnswOptions,
      logger,
      // Same lock and generation rules as `npm run ingest`, so the worker and a CLI ingest never write at once.
      lock: { waitMs: config.ingest.lockWaitMs, staleMs: config.ingest.lockStaleMs },
      generationGraceMs: config.ingest.generationGraceMs,
    });
    post({ type: 'done', id: request.id, report });
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    post({ type: 'failed', id: request.id, message });
  }
});
post({ type: 'ready' });
// Loaded now, while the worker idles, so the first uploaded PDF does not wait for it.
void preloadPdfjs()
  .catch(() => undefined)
  .then(() => post({ type: 'warm' }));
