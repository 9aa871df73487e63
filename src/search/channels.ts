import type { Embedder } from './embedder.js';
import { paragraphKey } from './paragraph-groups.js';
import type { RetrievalTuning } from './retrieval-tuning.js';
import { type ChunkRef, compareParagraphs, type StoreSnapshot } from './store.js';

const RRF_K = 60;

/** A paragraph's address, keyed by `paragraphKey`. */
export interface ParagraphAddress {
  meetingId: string;
  paragraph: number;
}

/** Adds weighted reciprocal-rank contributions of one channel's paragraph ranking to `fused`. */
function fuseRanks(fused: Map<string, number>, keys: Iterable<string>, weight: number): void {
  if (weight <= 0) return;
  let rank = 0;
  for (const key of keys) fused.set(key, (fused.get(key) ?? 0) + weight / (RRF_K + ++rank));
}

/** Best chunk hit per paragraph, in hit order (first hit of each paragraph wins), noting each paragraph's address. */
function bestPerParagraph<T extends { chunk: ChunkRef }>(
  hits: T[],
  addresses: Map<string, ParagraphAddress>,
): Map<string, T> {
  const best = new Map<string, T>();
  for (const hit of hits) {
    const key = paragraphKey(hit.chunk.meetingId, hit.chunk.paragraph);
    if (best.has(key)) continue;
    best.set(key, hit);
    addresses.set(key, { meetingId: hit.chunk.meetingId, paragraph: hit.chunk.paragraph });
  }
  return best;
}

/** What the channels search: a store snapshot, the query embedder and the channel weights. */
export interface ChannelDeps {
  store: StoreSnapshot;
  embedder: Embedder;
  weights: RetrievalTuning;
}

/** Paragraph candidates fused from every channel, best first, with what the rerank needs from each channel. */
export interface ChannelRanking {
  /** [paragraph key, fused score], best first (ties in stable-id order). */
  fused: [string, number][];
  /** Every candidate's address and the span of its first chunk (when the paragraph channel found it). */
  addresses: Map<string, ParagraphAddress>;
  firstChunks: Map<string, ChunkRef>;
  /** The highest fused score possible (first in every channel that counts). */
  maxScore: number;
  /** Paragraph BM25 score per paragraph, and the best one. */
  bm25: Map<string, number>;
  topBm25: number;
  chunkBest: Map<string, { chunk: ChunkRef; score: number }>;
  vectorBest: Map<string, { chunk: ChunkRef; similarity: number }>;
}

/** Term weights of the paragraph channel: a jieba word weighs `wordTermWeight`, a `~` bigram 1. */
function termWeights(terms: readonly string[], wordTermWeight: number): Map<string, number> {
  return new Map(terms.map((term) => [term, term.startsWith('~') ? 1 : wordTermWeight]));
}

/**
 * Runs the paragraph BM25, chunk BM25 and vector channels (those with weight > 0; the vectors also when nothing
 * matches lexically, so that a decline can still name the nearest meetings) and fuses them by weighted rank.
 */
export async function rankChannels(
  { store, embedder, weights }: ChannelDeps,
  query: string,
  terms: string[],
  meetingId?: string,
): Promise<ChannelRanking> {
  const filter = meetingId ? { meetingIds: [meetingId] } : undefined;
  const depth = weights.candidates;
  const [paragraphHits, chunkHits] = await Promise.all([
    weights.paragraphWeight > 0
      ? store.searchParagraphs(terms, {
          k: depth,
          ...(filter ? { filter } : {}),
          k1: weights.k1,
          b: weights.b,
          termWeights: termWeights(terms, weights.wordTermWeight),
        })
      : [],
    store.searchLexical(terms, { k: depth, ...(filter ? { filter } : {}) }),
  ]);
  const lexicalEmpty = paragraphHits.length === 0 && chunkHits.length === 0;
  const vectorWeight = lexicalEmpty ? Math.max(weights.vectorWeight, 1) : weights.vectorWeight;
  const queryVector = vectorWeight > 0 ? (await embedder.embed([query]))[0] : undefined;
  const vectorHits = queryVector
    ? await store.searchVectors(queryVector, { k: depth, ...(filter ? { filter } : {}) })
    : [];
  const addresses = new Map<string, ParagraphAddress>();
  const firstChunks = new Map<string, ChunkRef>();
  const paragraphKeys = paragraphHits.map((hit) => {
    const key = paragraphKey(hit.meetingId, hit.paragraph);
    addresses.set(key, { meetingId: hit.meetingId, paragraph: hit.paragraph });
    firstChunks.set(key, hit.firstChunk);
    return key;
  });
  const chunkBest = bestPerParagraph(chunkHits, addresses);
  const vectorBest = bestPerParagraph(vectorHits, addresses);
  const fused = new Map<string, number>();
  fuseRanks(fused, paragraphKeys, weights.paragraphWeight);
  fuseRanks(fused, chunkBest.keys(), weights.chunkWeight);
  fuseRanks(fused, vectorBest.keys(), vectorWeight);
  const addressOf = (key: string) => addresses.get(key) ?? { meetingId: '', paragraph: 0 };
  return {
    fused: [...fused].sort((a, b) => b[1] - a[1] || compareParagraphs(addressOf(a[0]), addressOf(b[0]))),
    addresses,
    firstChunks,
    maxScore: (weights.paragraphWeight + weights.chunkWeight + vectorWeight) / (RRF_K + 1),
    bm25: new Map(paragraphHits.map((hit, i) => [paragraphKeys[i] ?? '', hit.score])),
    topBm25: paragraphHits[0]?.score ?? 0,
    chunkBest,
    vectorBest,
  };
}
