/**
 * Entry run in a fresh process by `measureIngestRun`: ingests the corpus and prints one JSON line with the time, the
 * process's CPU time and its peak resident memory (worker threads included), so the figure is the ingest's alone.
 */
import { silentLogger } from '../logger.js';
import { ingest } from '../search/ingest.js';
import { createLocalEmbedder } from '../search/local-embedder.js';
import type { IngestRunRequest, IngestRunResult } from './ingest-run.js';

const request = JSON.parse(process.argv[2] ?? '{}') as IngestRunRequest;
const before = process.cpuUsage();
const started = performance.now();
const { report } = await ingest({
  seedsDir: request.seedsDir,
  indexDir: request.indexDir,
  embedder: createLocalEmbedder(request.dimension),
  chunking: request.chunking,
  hnsw: request.hnsw,
  logger: silentLogger,
});
const seconds = (performance.now() - started) / 1000;
const cpu = process.cpuUsage(before);
const result: IngestRunResult = {
  chunks: report.chunks,
  seconds,
  cpuSeconds: (cpu.user + cpu.system) / 1e6,
  peakRssMb: process.resourceUsage().maxRSS / 1024,
};
process.stdout.write(`${JSON.stringify(result)}\n`);
