/**
 * Ingest into the Postgres store: migrates the schema, then adds new and changed meetings and removes deleted ones,
 * a batch of meetings per transaction under `pg_advisory_xact_lock`. Each commit bumps the generation and
 * `pg_notify`s it, so a crash (or a killed connection) mid-ingest leaves every committed meeting answerable and the
 * rest as they were.
 */
import type pg from 'pg';
import { type Chunk, chunkMeeting } from '../../corpus/chunk.js';
import type { Meeting } from '../../corpus/meeting.js';
import { inTransaction } from '../../pg-transaction.js';
import { embedBatch, type IngestOptions, type IngestReport } from '../ingest.js';
import { planIngest, reportIngest } from '../ingest-plan.js';
import { termsOf, tokenizeText } from '../tokenize.js';
import { migrate, STORE_LOCK_KEY } from './migrations.js';
import { binaryArray, createPool, vectorBinary } from './pool.js';
import { loadMeetings } from './postgres-snapshot.js';
import { NOTIFY_CHANNEL } from './postgres-store.js';
import { releaseSegments, writeSegment } from './segments.js';
import { describeSettingsMismatch, readSettings } from './settings.js';

/** Ingest settings for Postgres: those of the local ingest, minus the index folder and its lock. */
export interface PostgresIngestOptions extends Omit<IngestOptions, 'indexDir' | 'lock' | 'generationGraceMs'> {
  databaseUrl: string;
  /** Meetings per transaction (default 50), and chunks per transaction before a batch is cut (default 4,000). */
  meetingsPerBatch?: number;
  chunksPerBatch?: number;
  /** Runs inside each batch's transaction just before COMMIT (tests: throwing there rolls that batch back). */
  beforeCommit?: (meetingIds: string[]) => Promise<void>;
}

/** A chunk ready to insert: its stable id, span, BM25 terms and vector. */
interface PreparedChunk {
  chunk: Chunk;
  ordinal: number;
  terms: string[];
  vector: Float32Array;
}

/** Chunks, segments and embeds the meetings of one batch (outside the transaction, which stays short). */
async function prepare(meetings: Meeting[], options: PostgresIngestOptions): Promise<PreparedChunk[]> {
  const pending: { meeting: Meeting; chunk: Chunk; ordinal: number }[] = [];
  for (const meeting of meetings) {
    const chunks = await chunkMeeting(meeting, options.chunking);
    const ordinals = new Map<number, number>();
    for (const chunk of [...chunks].sort((a, b) => a.paragraph - b.paragraph || a.start - b.start)) {
      const ordinal = ordinals.get(chunk.paragraph) ?? 0;
      ordinals.set(chunk.paragraph, ordinal + 1);
      pending.push({ meeting, chunk, ordinal });
    }
  }
  const prepared: PreparedChunk[] = [];
  const batchSize = options.batchSize ?? 256;
  for (let offset = 0; offset < pending.length; offset += batchSize) {
    const batch = pending.slice(offset, offset + batchSize).map((item) => ({
      ...item,
      title: tokenizeText(item.meeting.title),
      tokens: tokenizeText(item.chunk.text),
    }));
    const vectors = await embedBatch(options.embedder, batch);
    batch.forEach(({ chunk, ordinal, tokens }, i) => {
      const vector = vectors[i];
      if (!vector || vector.length !== options.embedder.dimension) {
        throw new Error(`embedder returned a vector of the wrong size for ${chunk.meetingId} ¶${chunk.paragraph}`);
      }
      prepared.push({ chunk, ordinal, terms: termsOf(tokens), vector });
    });
  }
  return prepared;
}

/** Creates the HNSW cosine index on the vectors unless it exists. */
async function createVectorIndex(client: pg.ClientBase | pg.Pool, hnsw: { m: number; efConstruction: number }) {
  await client.query(
    `CREATE INDEX IF NOT EXISTS chunks_embedding ON chunks USING hnsw (embedding vector_cosine_ops) WITH (m = ${Number(hnsw.m)}, ef_construction = ${Number(hnsw.efConstruction)})`,
  );
}

/** Memory for building the HNSW index after a bulk load (100k chunks of 128 dimensions need about 150 MB). */
const INDEX_BUILD_MEMORY = '512MB';

/** From this many new chunks into a store that holds fewer, the HNSW index is built after loading, not row by row. */
const BULK_LOAD_CHUNKS = 5000;

/** Creates the settings row and the vector column with its HNSW index, or resets them when the settings changed. */
async function ensureSettings(pool: pg.Pool, options: PostgresIngestOptions): Promise<string | undefined> {
  const expected = {
    embedder: { id: options.embedder.id, dimension: options.embedder.dimension },
    chunking: options.chunking,
    hnsw: options.hnsw,
  };
  const settings = await readSettings(pool);
  const mismatch = settings ? describeSettingsMismatch(settings, expected) : undefined;
  if (settings && !mismatch) return undefined;
  const { m, efConstruction } = options.hnsw;
  await inTransaction(pool, async (client) => {
    await client.query('SELECT pg_advisory_xact_lock($1)', [STORE_LOCK_KEY]);
    await client.query('DELETE FROM meetings');
    await client.query('DELETE FROM term_postings');
    await client.query('DROP INDEX IF EXISTS chunks_embedding');
    await client.query('ALTER TABLE chunks DROP COLUMN IF EXISTS embedding');
    await client.query(
      `ALTER TABLE chunks ADD COLUMN embedding vector(${Number(options.embedder.dimension)}) NOT NULL`,
    );
    await createVectorIndex(client, options.hnsw);
    await client.query(
      `INSERT INTO store_settings (id, embedder_id, dimension, chunking, hnsw, generation)
       VALUES (1, $1, $2, $3, $4, 1)
       ON CONFLICT (id) DO UPDATE SET embedder_id = $1, dimension = $2, chunking = $3, hnsw = $4,
         generation = store_settings.generation + 1, chunk_count = 0, paragraph_count = 0, total_length = 0, updated_at = now()`,
      [
        expected.embedder.id,
        expected.embedder.dimension,
        JSON.stringify(options.chunking),
        JSON.stringify({ m, efConstruction }),
      ],
    );
  });
  return mismatch;
}

/** Replaces `meetings` (and deletes `removed`) in one transaction; bumps the generation and notifies on commit. */
async function commitBatch(
  pool: pg.Pool,
  meetings: Meeting[],
  removed: string[],
  chunks: PreparedChunk[],
  options: PostgresIngestOptions,
): Promise<void> {
  const ids = [...meetings.map((meeting) => meeting.id), ...removed];
  await inTransaction(pool, async (client) => {
    await client.query('SELECT pg_advisory_xact_lock($1)', [STORE_LOCK_KEY]);
    const { rows: types } = await client.query<{ oid: number }>("SELECT 'vector'::regtype::oid AS oid");
    const vectorOid = Number(types[0]?.oid);
    const gone = await client.query<{ chunks: string; paragraphs: string; length: string }>(
      `SELECT count(*) AS chunks, count(DISTINCT (meeting_id, paragraph)) AS paragraphs, coalesce(sum(length), 0) AS length
         FROM chunks WHERE meeting_id = ANY($1::text[])`,
      [ids],
    );
    await releaseSegments(client, ids);
    await client.query('DELETE FROM meetings WHERE id = ANY($1::text[])', [ids]);
    const lengths = new Map<string, number>();
    for (const { chunk, terms } of chunks) {
      const key = `${chunk.meetingId}#${chunk.paragraph}`;
      lengths.set(key, (lengths.get(key) ?? 0) + terms.length);
    }
    const { rows: segmentRows } = await client.query<{ segment: string }>(
      "SELECT nextval('postings_segment_seq') AS segment",
    );
    const segment = segmentRows[0]?.segment ?? '0';
    await client.query(
      `INSERT INTO meetings (id, file, hash, data, segment)
       SELECT *, $5::bigint FROM unnest($1::text[], $2::text[], $3::text[], $4::json[])`,
      [
        meetings.map((m) => m.id),
        meetings.map((m) => m.file),
        meetings.map((m) => m.hash),
        meetings.map(({ paragraphs: _p, number: _n, ...rest }) => JSON.stringify(rest)),
        segment,
      ],
    );
    const paragraphs = meetings.flatMap((m) => m.paragraphs.map((p) => ({ meetingId: m.id, paragraph: p })));
    await client.query(
      'INSERT INTO paragraphs (meeting_id, n, data, length) SELECT * FROM unnest($1::text[], $2::int[], $3::json[], $4::int[])',
      [
        paragraphs.map((p) => p.meetingId),
        paragraphs.map((p) => p.paragraph.n),
        paragraphs.map((p) => JSON.stringify(p.paragraph)),
        paragraphs.map((p) => lengths.get(`${p.meetingId}#${p.paragraph.n}`) ?? 0),
      ],
    );
    if (chunks.length > 0) {
      const { rows } = await client.query<{ id: string }>(
        "SELECT nextval('chunks_id_seq') AS id FROM generate_series(1, $1::int)",
        [chunks.length],
      );
      const chunkIds = rows.map((row) => row.id);
      await client.query(
        `INSERT INTO chunks (id, meeting_id, paragraph, ordinal, start_offset, end_offset, length, embedding)
         SELECT id, meeting_id, paragraph, ordinal, s, e, len, v
           FROM unnest($1::bigint[], $2::text[], $3::int[], $4::int[], $5::int[], $6::int[], $7::int[], $8::vector[])
             AS t(id, meeting_id, paragraph, ordinal, s, e, len, v)`,
        [
          chunkIds,
          chunks.map((c) => c.chunk.meetingId),
          chunks.map((c) => c.chunk.paragraph),
          chunks.map((c) => c.ordinal),
          chunks.map((c) => c.chunk.start),
          chunks.map((c) => c.chunk.end),
          chunks.map((c) => c.terms.length),
          binaryArray(
            vectorOid,
            chunks.map((c) => vectorBinary(c.vector)),
          ),
        ],
      );
      await writeSegment(
        client,
        segment,
        chunks.map((chunk, i) => ({ id: Number(chunkIds[i]), terms: chunk.terms })),
      );
    }
    const removedStats = gone.rows[0];
    await client.query(
      `UPDATE store_settings SET generation = generation + 1, updated_at = now(),
         chunk_count = chunk_count - $1 + $2, paragraph_count = paragraph_count - $3 + $4,
         total_length = total_length - $5 + $6
       WHERE id = 1`,
      [
        Number(removedStats?.chunks ?? 0),
        chunks.length,
        Number(removedStats?.paragraphs ?? 0),
        lengths.size,
        Number(removedStats?.length ?? 0),
        chunks.reduce((sum, c) => sum + c.terms.length, 0),
      ],
    );
    await client.query(`SELECT pg_notify('${NOTIFY_CHANNEL}', generation::text) FROM store_settings WHERE id = 1`);
    await options.beforeCommit?.(ids);
  });
}

/** Cuts the changed meetings into batches of at most `meetingsPerBatch` meetings or about `chunksPerBatch` chunks. */
function cutBatches(meetings: Meeting[], options: PostgresIngestOptions): Meeting[][] {
  const maxMeetings = options.meetingsPerBatch ?? 50;
  const maxParagraphs = options.chunksPerBatch ?? 4000;
  const batches: Meeting[][] = [];
  let current: Meeting[] = [];
  let size = 0;
  for (const meeting of meetings) {
    if (current.length > 0 && (current.length >= maxMeetings || size + meeting.paragraphs.length > maxParagraphs)) {
      batches.push(current);
      current = [];
      size = 0;
    }
    current.push(meeting);
    size += meeting.paragraphs.length;
  }
  if (current.length > 0) batches.push(current);
  return batches;
}

/**
 * Builds or updates the Postgres store from `seedsDir`: only new or changed documents are chunked and embedded,
 * removed ones are deleted, unreadable ones keep their previous version. Returns the stored meetings and the report.
 */
export async function ingestToPostgres(
  options: PostgresIngestOptions,
): Promise<{ meetings: Meeting[]; report: IngestReport }> {
  const started = performance.now();
  const pool = createPool(options.databaseUrl);
  pool.on('error', () => undefined);
  try {
    const applied = await migrate(pool);
    if (applied.length > 0) options.logger.info(`Migrated the Postgres schema to version ${applied.at(-1)}.`);
    const rebuiltBecause = await ensureSettings(pool, options);
    if (rebuiltBecause) options.logger.warn(`Rebuilding the Postgres store: ${rebuiltBecause}`);
    const stored = await loadMeetings(pool);
    const plan = await planIngest(stored, options.seedsDir, options.logger);
    const { changed, removed } = plan;
    const total = changed.reduce((sum, meeting) => sum + meeting.paragraphs.length, 0);
    let done = 0;
    const batches = cutBatches(changed, options);
    if (batches.length === 0 && removed.length > 0) batches.push([]);
    // A large first load inserts without the HNSW index and builds it at the end, several times faster than inserting
    // into the graph row by row; meanwhile vector searches scan exactly. A crash in between leaves the index missing,
    // and the next ingest creates it.
    const bulk = total >= BULK_LOAD_CHUNKS && total > ((await readSettings(pool))?.chunkCount ?? 0);
    if (bulk) await pool.query('DROP INDEX IF EXISTS chunks_embedding');
    for (const [i, batch] of batches.entries()) {
      const chunks = await prepare(batch, options);
      await commitBatch(pool, batch, i === 0 ? removed : [], chunks, options);
      done += batch.reduce((sum, meeting) => sum + meeting.paragraphs.length, 0);
      options.onProgress?.(done, total);
    }
    // Fresh planner statistics: without them a query plans for the empty tables and hash-joins every chunk (10× slower
    // here). Postgres' autovacuum would get there later; PGlite has none.
    // pgvector builds the graph in memory when it fits in maintenance_work_mem (64 MB by default), far faster.
    await inTransaction(pool, async (client) => {
      await client.query(`SET LOCAL maintenance_work_mem = '${INDEX_BUILD_MEMORY}'`);
      await createVectorIndex(client, options.hnsw);
    });
    // VACUUM sets the visibility map, without which the covering index cannot be read index-only.
    if (batches.length > 0) await pool.query('VACUUM ANALYZE term_postings, chunks, paragraphs, meetings');
    const meetings = await loadMeetings(pool);
    const settings = await readSettings(pool);
    const report = reportIngest(
      plan,
      { meetings, chunks: settings?.chunkCount ?? 0 },
      rebuiltBecause,
      started,
      options.logger,
    );
    return { meetings, report };
  } finally {
    await pool.end();
  }
}
