/**
 * The chunk table of one generation, loaded once per snapshot: every chunk's stable id, span and BM25 length under
 * a label (labels number the chunks in stable-id order, so ties fall as in the local store), grouped by paragraph.
 */
import type pg from 'pg';
import type { GroupMap } from '../lexical-index.js';
import type { ChunkRef } from '../store.js';

/** A generation's chunks by label, their paragraphs as BM25 groups, and the database id → label map. */
export interface ChunkTable {
  refs: ChunkRef[];
  /** Term count per label. */
  lengths: Int32Array;
  groups: GroupMap;
  /** Group → its meeting, 1-based paragraph and the label of its first chunk. */
  paragraphs: { meetingId: string; paragraph: number; firstLabel: number }[];
  /** The label of a database chunk id, or -1 for a chunk this generation does not hold. */
  labelOf(chunkId: number): number;
}

type ChunkRow = [string, string, number, number, number, number, number];

/** A lookup from database ids to labels: a typed array while ids are dense, else a map. */
function createLabelLookup(ids: number[]): (chunkId: number) => number {
  const maxId = ids.reduce((max, id) => Math.max(max, id), -1);
  if (maxId <= 4 * ids.length + 65_536) {
    const labels = new Int32Array(maxId + 1).fill(-1);
    ids.forEach((id, label) => {
      labels[id] = label;
    });
    return (chunkId) => labels[chunkId] ?? -1;
  }
  const labels = new Map(ids.map((id, label) => [id, label]));
  return (chunkId) => labels.get(chunkId) ?? -1;
}

/** Reads every chunk of the generation `client`'s transaction sees, in stable-id order. */
export async function loadChunkTable(client: pg.ClientBase | pg.Pool): Promise<ChunkTable> {
  const { rows } = await client.query<ChunkRow>({
    text: `SELECT id, meeting_id, paragraph, ordinal, start_offset, end_offset, length FROM chunks
            ORDER BY meeting_id, paragraph, ordinal`,
    rowMode: 'array',
  });
  const refs: ChunkRef[] = [];
  const ids: number[] = [];
  const lengths = new Int32Array(rows.length);
  const groupOf = new Int32Array(rows.length);
  const groupLengths: number[] = [];
  const paragraphs: ChunkTable['paragraphs'] = [];
  let totalLength = 0;
  rows.forEach(([id, meetingId, paragraph, ordinal, start, end, length], label) => {
    ids.push(Number(id));
    refs.push({ meetingId, paragraph, ordinal, start, end });
    lengths[label] = length;
    const last = paragraphs.at(-1);
    if (!last || last.meetingId !== meetingId || last.paragraph !== paragraph) {
      paragraphs.push({ meetingId, paragraph, firstLabel: label });
      groupLengths.push(0);
    }
    const group = paragraphs.length - 1;
    groupOf[label] = group;
    groupLengths[group] = (groupLengths[group] ?? 0) + length;
    totalLength += length;
  });
  return {
    refs,
    lengths,
    groups: { groupOf, groupLengths: Float64Array.from(groupLengths), groupCount: paragraphs.length, totalLength },
    paragraphs,
    labelOf: createLabelLookup(ids),
  };
}
