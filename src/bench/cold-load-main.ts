/**
 * Entry run in a fresh process by `measureColdLoad`: loads the index, creates the retriever, runs one search and
 * prints one JSON line of timings and resident memory to stdout (this file is an entry, so it may write output).
 */
import { readSearchIndex } from '../search/index-store.js';
import { createLocalEmbedder } from '../search/local-embedder.js';
import { createLocalSnapshot } from '../search/local-store.js';
import { createRetriever } from '../search/retriever.js';
import type { ColdLoadRequest, ColdLoadResult } from './cold-load.js';

const MB = 1024 * 1024;

const request = JSON.parse(process.argv[2] ?? '{}') as ColdLoadRequest;
const embedder = createLocalEmbedder(request.dimension);
const started = performance.now();
const index = await readSearchIndex(request.indexDir, {
  embedder: { id: embedder.id, dimension: embedder.dimension },
  chunking: request.chunking,
  hnsw: request.hnsw,
});
const retriever = createRetriever({ store: createLocalSnapshot(index), embedder });
const coldLoadMs = performance.now() - started;
const rssMb = process.memoryUsage().rss / MB;
const searchStarted = performance.now();
await retriever.search(request.query, { k: 10 });
const result: ColdLoadResult = {
  coldLoadMs,
  rssMb,
  firstSearchMs: performance.now() - searchStarted,
  rssAfterSearchMb: process.memoryUsage().rss / MB,
  chunks: index.chunks.size,
};
process.stdout.write(`${JSON.stringify(result)}\n`);
