/** Update claims and the one-time webhook registration, coordinated through Postgres between replicas. */
import type { Pool } from 'pg';
import { inTransaction } from '../../pg-transaction.js';
import type { ClaimOutcome, UpdateClaims, WebhookRegistry } from '../types.js';

/** Claims of finished updates are kept this long (Telegram stops redelivering long before). */
const KEEP_FINISHED = '1 day';
/** Every this many claims, finished claims older than KEEP_FINISHED are deleted. */
const SWEEP_EVERY = 500;

/**
 * Creates the update claims of replica `replicaId` with leases of `leaseMs` (the database's clock decides expiry,
 * so replicas' clocks need not agree). A claim is one atomic upsert: it inserts, or takes over a row that is not
 * done and whose lease has run out.
 */
export function createPostgresUpdateClaims(pool: Pool, replicaId: string, leaseMs: number): UpdateClaims {
  const lease = `${leaseMs} milliseconds`;
  let claimsSinceSweep = 0;
  return {
    leaseMs,
    async claim(updateId, chatId): Promise<ClaimOutcome> {
      if (++claimsSinceSweep >= SWEEP_EVERY) {
        claimsSinceSweep = 0;
        await pool.query(
          `DELETE FROM state_update_claims WHERE done AND claimed_at < now() - interval '${KEEP_FINISHED}'`,
        );
      }
      const taken = await pool.query(
        `INSERT INTO state_update_claims (update_id, claimed_by, lease_until, chat_id)
         VALUES ($1, $2, now() + $3::interval, $4)
         ON CONFLICT (update_id) DO UPDATE
           SET claimed_by = EXCLUDED.claimed_by, lease_until = EXCLUDED.lease_until, claimed_at = now(),
               attempts = state_update_claims.attempts + 1
           WHERE NOT state_update_claims.done AND state_update_claims.lease_until < now()
         RETURNING update_id`,
        [updateId, replicaId, lease, chatId ?? null],
      );
      if (taken.rowCount === 1) return 'claimed';
      const { rows } = await pool.query<{ done: boolean }>(
        'SELECT done FROM state_update_claims WHERE update_id = $1',
        [updateId],
      );
      // The row can vanish between the two statements only by a sweep of old finished claims.
      return rows[0]?.done === false ? 'busy' : 'done';
    },
    async hasEarlierInProgress(updateId, chatId) {
      const { rowCount } = await pool.query(
        `SELECT 1 FROM state_update_claims
         WHERE chat_id = $1 AND update_id < $2 AND NOT done AND lease_until > now() LIMIT 1`,
        [chatId, updateId],
      );
      return rowCount === 1;
    },
    async renew(updateId) {
      const { rowCount } = await pool.query(
        `UPDATE state_update_claims SET lease_until = now() + $3::interval
         WHERE update_id = $1 AND claimed_by = $2 AND NOT done`,
        [updateId, replicaId, lease],
      );
      return rowCount === 1;
    },
    async finish(updateId) {
      await pool.query('UPDATE state_update_claims SET done = true WHERE update_id = $1', [updateId]);
    },
  };
}

/** Advisory lock key of the webhook registration ("hook" in ASCII). */
const WEBHOOK_LOCK = 0x686f6f6b;

/**
 * Creates the webhook registry: replicas serialize on an advisory lock, and only the first one that finds another
 * fingerprint (URL, secret, update types) than the stored one, or a webhook the Bot API no longer reports (e.g.
 * after someone ran the bot with long polling), calls `register`.
 */
export function createPostgresWebhookRegistry(pool: Pool, replicaId: string): WebhookRegistry {
  return {
    async registerOnce(fingerprint, { isCurrent, register }) {
      return inTransaction(pool, async (client) => {
        await client.query('SELECT pg_advisory_xact_lock($1)', [WEBHOOK_LOCK]);
        const { rows } = await client.query<{ fingerprint: string }>(
          'SELECT fingerprint FROM state_webhook WHERE id = 1',
        );
        if (rows[0]?.fingerprint === fingerprint && (await isCurrent())) {
          return false;
        }
        await register();
        await client.query(
          `INSERT INTO state_webhook (id, fingerprint, set_by) VALUES (1, $1, $2)
           ON CONFLICT (id) DO UPDATE SET fingerprint = EXCLUDED.fingerprint, set_by = EXCLUDED.set_by, set_at = now()`,
          [fingerprint, replicaId],
        );
        return true;
      });
    },
  };
}
