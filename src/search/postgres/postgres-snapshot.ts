/**
 * One generation of the Postgres store, read through the `StoreSnapshot` interface. Meetings and the BM25 statistics
 * are loaded once; searches run in SQL. BM25 is the local LexicalIndex's to the bit: idf is computed in JS (same
 * `Math.log`), the per-term contributions in SQL with the same float8 operations, summed in the same term order
 * (`sum(… ORDER BY ord)`), ties broken by stable id.
 */
import type pg from 'pg';
import type { Meeting, Paragraph } from '../../corpus/meeting.js';
import { inTransaction } from '../../pg-transaction.js';
import {
  bm25Idf,
  CHUNK_BM25,
  type ChunkRef,
  type LexicalChunkHit,
  type SearchFilter,
  type StoreSnapshot,
  type VectorChunkHit,
} from '../store.js';
import { toStoredTerm, vectorLiteral } from './pool.js';
import type { StoreSettings } from './settings.js';

/** Terms whose chunk df a snapshot remembers before it starts over. */
const DF_CACHE_TERMS = 100_000;

/** pgvector caps `hnsw.ef_search` at 1000. */
const MAX_EF_SEARCH = 1000;

interface ChunkRow {
  meeting_id: string;
  paragraph: number;
  ordinal: number;
  start_offset: number;
  end_offset: number;
}

const toRef = (row: ChunkRow): ChunkRef => ({
  meetingId: row.meeting_id,
  paragraph: row.paragraph,
  ordinal: row.ordinal,
  start: row.start_offset,
  end: row.end_offset,
});

/** Distinct terms in first-seen order, as `new Set(terms)` iterates them. */
const distinct = (terms: readonly string[]) => [...new Set(terms)];

/** Loads every meeting with its paragraphs, in id order, numbered 1…n. */
export async function loadMeetings(client: pg.ClientBase | pg.Pool): Promise<Meeting[]> {
  const meetings = await client.query<{ id: string; data: Omit<Meeting, 'paragraphs' | 'number'> }>(
    'SELECT id, data FROM meetings ORDER BY id',
  );
  const paragraphs = await client.query<{ meeting_id: string; data: Paragraph }>(
    'SELECT meeting_id, data FROM paragraphs ORDER BY meeting_id, n',
  );
  const byMeeting = new Map<string, Paragraph[]>();
  for (const row of paragraphs.rows) {
    const list = byMeeting.get(row.meeting_id) ?? [];
    list.push(row.data);
    byMeeting.set(row.meeting_id, list);
  }
  return meetings.rows
    .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
    .map((row, i) => ({ ...row.data, number: i + 1, paragraphs: byMeeting.get(row.id) ?? [] }));
}

/** The filter as a SQL parameter: null for none. */
const meetingParam = (filter?: SearchFilter) => (filter?.meetingIds ? [...filter.meetingIds] : null);

/** A snapshot over `pool` of the generation whose `settings` and `meetings` were loaded together. */
export function createPostgresSnapshot(
  pool: pg.Pool,
  settings: StoreSettings,
  meetings: Meeting[],
  efSearch: number,
): StoreSnapshot {
  const byId = new Map(meetings.map((meeting) => [meeting.id, meeting]));
  // Chunk df per term, cached for this generation (the chunk channel and the sentence match ask for the same terms).
  const dfCache = new Map<string, number>();
  /** Chunk df of each term, keyed by the term as given. */
  const chunkDf = async (terms: string[]) => {
    const missing = terms.filter((term) => !dfCache.has(term));
    if (missing.length > 0) {
      const { rows } = await pool.query<{ term: string; df: string }>(
        'SELECT term, count(*) AS df FROM chunk_terms WHERE term = ANY($1::text[]) GROUP BY term',
        [missing.map(toStoredTerm)],
      );
      const stored = new Map(rows.map((row) => [row.term, Number(row.df)]));
      if (dfCache.size > DF_CACHE_TERMS) dfCache.clear();
      for (const term of missing) dfCache.set(term, stored.get(toStoredTerm(term)) ?? 0);
    }
    return new Map(terms.map((term) => [term, dfCache.get(term) ?? 0]));
  };
  return {
    generation: settings.generation,
    meetings: async () => meetings,
    paragraph: async (meetingId, n) => byId.get(meetingId)?.paragraphs[n - 1],
    async searchParagraphs(terms, options) {
      const weighted = distinct(terms).filter((term) => (options.termWeights?.get(term) ?? 1) > 0);
      if (weighted.length === 0 || settings.paragraphCount === 0) return [];
      const filter = meetingParam(options.filter);
      const dfs = await pool.query<{ term: string; df: string }>(
        `SELECT term, count(DISTINCT (meeting_id, paragraph)) AS df FROM chunk_terms
          WHERE term = ANY($1::text[]) AND ($2::text[] IS NULL OR meeting_id = ANY($2::text[]))
          GROUP BY term`,
        [weighted.map(toStoredTerm), filter],
      );
      const storedDf = new Map(dfs.rows.map((row) => [row.term, Number(row.df)]));
      const df = new Map(weighted.map((term) => [term, storedDf.get(toStoredTerm(term)) ?? 0]));
      const present = weighted.filter((term) => (df.get(term) ?? 0) > 0);
      if (present.length === 0) return [];
      const idfs = present.map(
        (term) => bm25Idf(settings.paragraphCount, df.get(term) ?? 0) * (options.termWeights?.get(term) ?? 1),
      );
      const averageLength = settings.totalLength / Math.max(1, settings.paragraphCount);
      const { rows } = await pool.query<ChunkRow & { score: number; p: number }>(
        `WITH q AS (SELECT * FROM unnest($1::text[], $2::float8[]) WITH ORDINALITY AS q(term, idf, ord)),
         tf AS (
           SELECT q.ord, q.idf, ct.meeting_id, ct.paragraph, sum(ct.tf)::float8 AS tf, min(ct.paragraph_length) AS length
             FROM q JOIN chunk_terms ct ON ct.term = q.term
            WHERE ($3::text[] IS NULL OR ct.meeting_id = ANY($3::text[]))
            GROUP BY q.ord, q.idf, ct.meeting_id, ct.paragraph
         ),
         scored AS (
           SELECT tf.meeting_id, tf.paragraph,
                  sum((tf.idf * tf.tf * ($4::float8 + 1)) /
                      (tf.tf + $4::float8 * (1 - $5::float8 + ($5::float8 * tf.length) / $6::float8)) ORDER BY tf.ord) AS score
             FROM tf
            GROUP BY tf.meeting_id, tf.paragraph
            ORDER BY score DESC, tf.meeting_id, tf.paragraph
            LIMIT $7
         )
         SELECT s.meeting_id, s.paragraph, s.score, c.ordinal, c.start_offset, c.end_offset
           FROM scored s JOIN chunks c ON c.meeting_id = s.meeting_id AND c.paragraph = s.paragraph AND c.ordinal = 0
          ORDER BY s.score DESC, s.meeting_id, s.paragraph`,
        [
          present.map(toStoredTerm),
          idfs,
          filter,
          options.k1 ?? CHUNK_BM25.k1,
          options.b ?? CHUNK_BM25.b,
          averageLength,
          options.k,
        ],
      );
      return rows.map((row) => ({
        meetingId: row.meeting_id,
        paragraph: row.paragraph,
        score: row.score,
        firstChunk: toRef(row),
      }));
    },
    async searchLexical(terms, options): Promise<LexicalChunkHit[]> {
      const unique = distinct(terms);
      if (unique.length === 0 || settings.chunkCount === 0) return [];
      const df = await chunkDf(unique);
      const present = unique.filter((term) => (df.get(term) ?? 0) > 0);
      if (present.length === 0) return [];
      const idfs = present.map((term) => bm25Idf(settings.chunkCount, df.get(term) ?? 0));
      const averageLength = settings.totalLength / Math.max(1, settings.chunkCount);
      const { rows } = await pool.query<ChunkRow & { score: number }>(
        `WITH q AS (SELECT * FROM unnest($1::text[], $2::float8[]) WITH ORDINALITY AS q(term, idf, ord)),
         scored AS (
           SELECT ct.chunk_id, ct.meeting_id, ct.paragraph, ct.ordinal,
                  sum((q.idf * ct.tf::float8 * ($3::float8 + 1)) /
                      (ct.tf::float8 + $3::float8 * (1 - $4::float8 + ($4::float8 * ct.chunk_length) / $5::float8)) ORDER BY q.ord) AS score
             FROM q JOIN chunk_terms ct ON ct.term = q.term
            WHERE ($6::text[] IS NULL OR ct.meeting_id = ANY($6::text[]))
            GROUP BY ct.chunk_id, ct.meeting_id, ct.paragraph, ct.ordinal
            ORDER BY score DESC, ct.meeting_id, ct.paragraph, ct.ordinal
            LIMIT $7
         )
         SELECT s.meeting_id, s.paragraph, s.ordinal, c.start_offset, c.end_offset, s.score
           FROM scored s JOIN chunks c ON c.id = s.chunk_id
          ORDER BY s.score DESC, s.meeting_id, s.paragraph, s.ordinal`,
        [
          present.map(toStoredTerm),
          idfs,
          CHUNK_BM25.k1,
          CHUNK_BM25.b,
          averageLength,
          meetingParam(options.filter),
          options.k,
        ],
      );
      return rows.map((row) => ({ chunk: toRef(row), score: row.score }));
    },
    async searchVectors(vector, options): Promise<VectorChunkHit[]> {
      if (settings.chunkCount === 0) return [];
      const filter = meetingParam(options.filter);
      // Filtered searches are exact (`+ 0` keeps the planner off the index): HNSW post-filtering would drop hits.
      const distance = filter ? '(c.embedding <=> $1::vector) + 0' : 'c.embedding <=> $1::vector';
      return inTransaction(pool, async (client) => {
        await client.query(`SET LOCAL hnsw.ef_search = ${Math.min(MAX_EF_SEARCH, Math.max(options.k, efSearch))}`);
        const { rows } = await client.query<ChunkRow & { distance: number }>(
          `SELECT c.meeting_id, c.paragraph, c.ordinal, c.start_offset, c.end_offset, ${distance} AS distance
             FROM chunks c WHERE ($2::text[] IS NULL OR c.meeting_id = ANY($2::text[]))
            ORDER BY ${distance}, c.meeting_id, c.paragraph, c.ordinal LIMIT $3`,
          [vectorLiteral(vector), filter, options.k],
        );
        return rows.map((row) => ({ chunk: toRef(row), similarity: 1 - row.distance }));
      });
    },
    async termIdf(terms) {
      const df = await chunkDf(distinct(terms));
      return new Map(terms.map((term) => [term, bm25Idf(settings.chunkCount, df.get(term) ?? 0)]));
    },
    chunkCount: async () => settings.chunkCount,
  };
}
