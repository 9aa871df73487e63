import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { UpstreamError } from '../../src/errors.js';
import { createOpenAIEmbedder, type OpenAIEmbedderOptions } from '../../src/providers/openai-embedder.js';
import { type FakeOpenAI, fakeEmbedding, startFakeOpenAI } from '../helpers/fake-openai.js';

const API_KEY = 'sk-test-secret-key-0123456789abcdef';
const MODEL = 'text-embedding-test';
const texts = Array.from({ length: 10 }, (_, i) => `第${i + 1}段：区政府要求在2025年底前完成桐梓河第${i + 1}期整治。`);

function norm(vector: Float32Array): number {
  return Math.hypot(...vector);
}

describe('createOpenAIEmbedder', () => {
  let server: FakeOpenAI;
  let directory: string;
  let options: OpenAIEmbedderOptions;

  beforeEach(async () => {
    server = await startFakeOpenAI({ embeddingDimension: 8 });
    directory = await mkdtemp(join(tmpdir(), 'openai-embedder-'));
    options = { apiKey: API_KEY, baseURL: server.url, model: MODEL, maxRetries: 0, timeoutMs: 2000 };
  });

  afterEach(async () => {
    await server.close();
    await rm(directory, { recursive: true, force: true });
  });

  it('returns one normalized vector per text, in order, across several batches', async () => {
    const embedder = await createOpenAIEmbedder({ ...options, batchSize: 3 });

    const vectors = await embedder.embed(texts);

    expect(server.requests).toHaveLength(4);
    expect(vectors).toHaveLength(texts.length);
    vectors.forEach((vector, i) => {
      expect(norm(vector)).toBeCloseTo(1, 5);
      expect([...vector]).toEqual([...fakeEmbedding(texts[i] as string, 8)]);
    });
  });

  it('asks for base64 and decodes it', async () => {
    const embedder = await createOpenAIEmbedder(options);

    const [vector] = await embedder.embed(['桐梓河']);

    expect(server.requests[0]?.body).toMatchObject({ encoding_format: 'base64', model: MODEL });
    expect([...(vector ?? [])]).toEqual([...fakeEmbedding('桐梓河', 8)]);
  });

  it('accepts float arrays from a server that ignores the requested base64 encoding', async () => {
    const floatServer = await startFakeOpenAI({ ignoreEncodingFormat: true });
    const embedder = await createOpenAIEmbedder({ ...options, baseURL: floatServer.url });

    const [vector] = await embedder.embed(['桐梓河']).finally(() => floatServer.close());

    expect([...(vector ?? [])]).toEqual([...fakeEmbedding('桐梓河', 8)]);
  });

  it('learns the dimension from the first response', async () => {
    const embedder = await createOpenAIEmbedder(options);

    expect(() => embedder.dimension).toThrow(/unknown/);
    expect(await embedder.probeDimension()).toBe(8);
    expect(embedder.dimension).toBe(8);
  });

  it('is identified by the model name', async () => {
    const embedder = await createOpenAIEmbedder(options);

    expect(embedder.id).toBe('openai:text-embedding-test');
  });

  it('embeds a repeated text only once', async () => {
    const embedder = await createOpenAIEmbedder(options);

    await embedder.embed(['同一段', '同一段', '另一段']);
    await embedder.embed(['同一段']);

    expect(server.requests).toHaveLength(1);
    expect(server.requests[0]?.body.input).toEqual(['同一段', '另一段']);
  });

  it('makes no requests for texts a previous embedder already cached in the same file', async () => {
    const cacheFile = join(directory, 'index', 'embeddings.jsonl');
    const first = await createOpenAIEmbedder({ ...options, cacheFile, batchSize: 4 });
    const expected = await first.embed(texts);
    const requestsBefore = server.requests.length;

    const second = await createOpenAIEmbedder({ ...options, cacheFile });
    const vectors = await second.embed(texts);

    expect(server.requests.length).toBe(requestsBefore);
    expect(vectors).toEqual(expected);
    expect(second.dimension).toBe(8);
  });

  it('asks again when the cache was written for another model', async () => {
    const cacheFile = join(directory, 'embeddings.jsonl');
    await (await createOpenAIEmbedder({ ...options, cacheFile })).embed(texts);

    await (await createOpenAIEmbedder({ ...options, cacheFile, model: 'other-model' })).embed(texts);

    expect(server.requests.at(-1)?.body).toMatchObject({ model: 'other-model' });
  });

  it('skips corrupt lines in the cache file and keeps the good ones', async () => {
    const cacheFile = join(directory, 'embeddings.jsonl');
    await (await createOpenAIEmbedder({ ...options, cacheFile })).embed(texts.slice(0, 2));
    const good = await readFile(cacheFile, 'utf8');
    await writeFile(cacheFile, `garbage\n{"key":1}\n${good}{"key":"abc","vector":"trunc`);
    server.requests.length = 0;

    const embedder = await createOpenAIEmbedder({ ...options, cacheFile });
    const vectors = await embedder.embed(texts.slice(0, 3));

    expect(server.requests).toHaveLength(1);
    expect(server.requests[0]?.body.input).toEqual([texts[2]]);
    expect(vectors.map((vector) => [...vector])).toEqual(texts.slice(0, 3).map((text) => [...fakeEmbedding(text, 8)]));
  });

  it('appends after a truncated last line without losing the new entry', async () => {
    const cacheFile = join(directory, 'embeddings.jsonl');
    await writeFile(cacheFile, '{"key":"abc","vector":"trunc');
    await (await createOpenAIEmbedder({ ...options, cacheFile })).embed(['新的一段']);
    server.requests.length = 0;

    await (await createOpenAIEmbedder({ ...options, cacheFile })).embed(['新的一段']);

    expect(server.requests).toHaveLength(0);
  });

  it('turns HTTP 429 into an UpstreamError with reason rate-limit', async () => {
    const embedder = await createOpenAIEmbedder(options);
    server.setFailure({ status: 429 });

    const error = await embedder.embed(texts).catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(UpstreamError);
    expect((error as UpstreamError).reason).toBe('rate-limit');
    expect((error as UpstreamError).message).not.toContain(API_KEY);
  });

  it('reports a response with too few vectors as a bad response', async () => {
    const embedder = await createOpenAIEmbedder(options);
    server.setFailure({ malformed: 'empty' });

    const error = await embedder.embed(texts).catch((caught: unknown) => caught);

    expect((error as UpstreamError).reason).toBe('bad-response');
  });

  it('reports vectors of the wrong dimension as a bad response', async () => {
    const embedder = await createOpenAIEmbedder({ ...options, dimension: 16 });

    const error = await embedder.embed(texts).catch((caught: unknown) => caught);

    expect((error as UpstreamError).reason).toBe('bad-response');
  });

  it('reports a slow server as a timeout', async () => {
    const embedder = await createOpenAIEmbedder({ ...options, timeoutMs: 100 });
    server.setFailure({ delayMs: 1000 });

    const error = await embedder.embed(texts).catch((caught: unknown) => caught);

    expect((error as UpstreamError).reason).toBe('timeout');
  });

  it('keeps the vectors of earlier batches cached when a later batch fails', async () => {
    const cacheFile = join(directory, 'embeddings.jsonl');
    const embedder = await createOpenAIEmbedder({ ...options, cacheFile, batchSize: 5 });
    await embedder.embed(texts.slice(0, 5));
    server.setFailure({ status: 500 });
    await embedder.embed(texts).catch(() => undefined);
    server.setFailure(null);
    server.requests.length = 0;

    await (await createOpenAIEmbedder({ ...options, cacheFile, batchSize: 5 })).embed(texts);

    expect(server.requests).toHaveLength(1);
    expect(server.requests[0]?.body.input).toEqual(texts.slice(5));
  });
});
