/**
 * The Postgres + pgvector store (`VECTOR_STORE=postgres`): read-only, pinned per generation. `watch` LISTENs on
 * `meeting_store` (ingest `pg_notify`s the new generation on commit) and also polls the generation row every
 * `pollMs` (default 1 s), because some servers (PGlite over TCP, poolers in transaction mode) do not deliver NOTIFY.
 */
import type pg from 'pg';
import { inTransaction } from '../../pg-transaction.js';
import type { IndexExpectation } from '../index-store.js';
import type { Store, StoreSnapshot } from '../store.js';
import { checkSchema } from './migrations.js';
import { createPool } from './pool.js';
import { loadChunkTable } from './postgres-chunks.js';
import { createPostgresSnapshot, loadMeetings } from './postgres-snapshot.js';
import { readSettings, readUsableSettings } from './settings.js';

/** The channel ingest notifies after each committed batch; the payload is the new generation. */
export const NOTIFY_CHANNEL = 'meeting_store';

/** Where the database is, what its index must match, and how often `watch` polls (ms, default 1000). */
export interface PostgresStoreOptions {
  databaseUrl: string;
  expectation: IndexExpectation;
  pollMs?: number;
}

/** The Postgres store, with its pool for tools that query it directly (the bench's exact-recall check). */
export interface PostgresStore extends Store {
  readonly pool: pg.Pool;
}

/**
 * Connects (pool of 4) and checks the schema version (IndexMismatchError when the database is older or newer than
 * this code). `snapshot()` throws IndexMissingError before the first ingest and IndexMismatchError when the store
 * was built with another embedder, dimension, chunking or HNSW setting; it never writes.
 */
export async function openPostgresStore(options: PostgresStoreOptions): Promise<PostgresStore> {
  const pool = createPool(options.databaseUrl);
  pool.on('error', () => undefined);
  try {
    await checkSchema(pool);
  } catch (error) {
    await pool.end();
    throw error;
  }
  let cached: Promise<StoreSnapshot> | undefined;
  let cachedGeneration: string | undefined;
  const stops = new Set<() => void>();
  const generation = async () => {
    const settings = await readSettings(pool);
    return settings?.generation ?? '0';
  };
  const load = async (): Promise<StoreSnapshot> => {
    // One repeatable-read transaction: the statistics, the meetings and the chunks are of the same generation.
    return inTransaction(
      pool,
      async (client) => {
        const settings = await readUsableSettings(client, options.expectation);
        const meetings = await loadMeetings(client);
        const chunks = await loadChunkTable(client);
        return createPostgresSnapshot(pool, settings, meetings, chunks, options.expectation.hnsw.efSearch);
      },
      'BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY',
    );
  };
  return {
    kind: 'postgres',
    pool,
    generation,
    async snapshot() {
      const current = await generation();
      if (cached && cachedGeneration === current) {
        const held = await cached.catch(() => undefined);
        if (held) return held;
      }
      cachedGeneration = current;
      cached = load();
      return cached;
    },
    watch(onChange) {
      let seen: string | undefined;
      let stopped = false;
      let listener: pg.PoolClient | undefined;
      const check = async (known?: string) => {
        const now = known ?? (await generation().catch(() => undefined));
        if (stopped || now === undefined) return;
        if (seen !== undefined && now !== seen) onChange(now);
        seen = now;
      };
      void check();
      const timer = setInterval(() => void check(), options.pollMs ?? 1000);
      timer.unref();
      void pool
        .connect()
        .then(async (client) => {
          if (stopped) return client.release();
          listener = client;
          client.on('notification', (message) => {
            if (message.channel === NOTIFY_CHANNEL) void check();
          });
          await client.query(`LISTEN ${NOTIFY_CHANNEL}`);
        })
        .catch(() => undefined);
      const stop = () => {
        stopped = true;
        clearInterval(timer);
        listener?.release(true);
        listener = undefined;
        stops.delete(stop);
      };
      stops.add(stop);
      return stop;
    },
    async close() {
      for (const stop of [...stops]) stop();
      await pool.end();
    },
  };
}
