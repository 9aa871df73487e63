/** The shared state of bot replicas in Postgres: opened once per process, migrated on open. */
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import pg from 'pg';
import type { SummaryCache } from '../../answer/summary-cache.js';
import type { LlmSummary } from '../../answer/summary-llm.js';
import { AppError, UpstreamError } from '../../errors.js';
import type { ChatHistoryOptions } from '../memory.js';
import type { StateStore } from '../types.js';
import { createPostgresUpdateClaims, createPostgresWebhookRegistry } from './claims.js';
import { createPostgresChatHistory } from './history.js';
import { migrateState } from './migrations.js';
import { createPostgresRateCounter } from './rate-counter.js';

/** Default lease of an update claim: a replica that died mid-update is replaced after about this long. */
export const DEFAULT_UPDATE_LEASE_MS = 15_000;

/** Options of `openPostgresStateStore`. */
export interface PostgresStateOptions {
  /** `postgres://…` (DATABASE_URL). */
  databaseUrl: string;
  history?: Pick<ChatHistoryOptions, 'size' | 'ttlMs'>;
  /** Lease of an update claim in milliseconds (default 15 s). */
  updateLeaseMs?: number;
  /** Names this process in claims (default host:pid:random). */
  replicaId?: string;
  /** Connections in the pool (default 5). */
  maxConnections?: number;
}

function createPostgresSummaryCache(pool: pg.Pool): SummaryCache {
  return {
    async get(key) {
      const { rows } = await pool.query<{ summary: LlmSummary }>('SELECT summary FROM state_summaries WHERE key = $1', [
        key,
      ]);
      return rows[0]?.summary;
    },
    async set(key, summary) {
      await pool.query(
        `INSERT INTO state_summaries (key, summary) VALUES ($1, $2)
         ON CONFLICT (key) DO UPDATE SET summary = EXCLUDED.summary, created_at = now()`,
        [key, JSON.stringify(summary)],
      );
    },
  };
}

/**
 * Connects to `databaseUrl`, applies the state migrations and returns the shared store. Throws UpstreamError when
 * the database cannot be reached or refuses the migration, ConfigError when its state schema is newer than this code.
 */
export async function openPostgresStateStore(
  options: PostgresStateOptions,
): Promise<StateStore & { replicaId: string }> {
  const pool = new pg.Pool({ connectionString: options.databaseUrl, max: options.maxConnections ?? 5 });
  // An idle connection dropped by the server must not crash the process; the next query reconnects.
  pool.on('error', () => undefined);
  try {
    await migrateState(pool);
  } catch (error) {
    await pool.end();
    if (error instanceof AppError) throw error;
    const detail = error instanceof Error ? error.message : String(error);
    throw new UpstreamError(
      `cannot open the bot state in DATABASE_URL: ${detail}`,
      'The bot cannot reach its database. Please tell its operator.',
      'network',
      { cause: error },
    );
  }
  const replicaId = options.replicaId ?? `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  return {
    kind: 'postgres',
    replicaId,
    history: createPostgresChatHistory(pool, options.history),
    rateCounter: (windowMs) => createPostgresRateCounter(pool, windowMs),
    summaries: createPostgresSummaryCache(pool),
    claims: createPostgresUpdateClaims(pool, replicaId, options.updateLeaseMs ?? DEFAULT_UPDATE_LEASE_MS),
    webhook: createPostgresWebhookRegistry(pool, replicaId),
    close: () => pool.end(),
  };
}
