/** Embeddings from any OpenAI-compatible server, batched, with an append-only cache file so a re-ingest does not pay twice. */
import { createHash } from 'node:crypto';
import { appendFile, mkdir, readFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import type OpenAI from 'openai';
import { AppError } from '../errors.js';
import { type Logger, silentLogger } from '../logger.js';
import type { Embedder } from '../search/embedder.js';
import { createOpenAIClient, createUpstreamError, type OpenAIClientOptions, toUpstreamError } from './openai-chat.js';

export interface OpenAIEmbedderOptions extends OpenAIClientOptions {
  model: string;
  /** Expected vector length; learned from the first vector (cached or fetched) when omitted. */
  dimension?: number | undefined;
  /** Texts per request; default 64. */
  batchSize?: number | undefined;
  /** JSONL cache of normalized vectors keyed by sha256(model + '\n' + text); created on first write. */
  cacheFile?: string | undefined;
}

/** An Embedder whose dimension may be unknown until the first vector is seen. */
export interface OpenAIEmbedder extends Embedder {
  /** Embeds a short probe text (free once cached) when the dimension is still unknown, and returns the dimension. */
  probeDimension(): Promise<number>;
}

const DEFAULT_BATCH_SIZE = 64;
const PROBE_TEXT = 'dimension probe';

function cacheKey(model: string, text: string): string {
  return createHash('sha256').update(`${model}\n${text}`).digest('hex');
}

function normalize(values: ArrayLike<number>): Float32Array {
  const vector = Float32Array.from(values);
  const norm = Math.hypot(...vector);
  return norm > 0 ? vector.map((value) => value / norm) : vector;
}

function decodeBase64(text: string): Float32Array | undefined {
  const bytes = Buffer.from(text, 'base64');
  if (bytes.length === 0 || bytes.length % 4 !== 0) return undefined;
  const vector = new Float32Array(bytes.length / 4);
  for (let i = 0; i < vector.length; i++) vector[i] = bytes.readFloatLE(i * 4);
  return vector;
}

function encodeBase64(vector: Float32Array): string {
  const bytes = Buffer.alloc(vector.length * 4);
  vector.forEach((value, i) => {
    bytes.writeFloatLE(value, i * 4);
  });
  return bytes.toString('base64');
}

/** Servers that ignore `encoding_format` send plain arrays, so both forms are accepted. */
function decodeEmbedding(embedding: unknown): Float32Array | undefined {
  const vector =
    typeof embedding === 'string'
      ? decodeBase64(embedding)
      : Array.isArray(embedding) && embedding.every((value) => typeof value === 'number')
        ? Float32Array.from(embedding)
        : undefined;
  return vector?.length && vector.every(Number.isFinite) ? normalize(vector) : undefined;
}

function parseCacheLine(line: string): [string, Float32Array] | undefined {
  try {
    const entry: unknown = JSON.parse(line);
    const { key, vector } = entry as { key?: unknown; vector?: unknown };
    if (typeof key !== 'string' || typeof vector !== 'string') return undefined;
    const decoded = decodeBase64(vector);
    return decoded?.every(Number.isFinite) ? [key, decoded] : undefined;
  } catch {
    return undefined;
  }
}

interface VectorCache {
  vectors: Map<string, Float32Array>;
  append(entries: [string, Float32Array][]): Promise<void>;
}

/** Loads the cache, skipping unreadable lines (a crash mid-append leaves at most one); write failures only log. */
async function loadCache(file: string | undefined, logger: Logger): Promise<VectorCache> {
  const vectors = new Map<string, Float32Array>();
  let content = '';
  if (file) {
    try {
      content = await readFile(file, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT')
        logger.warn('embedding cache unreadable', { file, error });
    }
  }
  const lines = content.split('\n').filter((line) => line.trim());
  for (const line of lines) {
    const entry = parseCacheLine(line);
    if (entry) vectors.set(...entry);
  }
  if (vectors.size < lines.length)
    logger.warn('embedding cache had bad lines', { file, skipped: lines.length - vectors.size });
  let separator = content && !content.endsWith('\n') ? '\n' : '';
  let writes = Promise.resolve();
  const write = async (text: string) => {
    if (!file) return;
    try {
      await mkdir(dirname(file), { recursive: true });
      await appendFile(file, separator + text);
      separator = '';
    } catch (error) {
      logger.warn('embedding cache not written', { file, error });
    }
  };
  return {
    vectors,
    append(entries) {
      for (const [key, vector] of entries) vectors.set(key, vector);
      const text = entries
        .map(([key, vector]) => `${JSON.stringify({ key, vector: encodeBase64(vector) })}\n`)
        .join('');
      writes = writes.then(() => write(text));
      return writes;
    },
  };
}

/** Creates an Embedder (id `openai:<model>`) over `embeddings.create`; `embed` throws UpstreamError, `dimension` throws AppError until known. */
export async function createOpenAIEmbedder(options: OpenAIEmbedderOptions): Promise<OpenAIEmbedder> {
  const { model, logger = silentLogger } = options;
  const batchSize = options.batchSize ?? DEFAULT_BATCH_SIZE;
  const client: OpenAI = createOpenAIClient(options);
  const context = { service: 'embeddings', model, apiKey: options.apiKey } as const;
  const cache = await loadCache(options.cacheFile, logger);
  let dimension = options.dimension;

  const checkDimension = (vector: Float32Array | undefined): vector is Float32Array => {
    if (vector && dimension === undefined) dimension = vector.length;
    return vector !== undefined && vector.length === dimension;
  };

  async function fetchBatch(texts: string[]): Promise<Float32Array[]> {
    const startedAt = Date.now();
    let data: unknown;
    try {
      // Asking for base64 ourselves makes the SDK hand the payload back untouched, so we decode both forms.
      const response = await client.embeddings.create({ model, input: texts, encoding_format: 'base64' });
      data = response.data;
    } catch (error) {
      throw toUpstreamError(error, context);
    }
    const items = Array.isArray(data) ? (data as { index?: unknown; embedding?: unknown }[]) : [];
    const ordered = [...items].sort((a, b) => Number(a.index) - Number(b.index));
    const vectors = ordered.map((item) => decodeEmbedding(item.embedding));
    if (vectors.length !== texts.length) {
      throw createUpstreamError(context, 'bad-response', `expected ${texts.length} vectors, got ${vectors.length}`);
    }
    if (!vectors.every(checkDimension)) {
      throw createUpstreamError(
        context,
        'bad-response',
        `a vector was missing, malformed or not of length ${dimension}`,
      );
    }
    logger.debug('embeddings batch', { model, count: texts.length, ms: Date.now() - startedAt });
    return vectors;
  }

  async function embed(texts: string[]): Promise<Float32Array[]> {
    const keys = texts.map((text) => cacheKey(model, text));
    const missing = new Map<string, string>();
    keys.forEach((key, i) => {
      if (!checkDimension(cache.vectors.get(key))) missing.set(key, texts[i] as string);
    });
    const pending = [...missing];
    for (let start = 0; start < pending.length; start += batchSize) {
      const batch = pending.slice(start, start + batchSize);
      const vectors = await fetchBatch(batch.map(([, text]) => text));
      await cache.append(batch.map(([key], i) => [key, vectors[i] as Float32Array]));
    }
    return keys.map((key) => (cache.vectors.get(key) as Float32Array).slice());
  }

  return {
    id: `openai:${model}`,
    get dimension(): number {
      if (dimension === undefined) {
        throw new AppError(
          `Embedding dimension of ${model} is unknown before the first embed`,
          "内部错误，请告知机器人管理员。 Internal error; please tell the bot's operator.",
        );
      }
      return dimension;
    },
    embed,
    async probeDimension() {
      if (dimension === undefined) await embed([PROBE_TEXT]);
      return dimension as number;
    },
  };
}
