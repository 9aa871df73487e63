/** The `pg` pool the Postgres store uses, and how vectors travel as text. */
import pg from 'pg';

/** Connections per process: readers run a few queries at once, ingest one transaction. */
export const POOL_SIZE = 4;

/** A pool on `databaseUrl` that lets a CLI process exit once it is idle (a LISTEN client keeps a bot alive). */
export function createPool(databaseUrl: string, max = POOL_SIZE): pg.Pool {
  return new pg.Pool({ connectionString: databaseUrl, max, allowExitOnIdle: true });
}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/**
 * A term as Postgres stores it. A Han bigram cut through an astral character (CJK Extension B…) holds a lone
 * surrogate, which UTF-8 would turn into U+FFFD and merge with other such terms; it is spelled out instead, after
 * U+FFFE (a noncharacter normalized text never holds), so every distinct JS term stays distinct in the database.
 */
export function toStoredTerm(term: string): string {
  return term.replace(LONE_SURROGATE, (unit) => `\uFFFE${unit.charCodeAt(0).toString(16)}`);
}

/** pgvector's text form of a vector: `[x,y,…]`, each float32 printed exactly. */
export function vectorLiteral(vector: ArrayLike<number>): string {
  return `[${Array.from(vector, (x) => String(x)).join(',')}]`;
}
