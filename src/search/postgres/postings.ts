/**
 * Term postings as the Postgres store keeps them: one `bytea` per term and segment (the meetings one ingest batch
 * wrote), each posting 8 bytes big-endian (chunk id as uint32, tf as uint32), as `int4send(id) || int4send(tf)`
 * spells it in SQL. One row per term and batch instead of one per term and chunk: the 3.4M postings of the 20k-chunk
 * bench corpus are 69k rows (36 MB) instead of 3.4M (275 MB at 5k chunks already), and a query reads a common
 * term's postings as a few dozen blobs instead of ten thousand rows.
 */

/** Bytes per posting. */
export const POSTING_BYTES = 8;

/** The largest chunk id a posting can hold. */
export const MAX_POSTING_CHUNK_ID = 0xffff_ffff;

/** Encodes parallel chunk ids and term frequencies; throws RangeError for an id beyond `MAX_POSTING_CHUNK_ID`. */
export function encodePostings(ids: readonly number[], tfs: readonly number[]): Buffer {
  const bytes = Buffer.allocUnsafe(ids.length * POSTING_BYTES);
  ids.forEach((id, i) => {
    if (!Number.isInteger(id) || id < 0 || id > MAX_POSTING_CHUNK_ID) {
      throw new RangeError(`chunk id ${id} does not fit a posting: rebuild the store (its ids have run out)`);
    }
    bytes.writeUInt32BE(id, i * POSTING_BYTES);
    bytes.writeUInt32BE(tfs[i] ?? 0, i * POSTING_BYTES + 4);
  });
  return bytes;
}

/** Calls `each(chunkId, tf)` for every posting in `bytes` (one blob or several concatenated). */
export function forEachPosting(bytes: Buffer, each: (chunkId: number, tf: number) => void): void {
  for (let offset = 0; offset + POSTING_BYTES <= bytes.length; offset += POSTING_BYTES) {
    each(bytes.readUInt32BE(offset), bytes.readUInt32BE(offset + 4));
  }
}

/** The postings of `bytes` whose chunk id is not in `dead`, re-encoded (for a segment that lost meetings). */
export function withoutChunks(bytes: Buffer, dead: ReadonlySet<number>): Buffer {
  const ids: number[] = [];
  const tfs: number[] = [];
  forEachPosting(bytes, (id, tf) => {
    if (dead.has(id)) return;
    ids.push(id);
    tfs.push(tf);
  });
  return encodePostings(ids, tfs);
}
