import type { Meeting, Paragraph } from '../corpus/meeting.js';
import { normalizeCached, normalizeText } from '../corpus/script.js';
import type { Embedder } from './embedder.js';
import type { SearchIndex } from './index-store.js';
import { getIdf, lexicalTerms, tokenizeWords } from './tokenize.js';

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

const RRF_K = 60;
const CANDIDATES = 50;
/** Paragraphs reranked after fusion, and how much the fused rank counts against word coverage in the rerank. */
const RERANK_DEPTH = 20;
const FUSED_WEIGHT = 0.3;
const CONTEXT_WEIGHT = 0.5;
/** A question that asks for a list (哪五个, 哪些, 包括, 分别) prefers paragraphs that enumerate (一是…二是…). */
const LIST_QUESTION = /哪(?:些|几|[一二三四五六七八九十两\d]+)|包括|分别|有几|几项|几点|几个方面/u;
const ENUMERATION = /(?:^|[。；;：:,，])\s*(?:[一二三四五六七八九十]+(?:是|要|、)|[（(][一二三四五六七八九十]+[)）])/gu;
const LIST_BONUS = 0.15;

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

/** Hybrid retrieval: HNSW (cosine) and BM25 fused by reciprocal rank, aggregated to paragraphs. */
export function createRetriever({ index, embedder }: { index: SearchIndex; embedder: Embedder }): Retriever {
  const meetings = new Map(index.meetings.map((meeting) => [meeting.id, meeting]));
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
      const terms = lexicalTerms(query);
      if (terms.length === 0 && !/[\p{L}\p{N}]/u.test(normalized)) return [];
      const accept = options.meetingId
        ? (label: number) => index.chunks.get(label)?.meetingId === options.meetingId
        : undefined;
      const [queryVector] = await embedder.embed([query]);
      const vectorHits = queryVector ? index.vectors.search(queryVector, CANDIDATES, accept) : [];
      const lexicalHits = index.lexical.search(terms, CANDIDATES, accept);
      const fused = new Map<number, number>();
      const similarity = new Map<number, number>();
      vectorHits.forEach((hit, rank) => {
        fused.set(hit.label, (fused.get(hit.label) ?? 0) + 1 / (RRF_K + rank + 1));
        similarity.set(hit.label, hit.similarity);
      });
      lexicalHits.forEach((hit, rank) => {
        fused.set(hit.label, (fused.get(hit.label) ?? 0) + 1 / (RRF_K + rank + 1));
      });
      const best = new Map<string, { label: number; score: number }>();
      for (const [label, score] of fused) {
        const chunk = index.chunks.get(label);
        if (!chunk) continue;
        const key = `${chunk.meetingId}#${chunk.paragraph}`;
        const current = best.get(key);
        if (!current || score > current.score) best.set(key, { label, score });
      }
      const words = coreWords(tokenizeWords(normalized));
      const maxScore = 2 / (RRF_K + 1);
      const listQuestion = LIST_QUESTION.test(normalized);
      const passages: (Passage & { rank: number })[] = [...best.values()]
        .sort((a, b) => b.score - a.score || a.label - b.label)
        .slice(0, RERANK_DEPTH)
        .flatMap(({ label, score }) => {
          const chunk = index.chunks.get(label);
          const meeting = chunk && meetings.get(chunk.meetingId);
          const paragraph = meeting?.paragraphs[(chunk?.paragraph ?? 0) - 1];
          if (!chunk || !meeting || !paragraph) return [];
          const context = meetingText(meeting);
          const coverage = queryCoverage(words, paragraph.text);
          const listBonus = listQuestion && isEnumeration(normalizeCached(paragraph.text)) ? LIST_BONUS : 0;
          const rank =
            FUSED_WEIGHT * (score / maxScore) +
            queryCoverage(words, paragraph.text, context, CONTEXT_WEIGHT) +
            listBonus;
          return [
            {
              meeting,
              paragraph,
              score: score / maxScore,
              chunk: { start: chunk.start, end: chunk.end, text: paragraph.text.slice(chunk.start, chunk.end) },
              similarity: similarity.get(label) ?? 0,
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
