import type { Meeting, Paragraph } from '../corpus/meeting.js';
import { normalizeCached, normalizeText } from '../corpus/script.js';
import type { Embedder } from './embedder.js';
import type { SearchIndex } from './index-store.js';
import { groupParagraphs } from './paragraph-groups.js';
import { sentenceMatch, weighQueryFeatures } from './sentence-match.js';
import { getIdf, isQuestionTerm, lexicalTerms, tokenizeWords } from './tokenize.js';

/** A retrieved paragraph with the chunk that matched and the signals used to judge relevance. */
export interface Passage {
  meeting: Meeting;
  paragraph: Paragraph;
  /** Fused rank score scaled to 0..1 (1: first in both rankings). */
  score: number;
  /** The best-matching chunk's span in the paragraph. */
  chunk: { start: number; end: number; text: string };
  /** Cosine similarity of the best chunk to the query. */
  similarity: number;
  /** Share of the query's idf-weighted words found in the paragraph (script-normalized), 0..1. */
  coverage: number;
}

export interface SearchOptions {
  k?: number;
  meetingId?: string;
}

export interface Retriever {
  /** Returns up to `k` paragraphs (default 5), best first; empty for a query with nothing to match. */
  search(query: string, options?: SearchOptions): Promise<Passage[]>;
}

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

const RRF_K = 60;
/** A question that asks for a list (哪五个, 哪些, 包括, 分别) prefers paragraphs that enumerate (一是…二是…). */
const LIST_QUESTION = /哪(?:些|几|[一二三四五六七八九十两\d]+)|包括|分别|有几|几项|几点|几个方面/u;
const ENUMERATION = /(?:^|[。；;：:,，])\s*(?:[一二三四五六七八九十]+(?:是|要|、)|[（(][一二三四五六七八九十]+[)）])/gu;

/** True when the paragraph enumerates at least two items. */
export function isEnumeration(normalized: string): boolean {
  return (normalized.match(ENUMERATION) ?? []).length >= 2;
}

/** Drops quotation marks so `五个“精心组织”` matches `五个精心组织`. */
export function stripQuotes(normalized: string): string {
  return normalized.replace(/[“”‘’"'「」『』]/g, '');
}

/**
 * Share of the query's idf-weighted words found in `text` (both script-normalized), 0..1; words found only in
 * `context` (the rest of the meeting) count `contextWeight` as much, since they name the meeting, not the paragraph.
 */
export function queryCoverage(
  queryWords: string[],
  text: string,
  context: { meeting: string; heading: string } = { meeting: '', heading: '' },
  contextWeight = 0,
): number {
  const normalized = stripQuotes(normalizeCached(text));
  const idf = getIdf();
  let total = 0;
  let found = 0;
  for (const word of new Set(queryWords)) {
    const weight = idf(word);
    total += weight;
    // A word of the meeting's title or place names the meeting; it says nothing about which paragraph answers.
    if (contextWeight > 0 && context.heading.includes(word)) found += weight * contextWeight;
    else if (normalized.includes(word)) found += weight;
    else if (contextWeight > 0 && context.meeting.includes(word)) found += weight * contextWeight;
  }
  return total === 0 ? 0 : found / total;
}

/** Keeps the longest words: `cutForSearch` also yields their parts, which would double-count coverage. */
export function coreWords(words: string[]): string[] {
  const unique = [...new Set(words)];
  return unique.filter(
    (word) => !unique.some((other) => other !== word && other.length > word.length && other.includes(word)),
  );
}

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

/** What a retriever needs: the loaded index, the query embedder, and optionally other channel weights. */
export interface RetrieverDeps {
  index: SearchIndex;
  embedder: Embedder;
  tuning?: Partial<RetrievalTuning>;
}

/**
 * Hybrid retrieval over paragraphs: paragraph-level BM25, chunk-level BM25 and (for a learned embedder) HNSW,
 * fused by weighted reciprocal rank and reranked by query word coverage.
 */
export function createRetriever({ index, embedder, tuning = {} }: RetrieverDeps): Retriever {
  const weights: RetrievalTuning = {
    ...DEFAULT_TUNING,
    vectorWeight: isHashedEmbedder(embedder) ? DEFAULT_TUNING.vectorWeight : LEARNED_VECTOR_WEIGHT,
    ...tuning,
  };
  const meetings = new Map(index.meetings.map((meeting) => [meeting.id, meeting]));
  const groups = groupParagraphs(index);
  // Normalized per meeting on first use, and the whole meeting only when a query word is missing from the paragraph:
  // doing all of them up front costs seconds at 100k chunks, and most reranked paragraphs never need it.
  const meetingTexts = new Map<string, { meeting: string; heading: string }>();
  const meetingText = (m: Meeting) => {
    let text = meetingTexts.get(m.id);
    if (!text) {
      let whole: string | undefined;
      text = {
        get meeting() {
          whole ??= stripQuotes(normalizeText(m.paragraphs.map((p) => p.text).join('\n')));
          return whole;
        },
        heading: stripQuotes(normalizeText(`${m.title} ${m.place}`)),
      };
      meetingTexts.set(m.id, text);
    }
    return text;
  };
  return {
    async search(query, options = {}) {
      const k = options.k ?? 5;
      const normalized = normalizeText(query);
      const allTerms = lexicalTerms(query);
      if (allTerms.length === 0 && !/[\p{L}\p{N}]/u.test(normalized)) return [];
      const asked = weights.dropQuestionTerms ? allTerms.filter((term) => !isQuestionTerm(term)) : allTerms;
      const terms = asked.length > 0 ? asked : allTerms;
      const { meetingId } = options;
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
      // With nothing to match lexically (a question in another language), the vectors still name the nearest
      // paragraphs, so that a decline can point to the closest meetings.
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
      const words = coreWords(tokenizeWords(normalized));
      const maxScore = (weights.paragraphWeight + weights.chunkWeight + vectorWeight) / (RRF_K + 1);
      const listQuestion = LIST_QUESTION.test(normalized);
      const bm25 = new Map(paragraphHits.map((hit) => [hit.label, hit.score]));
      const topBm25 = paragraphHits[0]?.score ?? 0;
      const bigrams =
        weights.sentenceWeight > 0
          ? weighQueryFeatures(normalized, weights.sentenceWords ? words : [], (feature, isWord) =>
              weights.dropQuestionTerms && isQuestionTerm(feature)
                ? 0
                : index.lexical.idf(isWord ? feature : `~${feature}`) * (isWord ? weights.sentenceWords : 1),
            )
          : undefined;
      const passages: (Passage & { rank: number })[] = [...fused]
        .sort((a, b) => b[1] - a[1] || a[0] - b[0])
        .slice(0, weights.rerankDepth)
        .flatMap(([group, score]) => {
          const address = groups.paragraphs[group];
          const meeting = address && meetings.get(address.meetingId);
          const paragraph = meeting?.paragraphs[(address?.paragraph ?? 0) - 1];
          const label = vectorBest.get(group)?.label ?? chunkBest.get(group)?.label ?? groups.labels[group]?.[0];
          const chunk = label === undefined ? undefined : index.chunks.get(label);
          if (!chunk || !meeting || !paragraph) return [];
          const context = meetingText(meeting);
          const coverage = queryCoverage(words, paragraph.text);
          const listBonus = listQuestion && isEnumeration(normalizeCached(paragraph.text)) ? weights.listBonus : 0;
          const rank =
            weights.fusedWeight * (score / maxScore) +
            (topBm25 > 0 ? (weights.bm25Weight * (bm25.get(group) ?? 0)) / topBm25 : 0) +
            (bigrams
              ? weights.sentenceWeight * sentenceMatch(bigrams, normalizeCached(paragraph.text), weights.sentenceWindow)
              : 0) +
            weights.coverageWeight * queryCoverage(words, paragraph.text, context, weights.contextWeight) +
            listBonus;
          return [
            {
              meeting,
              paragraph,
              score: score / maxScore,
              chunk: { start: chunk.start, end: chunk.end, text: paragraph.text.slice(chunk.start, chunk.end) },
              similarity: vectorBest.get(group)?.similarity ?? 0,
              coverage,
              rank,
            },
          ];
        });
      return passages
        .sort((a, b) => b.rank - a.rank)
        .slice(0, k)
        .map(({ rank: _rank, ...passage }) => passage);
    },
  };
}
