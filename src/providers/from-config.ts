import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Config } from '../config.js';
import type { Logger } from '../logger.js';
import type { Embedder } from '../search/embedder.js';
import { createLocalEmbedder } from '../search/local-embedder.js';
import { createOpenAIChat } from './openai-chat.js';
import { createOpenAIEmbedder } from './openai-embedder.js';
import type { ChatModel } from './types.js';

/** The chat model configured, or undefined for offline mode (no OPENAI_API_KEY and no OPENAI_BASE_URL). */
export function createChatFromConfig(config: Config, logger: Logger): ChatModel | undefined {
  const { openai } = config;
  if (!openai.enabled) return undefined;
  return createOpenAIChat({
    apiKey: openai.apiKey,
    ...(openai.baseURL ? { baseURL: openai.baseURL } : {}),
    model: openai.chatModel,
    timeoutMs: openai.timeoutMs,
    maxRetries: openai.maxRetries,
    logger,
  });
}

/** The embedder chosen by EMBEDDING_PROVIDER; the OpenAI one caches vectors in the index folder. */
export async function createEmbedderFromConfig(config: Config, logger: Logger): Promise<Embedder> {
  if (config.embedding.provider === 'local') return createLocalEmbedder(config.embedding.dimension);
  await mkdir(config.indexDir, { recursive: true });
  const embedder = await createOpenAIEmbedder({
    apiKey: config.openai.apiKey,
    ...(config.openai.baseURL ? { baseURL: config.openai.baseURL } : {}),
    model: config.embedding.model,
    batchSize: config.embedding.batchSize,
    timeoutMs: config.openai.timeoutMs,
    maxRetries: 3,
    cacheFile: join(config.indexDir, 'embedding-cache.jsonl'),
    logger,
  });
  await embedder.probeDimension();
  return embedder;
}
