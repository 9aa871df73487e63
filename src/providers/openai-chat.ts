/** Chat completions from any OpenAI-compatible server, plus the client setup and error translation the embedder shares. */
import OpenAI, {
  APIConnectionError,
  APIConnectionTimeoutError,
  APIError,
  APIUserAbortError,
  AuthenticationError,
  InternalServerError,
  PermissionDeniedError,
  RateLimitError,
} from 'openai';
import { ConfigError, UpstreamError } from '../errors.js';
import { type Logger, redact, silentLogger } from '../logger.js';
import { failureUserMessage } from './failure-messages.js';
import type { ChatMessage, ChatModel, ChatOptions } from './types.js';

/** Connection settings shared by the chat model and the embedder. */
export interface OpenAIClientOptions {
  apiKey: string;
  /** An OpenAI-compatible endpoint such as `http://localhost:11434/v1`; the official API when empty. */
  baseURL?: string | undefined;
  /** Per attempt, until the response headers arrive (and, when streaming, the longest silence between chunks); default 60 000. */
  timeoutMs?: number | undefined;
  /** SDK retries on connection errors, 408, 409, 429 and 5xx; default 1 so fallbacks are quick. */
  maxRetries?: number | undefined;
  logger?: Logger | undefined;
}

export interface OpenAIChatOptions extends OpenAIClientOptions {
  model: string;
}

/** Says which call failed, for messages; `apiKey` is only used to redact it. */
export interface UpstreamContext {
  service: 'chat' | 'embeddings';
  model: string;
  apiKey: string;
}

const DEFAULT_TIMEOUT_MS = 60_000;
const DEFAULT_MAX_RETRIES = 1;
/** Local servers such as Ollama ignore the key, but the SDK insists on one. */
const PLACEHOLDER_API_KEY = 'no-key';

/** Creates an SDK client that never reads `process.env` and logs through `logger`; throws ConfigError when there is neither key nor baseURL. */
export function createOpenAIClient(options: OpenAIClientOptions): OpenAI {
  const baseURL = options.baseURL || undefined;
  if (!options.apiKey && !baseURL) throw new ConfigError(['An OpenAI API key is required unless a base URL is set']);
  const logger = options.logger;
  return new OpenAI({
    apiKey: options.apiKey || PLACEHOLDER_API_KEY,
    baseURL: baseURL ?? 'https://api.openai.com/v1',
    adminAPIKey: null,
    organization: null,
    project: null,
    webhookSecret: null,
    timeout: options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    maxRetries: options.maxRetries ?? DEFAULT_MAX_RETRIES,
    logLevel: logger ? 'info' : 'off',
    logger: logger && {
      error: (message, ...rest) => logger.error(`openai: ${message}`, rest.length ? { details: rest } : undefined),
      warn: (message, ...rest) => logger.warn(`openai: ${message}`, rest.length ? { details: rest } : undefined),
      info: (message) => logger.info(`openai: ${message}`),
      debug: (message) => logger.debug(`openai: ${message}`),
    },
  });
}

/** A reply the server cut short: the stream closed without a finish reason, or sampling hit the token limit. */
class IncompleteReplyError extends Error {
  override name = 'IncompleteReplyError';
}

function reasonFor(error: unknown): UpstreamError['reason'] {
  if (error instanceof AuthenticationError || error instanceof PermissionDeniedError) return 'auth';
  if (error instanceof RateLimitError) return 'rate-limit';
  if (error instanceof InternalServerError) return 'server';
  if (error instanceof APIConnectionTimeoutError || error instanceof APIUserAbortError) return 'timeout';
  if (error instanceof Error && error.name === 'AbortError') return 'timeout';
  if (error instanceof APIConnectionError) return 'network';
  if (error instanceof SyntaxError || error instanceof IncompleteReplyError) return 'bad-response';
  return 'other';
}

/** Creates an UpstreamError for a failed call whose message names the model and status but never the API key. */
export function createUpstreamError(
  context: UpstreamContext,
  reason: UpstreamError['reason'],
  detail: string,
  options?: { cause?: unknown; status?: number | undefined; code?: unknown },
): UpstreamError {
  const status = options?.status === undefined ? 'no HTTP status' : `HTTP ${options.status}`;
  const message = redact(`OpenAI ${context.service} (model ${context.model}) failed, ${status}: ${detail}`, [
    context.apiKey,
  ]);
  return new UpstreamError(message, failureUserMessage(reason, context.service, options?.code), reason, {
    cause: options?.cause,
  });
}

/** Translates anything the SDK throws into UpstreamError with a `reason`; an UpstreamError passes through unchanged. */
export function toUpstreamError(error: unknown, context: UpstreamContext): UpstreamError {
  if (error instanceof UpstreamError) return error;
  const detail = error instanceof Error ? error.message : String(error);
  const isApiError = error instanceof APIError;
  return createUpstreamError(context, reasonFor(error), detail, {
    cause: error,
    status: isApiError ? error.status : undefined,
    code: isApiError ? error.code : undefined,
  });
}

type CompletionParams = OpenAI.Chat.ChatCompletionCreateParamsNonStreaming;

async function streamContent(
  client: OpenAI,
  params: CompletionParams,
  idleMs: number,
  onText?: (textSoFar: string) => void,
): Promise<string> {
  const controller = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  const touch = () => {
    clearTimeout(timer);
    timer = setTimeout(() => controller.abort(), idleMs);
  };
  try {
    const stream = await client.chat.completions.create({ ...params, stream: true }, { signal: controller.signal });
    let text = '';
    let finishReason: string | null | undefined;
    touch();
    for await (const chunk of stream) {
      touch();
      const choice = chunk.choices[0];
      const delta = choice?.delta?.content;
      finishReason = choice?.finish_reason ?? finishReason;
      if (typeof delta === 'string' && delta !== '') {
        text += delta;
        onText?.(text);
      }
    }
    // The SDK ends the stream quietly when it is aborted, so a stalled stream would look complete.
    if (controller.signal.aborted) throw new APIConnectionTimeoutError({ message: `Stream stalled for ${idleMs} ms.` });
    // Nor does it mind a stream that closes without [DONE]: only a finish reason says the reply is whole.
    if (!finishReason) throw new IncompleteReplyError('the stream ended without a finish reason');
    if (finishReason === 'length') throw new IncompleteReplyError('the reply stopped at the token limit');
    return text;
  } finally {
    clearTimeout(timer);
  }
}

async function completeContent(client: OpenAI, params: CompletionParams): Promise<string | undefined> {
  const completion: unknown = await client.chat.completions.create(params);
  const choices = (completion as { choices?: unknown } | null)?.choices;
  if (!Array.isArray(choices)) return undefined;
  if (choices[0]?.finish_reason === 'length') throw new IncompleteReplyError('the reply stopped at the token limit');
  const content: unknown = choices[0]?.message?.content;
  return typeof content === 'string' ? content : undefined;
}

/** Creates a ChatModel (id `openai:<model>`) over `chat.completions`; `complete` throws UpstreamError with a `reason` on any failure. */
export function createOpenAIChat(options: OpenAIChatOptions): ChatModel {
  const { model, logger = silentLogger } = options;
  const client = createOpenAIClient(options);
  const context: UpstreamContext = { service: 'chat', model, apiKey: options.apiKey };
  const idleMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;

  async function complete(messages: ChatMessage[], chatOptions: ChatOptions = {}): Promise<string> {
    const params: CompletionParams = {
      model,
      messages,
      ...(chatOptions.maxTokens === undefined ? {} : { max_tokens: chatOptions.maxTokens }),
      ...(chatOptions.json ? { response_format: { type: 'json_object' } } : {}),
    };
    const startedAt = Date.now();
    let content: string | undefined;
    try {
      content = chatOptions.stream
        ? await streamContent(client, params, idleMs, chatOptions.onText)
        : await completeContent(client, params);
    } catch (error) {
      throw toUpstreamError(error, context);
    }
    if (!content?.trim()) throw createUpstreamError(context, 'bad-response', 'the reply had no content');
    logger.debug('chat completion', { model, stream: chatOptions.stream ?? false, ms: Date.now() - startedAt });
    return content;
  }

  return { id: `openai:${model}`, complete };
}
