/**
 * Versioned schema of the bot's shared state. Every table is prefixed `state_` and the versions live in their own
 * `state_migrations` table, so they never collide with the search store's migrations in the same database.
 */
import type { Pool } from 'pg';
import { ConfigError } from '../../errors.js';
import { inTransaction } from '../../pg-transaction.js';

/** One schema step; applied once, in order, inside one transaction with the others of the same start. */
export interface StateMigration {
  version: number;
  name: string;
  sql: string;
}

/** The migrations, oldest first. Append new ones; never edit an applied one. */
export const STATE_MIGRATIONS: readonly StateMigration[] = [
  {
    version: 1,
    name: 'chat history, rate limits, summary cache, update claims, webhook registration',
    sql: `
      CREATE TABLE state_exchanges (
        id bigserial PRIMARY KEY,
        chat_id bigint NOT NULL,
        at timestamptz NOT NULL DEFAULT now(),
        exchange jsonb NOT NULL
      );
      CREATE INDEX state_exchanges_chat ON state_exchanges (chat_id, id);
      CREATE INDEX state_exchanges_at ON state_exchanges (at);
      CREATE TABLE state_citations (
        chat_id bigint PRIMARY KEY,
        at timestamptz NOT NULL DEFAULT now(),
        citations jsonb NOT NULL
      );
      CREATE TABLE state_rate_hits (
        key text NOT NULL,
        window_start bigint NOT NULL,
        hits integer NOT NULL,
        PRIMARY KEY (key, window_start)
      );
      CREATE INDEX state_rate_hits_window ON state_rate_hits (window_start);
      CREATE TABLE state_summaries (
        key text PRIMARY KEY,
        created_at timestamptz NOT NULL DEFAULT now(),
        summary jsonb NOT NULL
      );
      CREATE TABLE state_update_claims (
        update_id bigint PRIMARY KEY,
        claimed_by text NOT NULL,
        claimed_at timestamptz NOT NULL DEFAULT now(),
        lease_until timestamptz NOT NULL,
        attempts integer NOT NULL DEFAULT 1,
        done boolean NOT NULL DEFAULT false
      );
      CREATE INDEX state_update_claims_claimed_at ON state_update_claims (claimed_at);
      CREATE TABLE state_webhook (
        id integer PRIMARY KEY CHECK (id = 1),
        fingerprint text NOT NULL,
        set_by text NOT NULL,
        set_at timestamptz NOT NULL DEFAULT now()
      );
    `,
  },
  {
    version: 2,
    name: 'the chat of each claimed update, so replicas answer one chat in update order',
    sql: `
      ALTER TABLE state_update_claims ADD COLUMN chat_id bigint;
      CREATE INDEX state_update_claims_open_by_chat ON state_update_claims (chat_id, update_id) WHERE NOT done;
    `,
  },
];

/** Advisory lock key of state migrations ("state" in ASCII), so replicas starting together migrate once. */
const MIGRATION_LOCK = 0x7374617465;

/**
 * Brings the schema up to the newest version; replicas starting at once serialize on an advisory lock and the
 * later ones find nothing to do. Returns the versions this call applied. Throws (and applies nothing) on failure, or
 * when the database has a newer state schema than this code knows.
 */
export async function migrateState(pool: Pool, migrations = STATE_MIGRATIONS): Promise<number[]> {
  return inTransaction(pool, async (client) => {
    await client.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
    await client.query(`CREATE TABLE IF NOT EXISTS state_migrations (
      version integer PRIMARY KEY,
      name text NOT NULL,
      applied_at timestamptz NOT NULL DEFAULT now()
    )`);
    const { rows } = await client.query<{ version: number }>('SELECT version FROM state_migrations');
    const applied = new Set(rows.map((row) => row.version));
    const newest = Math.max(0, ...migrations.map((migration) => migration.version));
    const unknown = [...applied].filter((version) => version > newest);
    if (unknown.length > 0) {
      throw new ConfigError([
        `the state schema in DATABASE_URL is at version ${Math.max(...unknown)}, newer than this bot knows (${newest}): upgrade the bot`,
      ]);
    }
    const pending = migrations.filter((migration) => !applied.has(migration.version));
    for (const migration of pending) {
      await client.query(migration.sql);
      await client.query('INSERT INTO state_migrations (version, name) VALUES ($1, $2)', [
        migration.version,
        migration.name,
      ]);
    }
    return pending.map((migration) => migration.version);
  });
}
