import { resolve } from 'node:path';
import { ConfigError } from './errors.js';
import type { LogLevel } from './logger.js';

/** Everything the app reads from the environment, converted once. */
export interface Config {
  seedsDir: string;
  indexDir: string;
  /** Where meetings, chunks and vectors live: the index folder (default) or Postgres + pgvector (DATABASE_URL). */
  store: { kind: 'local' } | { kind: 'postgres'; databaseUrl: string };
  logLevel: LogLevel;
  embedding: { provider: 'local' | 'openai'; model: string; dimension: number; batchSize: number };
  openai: {
    /** True when OPENAI_API_KEY or OPENAI_BASE_URL is set: answers use the LLM. */
    enabled: boolean;
    apiKey: string;
    baseURL?: string;
    chatModel: string;
    timeoutMs: number;
    maxRetries: number;
    stream: boolean;
  };
  retrieval: { topK: number; efSearch: number };
  /**
   * The one-writer rule: how long a second ingest waits for the lock, when a lock left by a killed ingest is taken
   * over, and how long a replaced index generation stays on disk for readers that pinned it.
   */
  ingest: { lockWaitMs: number; lockStaleMs: number; generationGraceMs: number };
  /** Limits of `ingest --url` and Telegram `/add`: total download time and size. */
  fetch: { timeoutMs: number; maxBytes: number };
  /**
   * Where a bot keeps chat history, follow-up state, rate-limit counts, the LLM summary cache and update claims:
   * this process's memory, or Postgres so several replicas share them (STATE_STORE, DATABASE_URL).
   */
  state: { store: 'memory' | 'postgres'; databaseUrl?: string; updateLeaseMs: number };
  telegram: {
    token?: string;
    apiRoot?: string;
    allowedUsers: number[];
    allowedChats: number[];
    /** User ids that may add and remove meetings from Telegram (TELEGRAM_ADMINS). */
    admins?: number[];
    webhookUrl?: string;
    webhookSecret?: string;
    webhookPort: number;
    /** Interface the webhook server listens on (default 127.0.0.1, behind a reverse proxy). */
    webhookHost: string;
    rateLimit: { windowMs: number; limit: number };
  };
}

type Env = Record<string, string | undefined>;

/** Loads and validates config from `env`; throws one ConfigError listing every problem. */
export function loadConfig(env: Env = process.env): Config {
  const problems: string[] = [];
  const text = (name: string) => env[name]?.trim() || undefined;
  const positiveInt = (name: string, fallback: number) => {
    const raw = text(name);
    if (raw === undefined) return fallback;
    const value = Number(raw);
    if (!Number.isInteger(value) || value <= 0) {
      problems.push(`${name} must be a positive integer, got "${raw}"`);
      return fallback;
    }
    return value;
  };
  const idList = (name: string) => {
    const raw = text(name);
    if (!raw) return [];
    return raw.split(/[\s,]+/).flatMap((part) => {
      if (/^-?\d+$/.test(part)) return [Number(part)];
      problems.push(`${name} must be a comma-separated list of numeric ids, got "${part}"`);
      return [];
    });
  };
  const url = (name: string) => {
    const raw = text(name);
    if (raw && !/^https?:\/\/\S+$/.test(raw)) problems.push(`${name} must be an http(s) URL, got "${raw}"`);
    return raw;
  };
  const storeKind = text('VECTOR_STORE') ?? 'local';
  if (storeKind !== 'local' && storeKind !== 'postgres')
    problems.push(`VECTOR_STORE must be "local" or "postgres", got "${storeKind}"`);
  const databaseUrl = text('DATABASE_URL');
  if (storeKind === 'postgres' && !databaseUrl)
    problems.push('VECTOR_STORE=postgres needs DATABASE_URL (postgres://user:password@host:5432/database)');
  if (databaseUrl && !/^postgres(?:ql)?:\/\/\S+$/.test(databaseUrl))
    problems.push('DATABASE_URL must be a postgres:// or postgresql:// URL');
  const provider = text('EMBEDDING_PROVIDER') ?? 'local';
  if (provider !== 'local' && provider !== 'openai')
    problems.push(`EMBEDDING_PROVIDER must be "local" or "openai", got "${provider}"`);
  const logLevel = text('LOG_LEVEL') ?? 'info';
  if (!['debug', 'info', 'warn', 'error'].includes(logLevel)) problems.push(`LOG_LEVEL must be debug|info|warn|error`);
  const apiKey = text('OPENAI_API_KEY') ?? '';
  const baseURL = url('OPENAI_BASE_URL');
  if (provider === 'openai' && !apiKey && !baseURL)
    problems.push('EMBEDDING_PROVIDER=openai needs OPENAI_API_KEY or OPENAI_BASE_URL');
  const token = text('TELEGRAM_BOT_TOKEN');
  if (token && !/^\d+:[\w-]{20,}$/.test(token))
    problems.push('TELEGRAM_BOT_TOKEN does not look like a bot token (digits:letters)');
  const webhookUrl = url('TELEGRAM_WEBHOOK_URL');
  const webhookSecret = text('TELEGRAM_WEBHOOK_SECRET');
  if (webhookUrl && !webhookSecret)
    problems.push('TELEGRAM_WEBHOOK_URL needs TELEGRAM_WEBHOOK_SECRET (checked on every update)');
  // Replicas need shared state; with the Postgres search store they are the point, so it is the default there.
  const stateStore = text('STATE_STORE') ?? (text('VECTOR_STORE') === 'postgres' ? 'postgres' : 'memory');
  if (stateStore !== 'memory' && stateStore !== 'postgres')
    problems.push(`STATE_STORE must be "memory" or "postgres", got "${stateStore}"`);
  // One DATABASE_URL serves the state and the Postgres search store; the state checks its form only when it is
  // the sole user, so a bad URL is reported once.
  const stateDatabaseUrl = text('DATABASE_URL');
  if (stateStore === 'postgres' && !stateDatabaseUrl) problems.push('STATE_STORE=postgres needs DATABASE_URL');
  else if (
    stateStore === 'postgres' &&
    text('VECTOR_STORE') !== 'postgres' &&
    !/^postgres(ql)?:\/\/\S+$/.test(stateDatabaseUrl ?? '')
  )
    problems.push('DATABASE_URL must be a postgres:// or postgresql:// URL');
  const config: Config = {
    seedsDir: resolve(text('SEEDS_DIR') ?? 'seeds'),
    indexDir: resolve(text('INDEX_DIR') ?? 'index'),
    store: storeKind === 'postgres' && databaseUrl ? { kind: 'postgres', databaseUrl } : { kind: 'local' },
    logLevel: logLevel as LogLevel,
    embedding: {
      provider: provider === 'openai' ? 'openai' : 'local',
      model: text('EMBEDDING_MODEL') ?? 'text-embedding-3-small',
      dimension: positiveInt('EMBEDDING_DIMENSION', 128),
      batchSize: positiveInt('EMBEDDING_BATCH_SIZE', 64),
    },
    openai: {
      enabled: Boolean(apiKey || baseURL),
      apiKey,
      ...(baseURL ? { baseURL } : {}),
      chatModel: text('CHAT_MODEL') ?? 'gpt-4o-mini',
      timeoutMs: positiveInt('LLM_TIMEOUT_MS', 30_000),
      maxRetries: Number(text('LLM_MAX_RETRIES') ?? 1) || 0,
      stream: text('LLM_STREAM') === 'true',
    },
    retrieval: { topK: positiveInt('RETRIEVAL_TOP_K', 5), efSearch: positiveInt('HNSW_EF_SEARCH', 1536) },
    ingest: {
      lockWaitMs: positiveInt('INGEST_LOCK_WAIT_MS', 600_000),
      lockStaleMs: positiveInt('INGEST_LOCK_STALE_MS', 20_000),
      generationGraceMs: positiveInt('INDEX_GENERATION_GRACE_MS', 300_000),
    },
    fetch: {
      timeoutMs: positiveInt('FETCH_TIMEOUT_MS', 15_000),
      maxBytes: positiveInt('FETCH_MAX_BYTES', 5 * 1024 * 1024),
    },
    state: {
      store: stateStore === 'postgres' ? 'postgres' : 'memory',
      ...(stateDatabaseUrl ? { databaseUrl: stateDatabaseUrl } : {}),
      updateLeaseMs: positiveInt('STATE_UPDATE_LEASE_MS', 15_000),
    },
    telegram: {
      ...(token ? { token } : {}),
      ...(url('TELEGRAM_API_ROOT') ? { apiRoot: url('TELEGRAM_API_ROOT') } : {}),
      allowedUsers: idList('TELEGRAM_ALLOWED_USERS'),
      allowedChats: idList('TELEGRAM_ALLOWED_CHATS'),
      admins: idList('TELEGRAM_ADMINS'),
      ...(webhookUrl ? { webhookUrl } : {}),
      ...(webhookSecret ? { webhookSecret } : {}),
      webhookPort: positiveInt('TELEGRAM_WEBHOOK_PORT', 8080),
      webhookHost: text('TELEGRAM_WEBHOOK_HOST') ?? '127.0.0.1',
      rateLimit: { windowMs: positiveInt('RATE_LIMIT_WINDOW_MS', 60_000), limit: positiveInt('RATE_LIMIT_MAX', 10) },
    },
  };
  if (problems.length > 0) throw new ConfigError(problems);
  return Object.freeze(config);
}
