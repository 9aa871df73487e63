import { hanBigrams } from './tokenize.js';

/** Where a sentence ends in normalized text (a paragraph's sentences are matched one at a time). */
const SENTENCE_BREAK = /[。！？；!?;\n]+/u;

/** Weighted query bigrams: each distinct Han bigram of the query with its weight (e.g. corpus idf). */
export interface QueryBigrams {
  weights: Map<string, number>;
  total: number;
}

/** Distinct Han bigrams of a normalized query, weighted by `weightOf`. */
export function weighQueryBigrams(normalizedQuery: string, weightOf: (bigram: string) => number): QueryBigrams {
  const weights = new Map<string, number>();
  for (const bigram of hanBigrams(normalizedQuery)) if (!weights.has(bigram)) weights.set(bigram, weightOf(bigram));
  let total = 0;
  for (const weight of weights.values()) total += weight;
  return { weights, total };
}

/**
 * Share of the query's weighted bigrams found in the best-matching window of `window` consecutive sentences of a
 * normalized paragraph, 0..1: a paragraph that says the question's words together outranks one that scatters them.
 */
export function sentenceMatch(query: QueryBigrams, normalizedParagraph: string, window = 1): number {
  if (query.total <= 0) return 0;
  const sentences = normalizedParagraph.split(SENTENCE_BREAK).map((sentence) => new Set(hanBigrams(sentence)));
  let best = 0;
  for (let start = 0; start < sentences.length; start++) {
    let found = 0;
    for (const [bigram, weight] of query.weights) {
      for (let i = start; i < Math.min(sentences.length, start + window); i++) {
        if (sentences[i]?.has(bigram)) {
          found += weight;
          break;
        }
      }
    }
    if (found > best) best = found;
  }
  return best / query.total;
}
