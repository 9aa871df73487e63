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

/** The type oid of `bytea`, fixed in every Postgres. */
export const BYTEA_OID = 17;

/**
 * A one-dimensional array in Postgres' binary format (as `array_recv` reads it) of elements already in their
 * type's binary format. `pg` sends a Buffer parameter as binary, so `$1::vector[]` or `$1::bytea[]` given this skips
 * the text parsing of every element (for 128-dimension vectors on PGlite, 0.7 ms a row).
 */
export function binaryArray(elementOid: number, elements: readonly Buffer[]): Buffer {
  const bytes = Buffer.allocUnsafe(20 + elements.reduce((sum, element) => sum + 4 + element.length, 0));
  bytes.writeInt32BE(1, 0);
  bytes.writeInt32BE(0, 4);
  bytes.writeUInt32BE(elementOid, 8);
  bytes.writeInt32BE(elements.length, 12);
  bytes.writeInt32BE(1, 16);
  let offset = 20;
  for (const element of elements) {
    bytes.writeInt32BE(element.length, offset);
    element.copy(bytes, offset + 4);
    offset += 4 + element.length;
  }
  return bytes;
}

/** pgvector's binary form of a vector (`vector_recv`): int16 dimension, int16 zero, float32s, all big-endian. */
export function vectorBinary(vector: ArrayLike<number>): Buffer {
  const bytes = Buffer.allocUnsafe(4 + vector.length * 4);
  bytes.writeInt16BE(vector.length, 0);
  bytes.writeInt16BE(0, 2);
  for (let i = 0; i < vector.length; i++) bytes.writeFloatBE(vector[i] ?? 0, 4 + i * 4);
  return bytes;
}
