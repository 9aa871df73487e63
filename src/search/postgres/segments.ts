/**
 * Writing postings segments inside an ingest transaction: a batch's meetings get a new segment holding one blob per
 * term; meetings that are replaced or removed leave their segments, which are dropped when nothing else is in them
 * and rewritten without the dead chunks otherwise, so the postings always hold exactly the live chunks (df exact).
 */
import type pg from 'pg';
import { BYTEA_OID, binaryArray, toStoredTerm } from './pool.js';
import { encodePostings, withoutChunks } from './postings.js';

/** A chunk about to be written: its database id and its BM25 terms (with repeats). */
export interface SegmentChunk {
  id: number;
  terms: readonly string[];
}

/**
 * Takes the chunks of the meetings `ids` out of every segment (call before deleting the meetings): segments holding
 * only such meetings are dropped, the others rewritten without those chunks.
 */
export async function releaseSegments(client: pg.ClientBase, ids: readonly string[]): Promise<void> {
  if (ids.length === 0) return;
  const { rows } = await client.query<{ segment: string; whole: boolean }>(
    `SELECT segment, bool_and(id = ANY($1::text[])) AS whole FROM meetings
      WHERE segment IN (SELECT segment FROM meetings WHERE id = ANY($1::text[])) GROUP BY segment`,
    [ids],
  );
  const whole = rows.filter((row) => row.whole).map((row) => row.segment);
  const partial = rows.filter((row) => !row.whole).map((row) => row.segment);
  if (whole.length > 0) await client.query('DELETE FROM term_postings WHERE segment = ANY($1::bigint[])', [whole]);
  if (partial.length === 0) return;
  const dead = await client.query<{ id: string }>('SELECT id FROM chunks WHERE meeting_id = ANY($1::text[])', [ids]);
  const deadIds = new Set(dead.rows.map((row) => Number(row.id)));
  const kept = await client.query<{ term: string; segment: string; postings: Buffer }>(
    'DELETE FROM term_postings WHERE segment = ANY($1::bigint[]) RETURNING term, segment, postings',
    [partial],
  );
  const rewritten = kept.rows
    .map((row) => ({ ...row, postings: withoutChunks(row.postings, deadIds) }))
    .filter((row) => row.postings.length > 0);
  await insertPostings(
    client,
    rewritten.map((row) => row.term),
    rewritten.map((row) => row.segment),
    rewritten.map((row) => row.postings),
  );
}

/** Inserts postings rows a few thousand at a time (one statement each). */
async function insertPostings(
  client: pg.ClientBase,
  terms: string[],
  segments: string[],
  postings: Buffer[],
): Promise<void> {
  const rowsPerStatement = 5000;
  for (let offset = 0; offset < terms.length; offset += rowsPerStatement) {
    const end = offset + rowsPerStatement;
    await client.query(
      'INSERT INTO term_postings (term, segment, postings) SELECT * FROM unnest($1::text[], $2::bigint[], $3::bytea[])',
      [terms.slice(offset, end), segments.slice(offset, end), binaryArray(BYTEA_OID, postings.slice(offset, end))],
    );
  }
}

/** Writes the postings of `chunks` as segment `segment`: one row per distinct term. */
export async function writeSegment(
  client: pg.ClientBase,
  segment: string,
  chunks: readonly SegmentChunk[],
): Promise<void> {
  const byTerm = new Map<string, { ids: number[]; tfs: number[] }>();
  for (const chunk of chunks) {
    const counts = new Map<string, number>();
    for (const term of chunk.terms) counts.set(term, (counts.get(term) ?? 0) + 1);
    for (const [term, count] of counts) {
      const stored = toStoredTerm(term);
      let posting = byTerm.get(stored);
      if (!posting) {
        posting = { ids: [], tfs: [] };
        byTerm.set(stored, posting);
      }
      posting.ids.push(chunk.id);
      posting.tfs.push(Math.min(count, 0xffff));
    }
  }
  const terms = [...byTerm.keys()];
  await insertPostings(
    client,
    terms,
    terms.map(() => segment),
    [...byTerm.values()].map((posting) => encodePostings(posting.ids, posting.tfs)),
  );
}
