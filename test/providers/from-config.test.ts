import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openAssistant } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { silentLogger } from '../../src/logger.js';
import { createChatFromConfig, createEmbedderFromConfig } from '../../src/providers/from-config.js';
import { type FakeOpenAI, startFakeOpenAI } from '../helpers/fake-openai.js';
import { createTempDir, SEEDS_DIR, type TempDir } from '../helpers/seed-index.js';

describe('providers from config', () => {
  let fake: FakeOpenAI;
  let indexDir: TempDir;

  beforeAll(async () => {
    fake = await startFakeOpenAI({ embeddingDimension: 32 });
    indexDir = await createTempDir();
  });

  afterAll(async () => {
    await fake.close();
    await indexDir.remove();
  });

  it('has no chat model offline', () => {
    expect(createChatFromConfig(loadConfig({}), silentLogger)).toBeUndefined();
  });

  it('builds and searches an index with OpenAI-compatible embeddings, paying once per text', async () => {
    const config = loadConfig({
      EMBEDDING_PROVIDER: 'openai',
      OPENAI_API_KEY: 'sk-test-key',
      OPENAI_BASE_URL: fake.url,
      EMBEDDING_MODEL: 'fake-embed',
      INDEX_DIR: indexDir.path,
    });
    const embedder = await createEmbedderFromConfig(config, silentLogger);
    const assistant = await openAssistant({ seedsDir: SEEDS_DIR, indexDir: indexDir.path, embedder });
    const embeddingCalls = fake.requests.filter((r) => r.path.endsWith('/embeddings')).length;

    const answer = await assistant.ask('童子河的规划设计要求什么时候全面动工？');
    const again = await createEmbedderFromConfig(config, silentLogger);
    await again.embed(['童子河的规划设计要求什么时候全面动工？']);

    expect(embedder.id).toBe('openai:fake-embed');
    expect(embedder.dimension).toBe(32);
    expect(answer.citations[0]?.text).toContain('童子河');
    expect(fake.requests.filter((r) => r.path.endsWith('/embeddings')).length).toBe(embeddingCalls + 1);
  });
});
