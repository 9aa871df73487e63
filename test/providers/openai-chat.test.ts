import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { UpstreamError } from '../../src/errors.js';
import { createOpenAIChat } from '../../src/providers/openai-chat.js';
import type { ChatModel } from '../../src/providers/types.js';
import { type FakeOpenAI, startFakeOpenAI } from '../helpers/fake-openai.js';

const API_KEY = 'local-secret-key-0123456789abcdef';
const MODEL = 'gpt-test-mini';
const question = [
  { role: 'system' as const, content: '你是会议报告助手。' },
  { role: 'user' as const, content: '桐梓河整治的完成期限是什么？' },
];

async function failureOf(promise: Promise<unknown>): Promise<UpstreamError> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  if (!(error instanceof UpstreamError)) throw new Error(`expected an UpstreamError, got ${String(error)}`);
  return error;
}

describe('createOpenAIChat', () => {
  let server: FakeOpenAI;
  let chat: ChatModel;

  beforeEach(async () => {
    server = await startFakeOpenAI();
    chat = createOpenAIChat({ apiKey: API_KEY, baseURL: server.url, model: MODEL, timeoutMs: 2000, maxRetries: 0 });
  });

  afterEach(async () => {
    await server.close();
  });

  it('returns the reply and sends the messages to the model', async () => {
    server.setChatReply('2025年底前完成。');

    const reply = await chat.complete(question);

    expect(reply).toBe('2025年底前完成。');
    expect(server.requests[0]?.body).toMatchObject({ model: MODEL, messages: question });
  });

  it('is identified by the model name', () => {
    expect(chat.id).toBe('openai:gpt-test-mini');
  });

  it('assembles a streamed reply from its deltas', async () => {
    server.setChatReply('据报告第三段，桐梓河整治须于2025年底前完成。');

    const reply = await chat.complete(question, { stream: true });

    expect(reply).toBe('据报告第三段，桐梓河整治须于2025年底前完成。');
    expect(server.requests[0]?.body).toMatchObject({ stream: true });
  });

  it('asks for a JSON object and a token limit when told to', async () => {
    server.setChatReply('{"ok":true}');

    await chat.complete(question, { json: true, maxTokens: 50 });

    expect(server.requests[0]?.body).toMatchObject({ response_format: { type: 'json_object' }, max_tokens: 50 });
  });

  it('sends a placeholder key to a local server when the API key is empty', async () => {
    const local = createOpenAIChat({ apiKey: '', baseURL: server.url, model: MODEL, maxRetries: 0 });

    await local.complete(question);

    expect(server.requests[0]?.authorization).toMatch(/^Bearer \S+/);
  });

  it.each([
    [401, 'auth'],
    [403, 'auth'],
    [429, 'rate-limit'],
    [500, 'server'],
    [503, 'server'],
  ])('turns HTTP %i into an UpstreamError with reason %s', async (status, reason) => {
    server.setFailure({ status });

    const error = await failureOf(chat.complete(question));

    expect(error.reason).toBe(reason);
    expect(error.message).toContain(String(status));
    expect(error.message).toContain(MODEL);
  });

  it('tells people to try again in a minute when rate limited', async () => {
    server.setFailure({ status: 429 });

    const error = await failureOf(chat.complete(question));

    expect(error.userMessage).toContain('try again in a minute');
  });

  it('keeps the API key out of the error message even when the server echoes it', async () => {
    server.setFailure({ status: 401 });

    const error = await failureOf(chat.complete(question));

    expect(error.message).toContain('Incorrect API key provided');
    expect(error.message).not.toContain(API_KEY);
    expect(error.userMessage).not.toContain(API_KEY);
  });

  it('keeps the SDK error as the cause', async () => {
    server.setFailure({ status: 500 });

    const error = await failureOf(chat.complete(question));

    expect(error.cause).toBeInstanceOf(Error);
  });

  it('reports a server slower than timeoutMs as a timeout', async () => {
    const impatient = createOpenAIChat({
      apiKey: API_KEY,
      baseURL: server.url,
      model: MODEL,
      timeoutMs: 100,
      maxRetries: 0,
    });
    server.setFailure({ delayMs: 1000 });

    const error = await failureOf(impatient.complete(question));

    expect(error.reason).toBe('timeout');
  });

  it('reports a stream that stalls for longer than timeoutMs as a timeout', async () => {
    const impatient = createOpenAIChat({
      apiKey: API_KEY,
      baseURL: server.url,
      model: MODEL,
      timeoutMs: 100,
      maxRetries: 0,
    });
    server.setFailure({ stall: true });

    const error = await failureOf(impatient.complete(question, { stream: true }));

    expect(error.reason).toBe('timeout');
  });

  it('reports an unreachable server as a network failure', async () => {
    await server.close();
    const offline = createOpenAIChat({ apiKey: API_KEY, baseURL: server.url, model: MODEL, maxRetries: 0 });
    server = await startFakeOpenAI();

    const error = await failureOf(offline.complete(question));

    expect(error.reason).toBe('network');
  });

  it.each([
    ['empty', false],
    ['null-content', false],
    ['invalid-json', false],
    ['empty', true],
    ['null-content', true],
    ['invalid-json', true],
  ] as const)('reports a %s reply (streamed: %s) as a bad response', async (malformed, stream) => {
    server.setFailure({ malformed });

    const error = await failureOf(chat.complete(question, { stream }));

    expect(error.reason).toBe('bad-response');
  });

  it('retries once by default and then succeeds', async () => {
    const patient = createOpenAIChat({ apiKey: API_KEY, baseURL: server.url, model: MODEL });
    server.setFailure({ status: 500, times: 1 });

    const reply = await patient.complete(question);

    expect(reply).toBe('echo: 桐梓河整治的完成期限是什么？');
    expect(server.requests).toHaveLength(2);
  });
});
