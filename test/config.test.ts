import { describe, expect, it } from 'vitest';
import { DEFAULT_LOCAL_DIMENSION } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import { ConfigError } from '../src/errors.js';
import { DEFAULT_HNSW } from '../src/search/vector-index.js';

describe('loadConfig', () => {
  it('reads the store: local by default, postgres with its DATABASE_URL', () => {
    expect(loadConfig({}).store).toEqual({ kind: 'local' });
    expect(
      loadConfig({ VECTOR_STORE: 'postgres', DATABASE_URL: 'postgres://bot:pw@127.0.0.1:5432/meetings' }).store,
    ).toEqual({ kind: 'postgres', databaseUrl: 'postgres://bot:pw@127.0.0.1:5432/meetings' });
  });

  it('lists DATABASE_URL among the problems when VECTOR_STORE=postgres lacks it', () => {
    expect(() => loadConfig({ VECTOR_STORE: 'postgres', RATE_LIMIT_MAX: 'x' })).toThrow(
      /VECTOR_STORE=postgres needs DATABASE_URL[\s\S]*RATE_LIMIT_MAX|RATE_LIMIT_MAX[\s\S]*VECTOR_STORE=postgres needs DATABASE_URL/,
    );
    expect(() => loadConfig({ VECTOR_STORE: 'mysql' })).toThrow('VECTOR_STORE must be "local" or "postgres"');
  });

  it('runs offline with local embeddings and no Telegram when nothing is set', () => {
    const config = loadConfig({});

    expect(config.openai.enabled).toBe(false);
    expect(config.embedding.provider).toBe('local');
    expect(config.telegram.token).toBeUndefined();
    expect(config.retrieval.topK).toBe(5);
  });

  it('defaults to the measured embedding dimension and efSearch of the engine', () => {
    const config = loadConfig({});

    expect(config.embedding.dimension).toBe(DEFAULT_LOCAL_DIMENSION);
    expect(config.retrieval.efSearch).toBe(DEFAULT_HNSW.efSearch);
  });

  it('turns LLM mode on with only a base URL (Ollama, vLLM)', () => {
    const config = loadConfig({ OPENAI_BASE_URL: 'http://127.0.0.1:11434/v1', CHAT_MODEL: 'qwen2.5' });

    expect(config.openai).toMatchObject({
      enabled: true,
      apiKey: '',
      baseURL: 'http://127.0.0.1:11434/v1',
      chatModel: 'qwen2.5',
    });
  });

  it('listens for webhooks on 127.0.0.1 unless TELEGRAM_WEBHOOK_HOST says otherwise', () => {
    expect(loadConfig({}).telegram.webhookHost).toBe('127.0.0.1');
    expect(loadConfig({ TELEGRAM_WEBHOOK_HOST: '0.0.0.0' }).telegram.webhookHost).toBe('0.0.0.0');
  });

  it('keeps bot state in memory unless STATE_STORE or the Postgres search store asks for Postgres', () => {
    const url = 'postgres://bot:pw@db.example.org:5432/meetings';
    expect(loadConfig({}).state).toEqual({ store: 'memory', updateLeaseMs: 15_000 });
    expect(loadConfig({ VECTOR_STORE: 'postgres', DATABASE_URL: url }).state.store).toBe('postgres');
    expect(loadConfig({ VECTOR_STORE: 'postgres', DATABASE_URL: url, STATE_STORE: 'memory' }).state.store).toBe(
      'memory',
    );
    expect(loadConfig({ STATE_STORE: 'postgres', DATABASE_URL: url }).state).toEqual({
      store: 'postgres',
      databaseUrl: url,
      updateLeaseMs: 15_000,
    });
  });

  it('rejects STATE_STORE=postgres without DATABASE_URL, and unknown stores', () => {
    expect(() => loadConfig({ STATE_STORE: 'postgres' })).toThrow(/STATE_STORE=postgres needs DATABASE_URL/);
    expect(() => loadConfig({ STATE_STORE: 'redis' })).toThrow(/STATE_STORE must be "memory" or "postgres"/);
    expect(() => loadConfig({ STATE_STORE: 'postgres', DATABASE_URL: 'mysql://db/x' })).toThrow(
      /DATABASE_URL must be a postgres:\/\/ or postgresql:\/\/ URL/,
    );
  });

  it('reads allow lists as numeric ids', () => {
    const config = loadConfig({ TELEGRAM_ALLOWED_USERS: '11, 22', TELEGRAM_ALLOWED_CHATS: '-1001234' });

    expect(config.telegram.allowedUsers).toEqual([11, 22]);
    expect(config.telegram.allowedChats).toEqual([-1001234]);
  });

  it('lists every problem at once in one ConfigError', () => {
    const attempt = () =>
      loadConfig({
        RETRIEVAL_TOP_K: 'many',
        EMBEDDING_PROVIDER: 'magic',
        TELEGRAM_BOT_TOKEN: 'not-a-token',
        TELEGRAM_ALLOWED_USERS: 'alice',
        TELEGRAM_WEBHOOK_URL: 'https://bot.example.org/hook',
      });

    expect(attempt).toThrow(ConfigError);
    try {
      attempt();
    } catch (error) {
      expect((error as ConfigError).problems).toHaveLength(5);
      expect((error as ConfigError).message).not.toContain('not-a-token');
    }
  });
});
