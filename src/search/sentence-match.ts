import { hanBigrams } from './tokenize.js';

/** Where a sentence ends in normalized text (a paragraph's sentences are matched one at a time). */
const SENTENCE_BREAK = /[。！？；!?;\n]+/u;

/** Weighted query features (Han bigrams, optionally words), each with its weight (e.g. corpus idf). */
export interface QueryFeatures {
  weights: Map<string, number>;
  total: number;
}

/** Distinct Han bigrams of a normalized query plus `words`, weighted by `weightOf(feature, isWord)`. */
export function weighQueryFeatures(
  normalizedQuery: string,
  words: readonly string[],
  weightOf: (feature: string, isWord: boolean) => number,
): QueryFeatures {
  const weights = new Map<string, number>();
  for (const bigram of hanBigrams(normalizedQuery))
    if (!weights.has(bigram)) weights.set(bigram, weightOf(bigram, false));
  for (const word of words) if (word.length > 2 && !weights.has(word)) weights.set(word, weightOf(word, true));
  let total = 0;
  for (const weight of weights.values()) total += weight;
  return { weights, total };
}

/**
 * Share of the query's weighted features found in the best-matching window of `window` consecutive sentences of a
 * normalized paragraph, 0..1: a paragraph that says the question's words together outranks one that scatters them.
 */
export function sentenceMatch(query: QueryFeatures, normalizedParagraph: string, window = 1): number {
  if (query.total <= 0) return 0;
  const sentences = normalizedParagraph.replace(/[“”‘’"'「」『』]/g, '').split(SENTENCE_BREAK);
  let best = 0;
  for (let start = 0; start < sentences.length; start++) {
    const text = sentences.slice(start, start + window).join('。');
    let found = 0;
    for (const [feature, weight] of query.weights) if (text.includes(feature)) found += weight;
    if (found > best) best = found;
  }
  return best / query.total;
}
