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

const SERVICE_NAMES = {
  chat: { zh: '语言模型', en: 'The language model' },
  embeddings: { zh: '向量服务', en: 'The embedding service' },
} as const;

function userMessageFor(reason: UpstreamError['reason'], service: UpstreamContext['service'], code: unknown): string {
  const { zh, en } = SERVICE_NAMES[service];
  switch (reason) {
    case 'auth':
      return `${zh}拒绝了我们的凭据，请告知机器人管理员。 ${en} rejected our credentials; please tell the bot's operator.`;
    case 'rate-limit':
      return code === 'insufficient_quota'
        ? `${zh}的额度已用完，请告知机器人管理员。 ${en} quota is used up; please tell the bot's operator.`
        : '服务繁忙，请一分钟后再试。 Busy, try again in a minute.';
    case 'server':
      return `${zh}暂时出错，请稍后再试。 ${en} is having problems; please try again later.`;
    case 'timeout':
      return `${zh}响应超时，请稍后再试。 ${en} took too long to answer; please try again.`;
    case 'network':
      return `无法连接${zh}，请稍后再试。 ${en} cannot be reached; please try again later.`;
    case 'bad-response':
      return `${zh}返回了无法使用的回复，请再试一次。 ${en} sent an unusable reply; please try again.`;
    default:
      return `${zh}请求失败，请稍后再试。 ${en} request failed; please try again later.`;
  }
}

function reasonFor(error: unknown): UpstreamError['reason'] {
  if (error instanceof AuthenticationError || error instanceof PermissionDeniedError) return 'auth';
  if (error instanceof RateLimitError) return 'rate-limit';
  if (error instanceof InternalServerError) return 'server';
  if (error instanceof APIConnectionTimeoutError || error instanceof APIUserAbortError) return 'timeout';
  if (error instanceof Error && error.name === 'AbortError') return 'timeout';
  if (error instanceof APIConnectionError) return 'network';
  if (error instanceof SyntaxError) return 'bad-response';
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
  return new UpstreamError(message, userMessageFor(reason, context.service, options?.code), reason, {
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
    const parts: string[] = [];
    touch();
    for await (const chunk of stream) {
      touch();
      const delta = chunk.choices[0]?.delta?.content;
      if (typeof delta === 'string' && delta !== '') {
        parts.push(delta);
        onText?.(parts.join(''));
      }
    }
    // The SDK ends the stream quietly when it is aborted, so a stalled stream would look complete.
    if (controller.signal.aborted) throw new APIConnectionTimeoutError({ message: `Stream stalled for ${idleMs} ms.` });
    return parts.join('');
  } finally {
    clearTimeout(timer);
  }
}

async function completeContent(client: OpenAI, params: CompletionParams): Promise<string | undefined> {
  const completion: unknown = await client.chat.completions.create(params);
  const choices = (completion as { choices?: unknown } | null)?.choices;
  if (!Array.isArray(choices)) return undefined;
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
