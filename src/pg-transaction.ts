import type { Pool, PoolClient } from 'pg';

/**
 * Runs `work` on one pooled connection inside a transaction opened by `begin`: commits when it resolves, rolls back
 * and rethrows when it throws, and always returns the connection to the pool. Resolves with what `work` returns.
 */
export async function inTransaction<T>(
  pool: Pool,
  work: (client: PoolClient) => Promise<T>,
  begin = 'BEGIN',
): Promise<T> {
  const client = await pool.connect();
  try {
    await client.query(begin);
    const result = await work(client);
    await client.query('COMMIT');
    return result;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}
