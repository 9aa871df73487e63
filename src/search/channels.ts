import type { Embedder } from './embedder.js';
import type { SearchIndex } from './index-store.js';
import type { ParagraphGroups } from './paragraph-groups.js';
import type { RetrievalTuning } from './retrieval-tuning.js';

const RRF_K = 60;

/** Adds weighted reciprocal-rank contributions of one channel's paragraph ranking to `fused`. */
function fuseRanks(fused: Map<number, number>, groups: Iterable<number>, weight: number): void {
  if (weight <= 0) return;
  let rank = 0;
  for (const group of groups) fused.set(group, (fused.get(group) ?? 0) + weight / (RRF_K + ++rank));
}

/** Best chunk hit per paragraph group, in hit order (first hit of each group wins). */
function bestPerGroup<T extends { label: number }>(hits: T[], groupOf: Int32Array): Map<number, T> {
  const best = new Map<number, T>();
  for (const hit of hits) {
    const group = groupOf[hit.label] ?? -1;
    if (group >= 0 && !best.has(group)) best.set(group, hit);
  }
  return best;
}

/** What the channels search: the index, its paragraph groups, the query embedder and the channel weights. */
export interface ChannelDeps {
  index: SearchIndex;
  groups: ParagraphGroups;
  embedder: Embedder;
  weights: RetrievalTuning;
}

/** Paragraph candidates fused from every channel, best first, with what the rerank needs from each channel. */
export interface ChannelRanking {
  /** [paragraph group, fused score], best first. */
  fused: [number, number][];
  /** The highest fused score possible (first in every channel that counts). */
  maxScore: number;
  /** Paragraph BM25 score per group, and the best one. */
  bm25: Map<number, number>;
  topBm25: number;
  chunkBest: Map<number, { label: number; score: number }>;
  vectorBest: Map<number, { label: number; similarity: number }>;
}

/**
 * Runs the paragraph BM25, chunk BM25 and vector channels (those with weight > 0; the vectors also when nothing
 * matches lexically, so that a decline can still name the nearest meetings) and fuses them by weighted rank.
 */
export async function rankChannels(
  { index, groups, embedder, weights }: ChannelDeps,
  query: string,
  terms: string[],
  meetingId?: string,
): Promise<ChannelRanking> {
  const accept = meetingId ? (label: number) => index.chunks.get(label)?.meetingId === meetingId : undefined;
  const only = meetingId ? (group: number) => groups.paragraphs[group]?.meetingId === meetingId : undefined;
  const depth = weights.candidates;
  const paragraphHits =
    weights.paragraphWeight > 0
      ? index.lexical.searchGroups(terms, depth, groups, {
          ...(only ? { only } : {}),
          k1: weights.k1,
          b: weights.b,
          weightOf: (term) => (term.startsWith('~') ? 1 : weights.wordTermWeight),
        })
      : [];
  const chunkHits = index.lexical.search(terms, depth, accept);
  const lexicalEmpty = paragraphHits.length === 0 && chunkHits.length === 0;
  const vectorWeight = lexicalEmpty ? Math.max(weights.vectorWeight, 1) : weights.vectorWeight;
  const queryVector = vectorWeight > 0 ? (await embedder.embed([query]))[0] : undefined;
  const vectorHits = queryVector ? index.vectors.search(queryVector, depth, accept) : [];
  const chunkBest = bestPerGroup(chunkHits, groups.groupOf);
  const vectorBest = bestPerGroup(vectorHits, groups.groupOf);
  const fused = new Map<number, number>();
  fuseRanks(
    fused,
    paragraphHits.map((hit) => hit.label),
    weights.paragraphWeight,
  );
  fuseRanks(fused, chunkBest.keys(), weights.chunkWeight);
  fuseRanks(fused, vectorBest.keys(), vectorWeight);
  return {
    fused: [...fused].sort((a, b) => b[1] - a[1] || a[0] - b[0]),
    maxScore: (weights.paragraphWeight + weights.chunkWeight + vectorWeight) / (RRF_K + 1),
    bm25: new Map(paragraphHits.map((hit) => [hit.label, hit.score])),
    topBm25: paragraphHits[0]?.score ?? 0,
    chunkBest,
    vectorBest,
  };
}
