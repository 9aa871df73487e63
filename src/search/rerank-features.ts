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
  /** Share of the query's quoted titles and terms (《…》, 「…」, “…”) the paragraph names (`quotedMatch`). */
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

/** Quoted spans of up to 30 characters: 《titles》, 「terms」, 『terms』 and “terms”. */
const QUOTED = /《([^《》]{1,30})》|「([^「」]{1,30})」|『([^『』]{1,30})』|“([^“”]{1,30})”/gu;
const OPENING = new Set(['《', '「', '『', '“']);

/** The distinct spans normalized text quotes (titles of books, films and laws; names; slogans), without the marks. */
export function quotedTitles(normalized: string): string[] {
  return [...new Set([...normalized.matchAll(QUOTED)].map((match) => match.slice(1).find(Boolean) ?? ''))].filter(
    Boolean,
  );
}

/**
 * Share of the query's quoted spans that a normalized paragraph quotes too (in any quotation marks; one named bare
 * counts half), 0..1; 0 when the query quotes none. A quoted span names one work, term or slogan, so it is a stronger
 * anchor than its words' idf says.
 */
export function quotedMatch(titles: readonly string[], normalizedParagraph: string): number {
  if (titles.length === 0) return 0;
  let found = 0;
  for (const title of titles) found += quotedOnce(title, normalizedParagraph);
  return found / titles.length;
}

/** 1 when the paragraph quotes `title`, 0.5 when it names it bare, else 0. */
function quotedOnce(title: string, text: string): number {
  let best = 0;
  for (let at = text.indexOf(title); at >= 0; at = text.indexOf(title, at + 1)) {
    if (OPENING.has(text[at - 1] ?? '')) return 1;
    best = 0.5;
  }
  return best;
}
