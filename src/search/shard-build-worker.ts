/**
 * Worker-thread entry of the parallel ingest (`addInWorkers`): builds one HNSW shard and the BM25 postings of its
 * chunks, segmenting (and, with the local embedder, embedding) them here, then writes the graph to a file and
 * answers with the postings (transferred, not copied).
 */
import { parentPort } from 'node:worker_threads';
import hnswlib from 'hnswlib-node';
import { LexicalIndex } from './lexical-index.js';
import { embedTokensLocally } from './local-embedder.js';
import type { ShardWorkerRequest, ShardWorkerResponse } from './shard-build.js';
import { type TextTokens, termsOf, tokenizeText } from './tokenize.js';
import { createHnsw, reserveHnsw } from './vector-index.js';

const port = parentPort;
if (!port) throw new Error('shard-build-worker must run in a worker thread');

type Start = Extract<ShardWorkerRequest, { type: 'start' }>;
type Batch = Extract<ShardWorkerRequest, { type: 'batch' }>;

let settings: Start | undefined;
let graph: InstanceType<typeof hnswlib.HierarchicalNSW> | undefined;
const lexical = new LexicalIndex();
const titles = new Map<string, TextTokens>();

const post = (message: ShardWorkerResponse, transfer: ArrayBuffer[] = []) => port.postMessage(message, transfer);

function start(request: Start): void {
  settings = request;
  if (request.from) {
    graph = new hnswlib.HierarchicalNSW('cosine', request.dimension);
    graph.readIndexSync(request.from);
    reserveHnsw(graph, request.capacity);
  } else {
    graph = createHnsw(request.dimension, request.hnsw, request.capacity);
  }
}

function addBatch(batch: Batch): void {
  if (!settings || !graph) throw new Error('batch before start');
  const { dimension, embedLocally } = settings;
  batch.labels.forEach((label, i) => {
    const tokens = tokenizeText(batch.texts[i] ?? '');
    const title = batch.titles[i] ?? '';
    let titleTokens = titles.get(title);
    if (!titleTokens) {
      titleTokens = tokenizeText(title);
      titles.set(title, titleTokens);
    }
    const vector = embedLocally ? embedTokensLocally([titleTokens, tokens], dimension) : batch.vectors?.[i];
    if (!vector || vector.length !== dimension)
      throw new Error(`no vector of ${dimension} dimensions for chunk ${label}`);
    graph?.addPoint(Array.from(vector), label);
    lexical.add(label, termsOf(tokens));
  });
  post({ type: 'progress', count: batch.labels.length });
}

function finish(outPath: string): void {
  if (!graph) throw new Error('finish before start');
  graph.writeIndexSync(outPath);
  const data = lexical.toData();
  const buffers = [data.sizes, data.lengths, data.labels, data.tfs].map((array) => array.buffer as ArrayBuffer);
  post({ type: 'done', lexical: data }, buffers);
}

port.on('message', (request: ShardWorkerRequest) => {
  try {
    if (request.type === 'start') start(request);
    else if (request.type === 'batch') addBatch(request);
    else finish(request.outPath);
  } catch (error) {
    post({ type: 'failed', message: error instanceof Error ? error.message : String(error) });
  }
});
