/**
 * Exact top-k for BM25-style sums with MaxScore pruning: terms are scanned best bound first, and once the bounds of
 * the terms left cannot lift an unseen document into the top `k`, those terms are only looked up for the documents
 * still in reach. The scores returned are summed in the query's term order, so they equal a full scan's to the bit.
 */
import { insertTop } from './top-k.js';

/** One query term over documents (chunk labels or paragraph groups), as `topKByMaxScore` needs it. */
export interface ScoredTerm {
  /** No document gets more than this from the term. */
  bound: number;
  /** Entries a full scan reads (to choose between scanning and looking up). */
  size: number;
  /**
   * Adds the term's contribution to `scores[doc]` of every document it matches; a document still at 0 is appended to
   * `touched` first. With `onlyTouched`, only documents already above 0 are updated. Returns the highest score it set.
   */
  scan(scores: Float64Array, touched: number[], onlyTouched: boolean): number;
  /** The term's contribution to one document (0 when the term is not in it); about log2(size) steps per document. */
  lookup(doc: number): number;
}

/** Slack for floating-point rounding when comparing a bound against a summed score. */
function slack(score: number): number {
  return Math.abs(score) * 1e-9 + 1e-12;
}

/** The `k`-th highest of `scores[doc]` over `docs`; -Infinity when there are fewer than `k`. */
function kthScore(scores: Float64Array, docs: readonly number[], k: number): number {
  if (docs.length < k) return Number.NEGATIVE_INFINITY;
  const top = new Float64Array(k).fill(Number.NEGATIVE_INFINITY);
  for (const doc of docs) {
    const score = scores[doc] as number;
    if (score <= (top[k - 1] as number)) continue;
    let i = k - 1;
    while (i > 0 && (top[i - 1] as number) < score) {
      top[i] = top[i - 1] as number;
      i--;
    }
    top[i] = score;
  }
  return top[k - 1] as number;
}

/** Index of the first entry of `sorted[0..size)` that is ≥ `value` (binary search). */
export function lowerBound(sorted: ArrayLike<number>, size: number, value: number): number {
  let low = 0;
  let high = size;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if ((sorted[middle] as number) < value) low = middle + 1;
    else high = middle;
  }
  return low;
}

/**
 * The `k` documents with the highest sum of term contributions (contributions are positive), best first, ties by
 * document ascending: the same list and scores as scanning every term in order. `scores` is scratch indexed by
 * document, all 0 on entry and left so.
 */
export function topKByMaxScore(terms: readonly ScoredTerm[], k: number, scores: Float64Array) {
  const order = terms.map((_, i) => i).sort((a, b) => (terms[b] as ScoredTerm).bound - (terms[a] as ScoredTerm).bound);
  const left = new Float64Array(order.length + 1);
  for (let j = order.length - 1; j >= 0; j--)
    left[j] = (left[j + 1] as number) + (terms[order[j] as number] as ScoredTerm).bound;
  const touched: number[] = [];
  let best = 0;
  let scanned = 0;
  for (; scanned < order.length; scanned++) {
    const remaining = left[scanned] as number;
    if (scanned > 0 && touched.length >= k && remaining < best) {
      const threshold = kthScore(scores, touched, k);
      if (remaining < threshold - slack(threshold)) break;
    }
    best = Math.max(best, (terms[order[scanned] as number] as ScoredTerm).scan(scores, touched, false));
  }
  let candidates: number[] = touched;
  if (scanned < order.length) {
    // Only documents whose score plus every bound left reaches the k-th score can still make the top k.
    const remaining = left[scanned] as number;
    const threshold = kthScore(scores, touched, k);
    candidates = [];
    for (const doc of touched) {
      if ((scores[doc] as number) + remaining >= threshold - slack(threshold)) candidates.push(doc);
      else scores[doc] = 0;
    }
    for (let j = scanned; j < order.length; j++) {
      const term = terms[order[j] as number] as ScoredTerm;
      if (candidates.length * Math.log2(term.size + 1) >= term.size) term.scan(scores, candidates, true);
      else for (const doc of candidates) scores[doc] = (scores[doc] as number) + term.lookup(doc);
    }
  }
  // Sums above were taken in bound order; re-sum the few near the top in the query's order for bit-equal scores.
  const threshold = kthScore(scores, candidates, k);
  const topScores: number[] = [];
  const topDocs: number[] = [];
  for (const doc of candidates) {
    const approximate = scores[doc] as number;
    if (approximate < threshold - slack(threshold)) continue;
    let exact = 0;
    for (const term of terms) exact += term.lookup(doc);
    insertTop(topScores, topDocs, k, exact, doc);
  }
  for (const doc of touched) scores[doc] = 0;
  return topDocs.map((label, i) => ({ label, score: topScores[i] ?? 0 }));
}
