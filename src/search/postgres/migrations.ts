/**
 * The Postgres store's schema, created and migrated by the project: numbered migrations recorded in
 * `schema_migrations`. Ingest migrates (under an advisory lock); readers only check the version.
 */
import type pg from 'pg';
import { IndexMismatchError } from '../../errors.js';
import { inTransaction } from '../../pg-transaction.js';

/** One schema step; `version` numbers are consecutive from 1 and never change once released. */
export interface Migration {
  version: number;
  description: string;
  sql: string;
}

/**
 * The vector column is added at the first ingest (`vector(dimension)` needs the embedder's dimension), so it is not
 * here. Meeting ids sort with COLLATE "C" (code units, as `loadCorpus` sorts them).
 */
export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    description: 'meetings, paragraphs, chunks, chunk term frequencies, settings with the generation',
    sql: `
      CREATE EXTENSION IF NOT EXISTS vector;
      CREATE TABLE store_settings (
        id int PRIMARY KEY CHECK (id = 1),
        embedder_id text NOT NULL,
        dimension int NOT NULL,
        chunking json NOT NULL,
        hnsw json NOT NULL,
        generation bigint NOT NULL DEFAULT 0,
        chunk_count bigint NOT NULL DEFAULT 0,
        paragraph_count bigint NOT NULL DEFAULT 0,
        total_length bigint NOT NULL DEFAULT 0,
        updated_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE TABLE meetings (
        id text COLLATE "C" PRIMARY KEY,
        file text NOT NULL,
        hash text NOT NULL,
        data json NOT NULL
      );
      CREATE TABLE paragraphs (
        meeting_id text COLLATE "C" NOT NULL REFERENCES meetings (id) ON DELETE CASCADE,
        n int NOT NULL,
        data json NOT NULL,
        length int NOT NULL DEFAULT 0,
        PRIMARY KEY (meeting_id, n)
      );
      CREATE TABLE chunks (
        id bigserial PRIMARY KEY,
        meeting_id text COLLATE "C" NOT NULL,
        paragraph int NOT NULL,
        ordinal int NOT NULL,
        start_offset int NOT NULL,
        end_offset int NOT NULL,
        length int NOT NULL,
        UNIQUE (meeting_id, paragraph, ordinal),
        FOREIGN KEY (meeting_id, paragraph) REFERENCES paragraphs (meeting_id, n) ON DELETE CASCADE
      );
      CREATE TABLE chunk_terms (
        term text COLLATE "C" NOT NULL,
        chunk_id bigint NOT NULL REFERENCES chunks (id) ON DELETE CASCADE,
        tf int NOT NULL,
        PRIMARY KEY (term, chunk_id)
      );
      CREATE INDEX chunk_terms_chunk ON chunk_terms (chunk_id);
    `,
  },
  {
    version: 2,
    description: 'chunk_terms carries its postings (meeting, paragraph, ordinal, lengths) in one covering index',
    // BM25 then reads one index-only range per term instead of a heap page and a chunks lookup per posting (a
    // five-term query over 20k chunks: 1.9 s before on PGlite). A meeting's rows are rewritten together, so the
    // copied lengths never go stale.
    sql: `
      ALTER TABLE chunk_terms ADD COLUMN meeting_id text COLLATE "C", ADD COLUMN paragraph int, ADD COLUMN ordinal int,
        ADD COLUMN chunk_length int, ADD COLUMN paragraph_length int;
      UPDATE chunk_terms ct SET meeting_id = c.meeting_id, paragraph = c.paragraph, ordinal = c.ordinal,
          chunk_length = c.length, paragraph_length = p.length
        FROM chunks c JOIN paragraphs p ON p.meeting_id = c.meeting_id AND p.n = c.paragraph
       WHERE c.id = ct.chunk_id;
      ALTER TABLE chunk_terms ALTER COLUMN meeting_id SET NOT NULL, ALTER COLUMN paragraph SET NOT NULL,
        ALTER COLUMN ordinal SET NOT NULL, ALTER COLUMN chunk_length SET NOT NULL,
        ALTER COLUMN paragraph_length SET NOT NULL;
      ALTER TABLE chunk_terms DROP CONSTRAINT chunk_terms_pkey;
      CREATE UNIQUE INDEX chunk_terms_postings ON chunk_terms (term, chunk_id)
        INCLUDE (tf, meeting_id, paragraph, ordinal, chunk_length, paragraph_length);
    `,
  },
  {
    version: 3,
    description: 'postings as one blob per term and segment (term_postings) instead of one row per term and chunk',
    // At 20k chunks chunk_terms held 3.4M rows (784 MB); inserting them was 70 % of ingest and a query read every row
    // of its terms. A segment is the meetings one ingest batch wrote; the migrated meetings get one each. Lengths,
    // paragraphs and ordinals come from `chunks`, which readers load once per generation.
    sql: `
      CREATE SEQUENCE postings_segment_seq;
      ALTER TABLE meetings ADD COLUMN segment bigint;
      UPDATE meetings SET segment = nextval('postings_segment_seq');
      ALTER TABLE meetings ALTER COLUMN segment SET NOT NULL;
      CREATE INDEX meetings_segment ON meetings (segment);
      CREATE TABLE term_postings (
        term text COLLATE "C" NOT NULL,
        segment bigint NOT NULL,
        postings bytea NOT NULL,
        PRIMARY KEY (term, segment)
      );
      ALTER TABLE term_postings ALTER COLUMN postings SET STORAGE EXTERNAL;
      INSERT INTO term_postings (term, segment, postings)
        SELECT ct.term, m.segment, string_agg(int4send(ct.chunk_id::int) || int4send(ct.tf), ''::bytea ORDER BY ct.chunk_id)
          FROM chunk_terms ct JOIN meetings m ON m.id = ct.meeting_id
         GROUP BY ct.term, m.segment;
      CREATE INDEX term_postings_segment ON term_postings (segment);
      DROP TABLE chunk_terms;
    `,
  },
];

/** The schema version this code reads and writes. */
export const SCHEMA_VERSION = MIGRATIONS.length;

/** Advisory lock key of migrations and ingest batches ('mbot' as an int). */
export const STORE_LOCK_KEY = 0x6d626f74;

/** The version recorded in the database (0 for an empty database). */
export async function readSchemaVersion(client: pg.ClientBase | pg.Pool): Promise<number> {
  const exists = await client.query<{ exists: boolean }>(
    "SELECT to_regclass('schema_migrations') IS NOT NULL AS exists",
  );
  if (!exists.rows[0]?.exists) return 0;
  const result = await client.query<{ version: number | null }>(
    'SELECT max(version) AS version FROM schema_migrations',
  );
  return Number(result.rows[0]?.version ?? 0);
}

/** Throws IndexMismatchError unless the database is at exactly `SCHEMA_VERSION` (readers never migrate). */
export async function checkSchema(pool: pg.Pool): Promise<void> {
  const version = await readSchemaVersion(pool);
  if (version > SCHEMA_VERSION) {
    throw new IndexMismatchError(
      `the database schema is version ${version}, newer than this version of the bot reads (${SCHEMA_VERSION}): upgrade the bot`,
    );
  }
  if (version < SCHEMA_VERSION) {
    throw new IndexMismatchError(
      `the database schema is version ${version}, this version of the bot needs ${SCHEMA_VERSION}: run \`npm run ingest\` to migrate it`,
    );
  }
}

/**
 * Applies the migrations the database lacks, each in its own transaction under the store's advisory lock, and
 * returns the versions applied. Throws IndexMismatchError when the database is newer than this code.
 */
export async function migrate(pool: pg.Pool): Promise<number[]> {
  const applied: number[] = [];
  return inTransaction(pool, async (client) => {
    await client.query('SELECT pg_advisory_xact_lock($1)', [STORE_LOCK_KEY]);
    await client.query(
      'CREATE TABLE IF NOT EXISTS schema_migrations (version int PRIMARY KEY, description text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())',
    );
    const version = await readSchemaVersion(client);
    if (version > SCHEMA_VERSION) {
      throw new IndexMismatchError(
        `the database schema is version ${version}, newer than this version of the bot writes (${SCHEMA_VERSION}): upgrade the bot`,
      );
    }
    for (const migration of MIGRATIONS.filter((m) => m.version > version)) {
      await client.query(migration.sql);
      await client.query('INSERT INTO schema_migrations (version, description) VALUES ($1, $2)', [
        migration.version,
        migration.description,
      ]);
      applied.push(migration.version);
    }
    return applied;
  });
}
