/**
 * One generation of the Postgres store, read through the `StoreSnapshot` interface. Meetings and the chunk table
 * are loaded once; each lexical search reads its terms' postings (cached for the generation) and scores them with
 * the local store's LexicalIndex, so BM25 is identical to the bit, ties broken by stable id; vectors are searched in
 * SQL.
 */
import type pg from 'pg';
import type { Meeting, Paragraph } from '../../corpus/meeting.js';
import { inTransaction } from '../../pg-transaction.js';
import { LexicalIndex } from '../lexical-index.js';
import {
  bm25Idf,
  type ChunkRef,
  type LexicalChunkHit,
  type SearchFilter,
  type StoreSnapshot,
  type VectorChunkHit,
} from '../store.js';
import { toStoredTerm, vectorLiteral } from './pool.js';
import type { ChunkTable } from './postgres-chunks.js';
import { forEachPosting, POSTING_BYTES } from './postings.js';
import type { StoreSettings } from './settings.js';

/** Postings a snapshot keeps in memory (about 6 bytes each) before it starts over. */
const CACHED_POSTINGS = 8_000_000;

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

/** One term's postings in this generation, by label. */
interface TermPostings {
  labels: Int32Array;
  tfs: Uint16Array;
}

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

/** A predicate on meeting ids, or undefined when `filter` names none. */
const meetingTest = (filter?: SearchFilter) => {
  if (!filter?.meetingIds) return undefined;
  const ids = new Set(filter.meetingIds);
  return (meetingId: string) => ids.has(meetingId);
};

/**
 * Reads terms' postings for one generation, a query at a time, and keeps them (a generation never changes, and the
 * paragraph and chunk channels ask for the same terms at once). Chunks the generation does not hold are skipped.
 */
function createPostingsReader(pool: pg.Pool, chunks: ChunkTable) {
  const cache = new Map<string, Promise<TermPostings>>();
  let cachedPostings = 0;
  const decode = (bytes: Buffer | undefined): TermPostings => {
    const count = Math.floor((bytes?.length ?? 0) / POSTING_BYTES);
    const labels = new Int32Array(count);
    const tfs = new Uint16Array(count);
    let size = 0;
    if (bytes) {
      forEachPosting(bytes, (chunkId, tf) => {
        const label = chunks.labelOf(chunkId);
        if (label < 0) return;
        labels[size] = label;
        tfs[size++] = Math.min(tf, 0xffff);
      });
    }
    cachedPostings += size;
    return { labels: labels.subarray(0, size), tfs: tfs.subarray(0, size) };
  };
  /** Postings of each of `terms` (distinct), in order. */
  return (terms: string[]): Promise<TermPostings[]> => {
    const missing = terms.filter((term) => !cache.has(term));
    if (missing.length > 0) {
      if (cachedPostings > CACHED_POSTINGS) {
        cache.clear();
        cachedPostings = 0;
      }
      const blobs = pool
        .query<{ term: string; postings: Buffer }>(
          `SELECT term, string_agg(postings, ''::bytea) AS postings FROM term_postings
            WHERE term = ANY($1::text[]) GROUP BY term`,
          [missing.map(toStoredTerm)],
        )
        .then(({ rows }) => new Map(rows.map((row) => [row.term, row.postings])));
      for (const term of missing) {
        const entry = blobs.then((found) => decode(found.get(toStoredTerm(term))));
        cache.set(term, entry);
        entry.catch(() => {
          if (cache.get(term) === entry) cache.delete(term);
        });
      }
    }
    return Promise.all(terms.map((term) => cache.get(term) ?? Promise.resolve(decode(undefined))));
  };
}

/**
 * A snapshot over `pool` of the generation whose `settings`, `meetings` and `chunks` were loaded together. Lexical
 * searches read their terms' postings from `term_postings` and score them with the local store's own LexicalIndex
 * over this generation's chunk table, so BM25 is the local store's to the bit by construction; vectors are searched
 * in SQL (pgvector HNSW, or an exact scan under a filter).
 */
export function createPostgresSnapshot(
  pool: pg.Pool,
  settings: StoreSettings,
  meetings: Meeting[],
  chunks: ChunkTable,
  efSearch: number,
): StoreSnapshot {
  const byId = new Map(meetings.map((meeting) => [meeting.id, meeting]));
  const readPostings = createPostingsReader(pool, chunks);
  /** A LexicalIndex over every chunk of the generation holding the postings of `terms` only. */
  const indexOf = async (terms: string[]) => {
    const postings = await readPostings(terms);
    const sizes = Uint32Array.from(postings, (posting) => posting.labels.length);
    const total = sizes.reduce((sum, size) => sum + size, 0);
    const labels = new Int32Array(total);
    const tfs = new Uint16Array(total);
    let offset = 0;
    for (const posting of postings) {
      labels.set(posting.labels, offset);
      tfs.set(posting.tfs, offset);
      offset += posting.labels.length;
    }
    return LexicalIndex.fromData({ terms, sizes, lengths: chunks.lengths, labels, tfs });
  };
  const chunkCount = chunks.refs.length;
  return {
    generation: settings.generation,
    meetings: async () => meetings,
    paragraph: async (meetingId, n) => byId.get(meetingId)?.paragraphs[n - 1],
    async searchParagraphs(terms, options) {
      const weights = options.termWeights;
      const weighted = distinct(terms).filter((term) => (weights?.get(term) ?? 1) > 0);
      if (weighted.length === 0 || chunkCount === 0) return [];
      const index = await indexOf(weighted);
      const accept = meetingTest(options.filter);
      const only = accept ? (group: number) => accept(chunks.paragraphs[group]?.meetingId ?? '') : undefined;
      const hits = index.searchGroups(weighted, options.k, chunks.groups, {
        ...(only ? { only } : {}),
        ...(options.k1 === undefined ? {} : { k1: options.k1 }),
        ...(options.b === undefined ? {} : { b: options.b }),
        ...(weights ? { weightOf: (term: string) => weights.get(term) ?? 1 } : {}),
      });
      return hits.flatMap(({ label: group, score }) => {
        const address = chunks.paragraphs[group];
        const firstChunk = address && chunks.refs[address.firstLabel];
        return address && firstChunk
          ? [{ meetingId: address.meetingId, paragraph: address.paragraph, score, firstChunk }]
          : [];
      });
    },
    async searchLexical(terms, options): Promise<LexicalChunkHit[]> {
      const unique = distinct(terms);
      if (unique.length === 0 || chunkCount === 0) return [];
      const index = await indexOf(unique);
      const test = meetingTest(options.filter);
      const accept = test ? (label: number) => test(chunks.refs[label]?.meetingId ?? '') : undefined;
      return index.search(unique, options.k, accept).flatMap(({ label, score }) => {
        const chunk = chunks.refs[label];
        return chunk ? [{ chunk, score }] : [];
      });
    },
    async searchVectors(vector, options): Promise<VectorChunkHit[]> {
      if (chunkCount === 0) return [];
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
      const unique = distinct(terms);
      const postings = await readPostings(unique);
      const df = new Map(unique.map((term, i) => [term, postings[i]?.labels.length ?? 0]));
      return new Map(terms.map((term) => [term, bm25Idf(chunkCount, df.get(term) ?? 0)]));
    },
    chunkCount: async () => chunkCount,
  };
}
