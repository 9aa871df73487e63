/** Rate-limit hits counted in Postgres, so every replica sees the same count for a user. */
import type { Pool } from 'pg';
import type { RateCounter } from '../types.js';

/**
 * Creates a fixed-window counter for `@grammyjs/ratelimiter` (its Redis shape): `incr` is one atomic
 * `INSERT … ON CONFLICT … DO UPDATE` on (key, window), the window taken from the database's clock so replicas agree.
 * `pexpire` (called on a window's first hit) deletes windows that have ended.
 */
export function createPostgresRateCounter(pool: Pool, windowMs: number): RateCounter {
  const currentWindow = 'floor(extract(epoch from now()) * 1000 / $2)::bigint';
  return {
    async incr(key) {
      const { rows } = await pool.query<{ hits: number }>(
        `INSERT INTO state_rate_hits (key, window_start, hits) VALUES ($1, ${currentWindow}, 1)
         ON CONFLICT (key, window_start) DO UPDATE SET hits = state_rate_hits.hits + 1
         RETURNING hits`,
        [key, windowMs],
      );
      return Number(rows[0]?.hits ?? 1);
    },
    async pexpire() {
      const { rowCount } = await pool.query(
        `DELETE FROM state_rate_hits WHERE window_start < ${currentWindow.replace('$2', '$1')}`,
        [windowMs],
      );
      return rowCount ?? 0;
    },
  };
}
