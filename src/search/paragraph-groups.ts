import type { SearchIndex } from './index-store.js';
import type { GroupMap } from './lexical-index.js';
import { compareParagraphs } from './store.js';

/** Every paragraph of an index as one group of its chunks: the unit that retrieval ranks. */
export interface ParagraphGroups extends GroupMap {
  /** Group number → its meeting id and 1-based paragraph number. */
  paragraphs: { meetingId: string; paragraph: number }[];
  /** Group number → the labels of its chunks, in chunk order (by start). */
  labels: number[][];
  /** `${meetingId}#${paragraph}` → group number. */
  byKey: Map<string, number>;
}

/** The key of a paragraph in `ParagraphGroups.byKey`. */
export function paragraphKey(meetingId: string, paragraph: number): string {
  return `${meetingId}#${paragraph}`;
}

/** Groups the index's chunks by paragraph, with each paragraph's BM25 length (sum of its chunks'); O(chunks log chunks). */
export function groupParagraphs(index: Pick<SearchIndex, 'chunks' | 'lexical'>): ParagraphGroups {
  const lengths = index.lexical.labelLengths();
  let maxLabel = -1;
  for (const label of index.chunks.keys()) if (label > maxLabel) maxLabel = label;
  const groupOf = new Int32Array(maxLabel + 1).fill(-1);
  const paragraphs: ParagraphGroups['paragraphs'] = [];
  const labels: number[][] = [];
  const byKey = new Map<string, number>();
  const groupLength: number[] = [];
  let totalLength = 0;
  // Groups are numbered in stable-id order (meeting id, paragraph, chunk start), so ties between equal scores fall the
  // same way in every store and after any sequence of incremental ingests (a fresh build's label order is the same).
  const sorted = [...index.chunks.values()].sort(
    (a, b) => compareParagraphs(a, b) || a.start - b.start || a.label - b.label,
  );
  for (const chunk of sorted) {
    const key = paragraphKey(chunk.meetingId, chunk.paragraph);
    let group = byKey.get(key);
    if (group === undefined) {
      group = paragraphs.length;
      byKey.set(key, group);
      paragraphs.push({ meetingId: chunk.meetingId, paragraph: chunk.paragraph });
      labels.push([]);
      groupLength.push(0);
    }
    groupOf[chunk.label] = group;
    labels[group]?.push(chunk.label);
    const length = Math.max(0, lengths[chunk.label] ?? 0);
    groupLength[group] = (groupLength[group] ?? 0) + length;
    totalLength += length;
  }
  return {
    groupOf,
    groupLengths: Float64Array.from(groupLength),
    groupCount: paragraphs.length,
    totalLength,
    paragraphs,
    labels,
    byKey,
  };
}
