/** The `pg` pool the Postgres store uses, and how vectors travel as text. */
import pg from 'pg';

/** Connections per process: readers run a few queries at once, ingest one transaction. */
export const POOL_SIZE = 4;

/** A pool on `databaseUrl` that lets a CLI process exit once it is idle (a LISTEN client keeps a bot alive). */
export function createPool(databaseUrl: string, max = POOL_SIZE): pg.Pool {
  return new pg.Pool({ connectionString: databaseUrl, max, allowExitOnIdle: true });
}

/** pgvector's text form of a vector: `[x,y,…]`, each float32 printed exactly. */
export function vectorLiteral(vector: ArrayLike<number>): string {
  return `[${Array.from(vector, (x) => String(x)).join(',')}]`;
}
