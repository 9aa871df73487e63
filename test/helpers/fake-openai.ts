/** A local HTTP server speaking the OpenAI wire format (chat completions, embeddings) that tests can tell to fail. */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** The parts of a chat completion request body the fake understands. */
export interface ChatRequestBody {
  model: string;
  messages: { role: string; content: string }[];
  stream?: boolean;
  max_tokens?: number;
  response_format?: { type: string };
  [key: string]: unknown;
}

/** A fixed reply text, or one computed from the request (to echo, or to inspect the system prompt). */
export type ChatReply = string | ((body: ChatRequestBody) => string);

/**
 * What the next requests get instead of a normal answer; `times` limits it to the next N requests (default: all).
 * `status` sends an OpenAI-style error, `delayMs` answers late, `stall` sends headers and a first chunk and then nothing,
 * `incomplete` sends the first half of the reply and ends without a finish reason or `[DONE]` (streaming) or with
 * `finish_reason: "length"` (not streaming).
 */
export type FakeFailure =
  | { status: number; body?: unknown; times?: number }
  | { delayMs: number; times?: number }
  | { stall: true; times?: number }
  | { incomplete: true; times?: number }
  | { malformed: 'empty' | 'null-content' | 'invalid-json'; times?: number };

/** One request the fake received: its path (e.g. `/v1/embeddings`), parsed JSON body and `Authorization` header. */
export interface RecordedRequest {
  path: string;
  body: Record<string, unknown>;
  authorization: string | undefined;
}

export interface FakeOpenAIOptions {
  /** Reply to chat completions; defaults to `echo: <last user message>`. */
  chatReply?: ChatReply;
  /** Length of the fake embedding vectors unless a request asks for `dimensions`; default 8. */
  embeddingDimension?: number;
  /** Send float arrays even when base64 is asked for, like some OpenAI-compatible servers; default false. */
  ignoreEncodingFormat?: boolean;
  /** Pause between streamed chunks of 4 characters, like a model generating; default 0 (all at once). */
  streamChunkDelayMs?: number;
}

export interface FakeOpenAI {
  /** Base URL ending in `/v1`, for the SDK's `baseURL`. */
  url: string;
  /** Every request received, oldest first, failed ones included. */
  requests: RecordedRequest[];
  setChatReply(reply: ChatReply): void;
  setFailure(failure: FakeFailure | null): void;
  close(): Promise<void>;
}

const DEFAULT_DIMENSION = 8;

function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

/** The fake's deterministic, L2-normalized embedding: hashed character unigrams and bigrams, so shared characters mean similarity. */
export function fakeEmbedding(text: string, dimension = DEFAULT_DIMENSION): Float32Array {
  const vector = new Float32Array(dimension);
  const chars = Array.from(text);
  const features = [...chars, ...chars.slice(1).map((char, i) => `${chars[i]}${char}`)];
  for (const feature of features) {
    const hash = fnv1a(feature);
    vector[hash % dimension] = (vector[hash % dimension] ?? 0) + (hash & 0x80000000 ? -1 : 1);
  }
  if (vector.every((value) => value === 0)) vector[0] = 1;
  const norm = Math.hypot(...vector);
  return vector.map((value) => value / norm);
}

function encodeBase64(vector: Float32Array): string {
  const buffer = Buffer.alloc(vector.length * 4);
  vector.forEach((value, i) => {
    buffer.writeFloatLE(value, i * 4);
  });
  return buffer.toString('base64');
}

function sendJson(response: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  response.writeHead(status, { 'content-type': 'application/json', ...headers });
  response.end(typeof body === 'string' ? body : JSON.stringify(body));
}

function errorBody(status: number, authorization: string | undefined): unknown {
  const key = authorization?.replace(/^Bearer /, '') ?? '';
  const [message, type, code] =
    status === 401
      ? [`Incorrect API key provided: ${key}.`, 'invalid_request_error', 'invalid_api_key']
      : status === 429
        ? ['Rate limit reached for requests.', 'requests', 'rate_limit_exceeded']
        : status >= 500
          ? ['The server had an error while processing your request.', 'server_error', null]
          : [`Request failed with status ${status}.`, 'invalid_request_error', null];
  return { error: { message, type, param: null, code } };
}

function lastUserContent(body: ChatRequestBody): string {
  return body.messages.filter((message) => message.role === 'user').at(-1)?.content ?? '';
}

function completion(body: ChatRequestBody, content: string | null | undefined, finishReason = 'stop'): unknown {
  const message = { role: 'assistant', content };
  const choices = content === undefined ? [] : [{ index: 0, message, finish_reason: finishReason }];
  return {
    id: 'chatcmpl-fake',
    object: 'chat.completion',
    created: Math.floor(Date.now() / 1000),
    model: body.model,
    choices,
    usage: { prompt_tokens: 1, completion_tokens: 1, total_tokens: 2 },
  };
}

function chunk(body: ChatRequestBody, delta: Record<string, unknown>, finishReason: string | null): string {
  const payload = { id: 'chatcmpl-fake', object: 'chat.completion.chunk', created: 0, model: body.model };
  return `data: ${JSON.stringify({ ...payload, choices: [{ index: 0, delta, finish_reason: finishReason }] })}\n\n`;
}

async function streamCompletion(
  response: ServerResponse,
  body: ChatRequestBody,
  content: string,
  malformed?: string,
  chunkDelayMs = 0,
): Promise<void> {
  response.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
  if (malformed === 'invalid-json') response.write('data: {not json\n\n');
  else if (malformed === 'null-content') response.write(chunk(body, { role: 'assistant', content: null }, 'stop'));
  else if (malformed !== 'empty') {
    const pieces = content.match(/[\s\S]{1,4}/g) ?? [];
    response.write(chunk(body, { role: 'assistant', content: '' }, null));
    for (const piece of pieces) {
      if (chunkDelayMs > 0) await new Promise((resolve) => setTimeout(resolve, chunkDelayMs));
      if (response.destroyed) return;
      response.write(chunk(body, { content: piece }, null));
    }
    response.write(chunk(body, {}, 'stop'));
  }
  response.end('data: [DONE]\n\n');
}

/** The first half of a reply, sent as if the connection dropped (stream) or the token limit was hit. */
function answerIncomplete(response: ServerResponse, body: ChatRequestBody, reply: ChatReply): void {
  const content = typeof reply === 'string' ? reply : reply(body);
  const half = Array.from(content)
    .slice(0, Math.ceil(Array.from(content).length / 2))
    .join('');
  if (!body.stream) {
    sendJson(response, 200, completion(body, half, 'length'));
    return;
  }
  response.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
  response.write(chunk(body, { role: 'assistant', content: '' }, null));
  for (const piece of half.match(/[\s\S]{1,4}/g) ?? []) response.write(chunk(body, { content: piece }, null));
  response.end();
}

function answerChat(
  response: ServerResponse,
  body: ChatRequestBody,
  reply: ChatReply,
  malformed?: string,
  chunkDelayMs = 0,
): void {
  const content = typeof reply === 'string' ? reply : reply(body);
  if (body.stream) {
    void streamCompletion(response, body, content, malformed, chunkDelayMs);
  } else if (malformed === 'invalid-json') {
    sendJson(response, 200, '{"choices": [');
  } else {
    const replyContent = malformed === 'empty' ? undefined : malformed === 'null-content' ? null : content;
    sendJson(response, 200, completion(body, replyContent));
  }
}

function answerEmbeddings(
  response: ServerResponse,
  body: Record<string, unknown>,
  dimension: number,
  malformed?: string,
) {
  if (malformed === 'invalid-json') return sendJson(response, 200, '{"data": [');
  const inputs = Array.isArray(body.input) ? body.input.map(String) : [String(body.input)];
  const size = typeof body.dimensions === 'number' ? body.dimensions : dimension;
  const data =
    malformed === 'empty'
      ? []
      : inputs.map((text, index) => {
          const vector = fakeEmbedding(text, size);
          const embedding =
            malformed === 'null-content'
              ? null
              : body.encoding_format === 'base64'
                ? encodeBase64(vector)
                : [...vector];
          return { object: 'embedding', index, embedding };
        });
  sendJson(response, 200, { object: 'list', data, model: body.model, usage: { prompt_tokens: 1, total_tokens: 1 } });
}

async function readJson(request: IncomingMessage): Promise<Record<string, unknown> | undefined> {
  const parts: Buffer[] = [];
  for await (const part of request) parts.push(part as Buffer);
  try {
    const parsed: unknown = JSON.parse(Buffer.concat(parts).toString('utf8'));
    return typeof parsed === 'object' && parsed !== null ? (parsed as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/** Starts the fake on 127.0.0.1 with a random port; failures answer 429/5xx with `retry-after-ms: 10` so SDK retries stay fast. */
export async function startFakeOpenAI(options: FakeOpenAIOptions = {}): Promise<FakeOpenAI> {
  const requests: RecordedRequest[] = [];
  const timers = new Set<NodeJS.Timeout>();
  const dimension = options.embeddingDimension ?? DEFAULT_DIMENSION;
  let chatReply: ChatReply = options.chatReply ?? ((body) => `echo: ${lastUserContent(body)}`);
  let failure: FakeFailure | null = null;
  let failuresLeft = Number.POSITIVE_INFINITY;

  const takeFailure = (): FakeFailure | null => {
    const current = failure;
    if (current && --failuresLeft <= 0) failure = null;
    return current;
  };

  const respond = (
    path: string,
    body: Record<string, unknown>,
    response: ServerResponse,
    current: FakeFailure | null,
  ) => {
    const malformed = current && 'malformed' in current ? current.malformed : undefined;
    if (path === '/v1/chat/completions' && current && 'incomplete' in current) {
      return answerIncomplete(response, body as ChatRequestBody, chatReply);
    }
    if (path === '/v1/chat/completions')
      return answerChat(response, body as ChatRequestBody, chatReply, malformed, options.streamChunkDelayMs);
    if (path === '/v1/embeddings') {
      const request = options.ignoreEncodingFormat ? { ...body, encoding_format: 'float' } : body;
      return answerEmbeddings(response, request, dimension, malformed);
    }
    sendJson(response, 404, errorBody(404, undefined));
  };

  const server = createServer(async (request, response) => {
    const path = new URL(request.url ?? '/', 'http://127.0.0.1').pathname;
    const body = await readJson(request);
    const authorization = request.headers.authorization;
    if (request.method !== 'POST' || !body) return sendJson(response, 400, errorBody(400, undefined));
    requests.push({ path, body, authorization });
    const current = takeFailure();
    if (current && 'status' in current) {
      return sendJson(response, current.status, current.body ?? errorBody(current.status, authorization), {
        'retry-after-ms': '10',
      });
    }
    if (current && 'delayMs' in current) {
      const timer = setTimeout(() => {
        timers.delete(timer);
        if (!response.destroyed) respond(path, body, response, null);
      }, current.delayMs);
      timers.add(timer);
      return;
    }
    if (current && 'stall' in current) {
      response.writeHead(200, { 'content-type': body.stream ? 'text/event-stream' : 'application/json' });
      response.write(body.stream ? chunk(body as ChatRequestBody, { content: 'partial' }, null) : '{"id":');
      return;
    }
    respond(path, body, response, current);
  });

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}/v1`,
    requests,
    setChatReply(reply) {
      chatReply = reply;
    },
    setFailure(next) {
      failure = next;
      failuresLeft = next?.times ?? Number.POSITIVE_INFINITY;
    },
    close() {
      for (const timer of timers) clearTimeout(timer);
      server.closeAllConnections();
      return new Promise((resolve, reject) => server.close((error) => (error ? reject(error) : resolve())));
    },
  };
}
