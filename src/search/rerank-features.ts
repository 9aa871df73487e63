/** Signals the rerank weighs for one candidate paragraph, each 0..1, and how they are summed. */
export interface RerankFeatures {
  /** Fused channel score relative to the best possible. */
  fused: number;
  /** Paragraph BM25 relative to the best candidate's. */
  bm25: number;
  /** Share of the query's weighted features found in the paragraph's best sentence (`sentenceMatch`). */
  sentence: number;
  /** Query word coverage with the meeting's title and text as weaker context (`queryCoverage`). */
  coverage: number;
  /** 1 when a list question meets a paragraph that enumerates. */
  list: number;
  /** Share of the query's 《…》 titles the paragraph names (`quotedMatch`). */
  quoted: number;
}

/** Rerank weights over `RerankFeatures`. */
export type RerankWeights = Record<keyof RerankFeatures, number>;

/** The weighted sum the candidates are ordered by. */
export function rerankScore(features: RerankFeatures, weights: RerankWeights): number {
  let score = 0;
  for (const key of Object.keys(weights) as (keyof RerankFeatures)[]) score += weights[key] * features[key];
  return score;
}

/** The distinct titles of books, films, laws and reports quoted as 《…》 in normalized text. */
export function quotedTitles(normalized: string): string[] {
  return [...new Set([...normalized.matchAll(/《([^《》]{1,30})》/gu)].map((match) => match[1] ?? ''))].filter(Boolean);
}

/**
 * Share of `titles` that a normalized paragraph quotes as 《title》 (one named bare counts half), 0..1; 0 when the
 * query quotes none. A quoted title names one work, so it is a stronger anchor than any of its words' idf says.
 */
export function quotedMatch(titles: readonly string[], normalizedParagraph: string): number {
  if (titles.length === 0) return 0;
  let found = 0;
  for (const title of titles) {
    if (normalizedParagraph.includes(`《${title}》`)) found += 1;
    else if (normalizedParagraph.includes(title)) found += 0.5;
  }
  return found / titles.length;
}
