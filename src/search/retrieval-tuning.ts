import type { Embedder } from './embedder.js';

/**
 * How the channels are weighed. Each channel ranks paragraphs; fusion is weighted reciprocal rank, then the top
 * `rerankDepth` are reranked by the query's word coverage plus `fusedWeight` times the fused score (scaled 0..1).
 */
export interface RetrievalTuning {
  /** Paragraph-level BM25 (chunk term counts summed per paragraph): the strongest lexical signal. */
  paragraphWeight: number;
  /** BM25 saturation and length normalization of the paragraph-level channel. */
  k1: number;
  b: number;
  /** Weight of a jieba word term against a bigram term in the paragraph-level BM25. */
  wordTermWeight: number;
  /** Chunk-level BM25, a paragraph scored by its best chunk: favours a dense passage inside a long paragraph. */
  chunkWeight: number;
  /** Vector channel (best chunk per paragraph); 0 turns it off. */
  vectorWeight: number;
  fusedWeight: number;
  /** Paragraph BM25 score relative to the best paragraph's (0..1) in the rerank. */
  bm25Weight: number;
  /** Query bigrams (corpus idf) found together in the best window of `sentenceWindow` sentences, in the rerank. */
  sentenceWeight: number;
  sentenceWindow: number;
  /** Weight of a query word (3+ characters) against a bigram in the sentence match; 0 matches bigrams only. */
  sentenceWords: number;
  /** Query words (general idf, meeting context counted at `contextWeight`) found in the paragraph, in the rerank. */
  coverageWeight: number;
  /** How much a query word counts when only the meeting's title or other paragraphs hold it. */
  contextWeight: number;
  listBonus: number;
  /** The query's quoted titles and terms (《…》, 「…」, “…”) the paragraph names (`quotedMatch`), in the rerank. */
  quotedWeight: number;
  rerankDepth: number;
  candidates: number;
  /** Drop question-only terms (什么, 哪一, 多少…) from the query before matching. */
  dropQuestionTerms: boolean;
}

/**
 * Weights tuned on DRCD (both scripts) and the seed QA set (README, Quality and speed). The local hashed embedder
 * measures the same words BM25 does, only blurred by hash collisions: fused in, it only moves wrong paragraphs up,
 * so it gets no weight; a learned embedder (OpenAI) measures meaning and keeps `LEARNED_VECTOR_WEIGHT`.
 */
export const DEFAULT_TUNING: RetrievalTuning = {
  paragraphWeight: 1,
  k1: 0.9,
  b: 0.3,
  wordTermWeight: 2,
  chunkWeight: 0,
  vectorWeight: 0,
  fusedWeight: 0,
  bm25Weight: 1,
  sentenceWeight: 1,
  sentenceWindow: 1,
  sentenceWords: 1,
  coverageWeight: 0.3,
  contextWeight: 0.5,
  listBonus: 0.15,
  quotedWeight: 1,
  rerankDepth: 20,
  candidates: 50,
  dropQuestionTerms: true,
};

/** Vector-channel weight for an embedder that is not the local hashed one. */
export const LEARNED_VECTOR_WEIGHT = 1;

/** True for the offline hashed embedder, whose vectors are bags of words rather than meaning. */
export function isHashedEmbedder(embedder: Pick<Embedder, 'id'>): boolean {
  return embedder.id.startsWith('local-hash');
}
