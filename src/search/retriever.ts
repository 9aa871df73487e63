import type { Meeting, Paragraph } from '../corpus/meeting.js';
import { normalizeCached, normalizeText } from '../corpus/script.js';
import { rankChannels } from './channels.js';
import type { Embedder } from './embedder.js';
import { quotedMatch, quotedTitles, type RerankFeatures, type RerankWeights, rerankScore } from './rerank-features.js';
import { DEFAULT_TUNING, isHashedEmbedder, LEARNED_VECTOR_WEIGHT, type RetrievalTuning } from './retrieval-tuning.js';
import { sentenceMatch, weighQueryFeatures } from './sentence-match.js';
import type { StoreSnapshot } from './store.js';
import { getIdf, hanBigrams, isQuestionTerm, lexicalTerms, tokenizeWords } from './tokenize.js';

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
  /** Share of the query's corpus-idf-weighted bigrams and words found in the paragraph's best sentence, 0..1. */
  match?: number;
}

export interface SearchOptions {
  k?: number;
  meetingId?: string;
}

export interface Retriever {
  /** Returns up to `k` paragraphs (default 5), best first; empty for a query with nothing to match. */
  search(query: string, options?: SearchOptions): Promise<Passage[]>;
}

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
 * A word of three or more characters found nowhere counts `partialWeight` times the share of its bigrams the text
 * holds (交通工具 in a paragraph that says 交通 and 工具).
 */
export function queryCoverage(
  queryWords: string[],
  text: string,
  context: { meeting: string; heading: string } = { meeting: '', heading: '' },
  contextWeight = 0,
  partialWeight = 0,
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
    else if (partialWeight > 0 && word.length > 2) found += weight * partialWeight * bigramShare(word, normalized);
  }
  return total === 0 ? 0 : found / total;
}

/** Share of a word's character bigrams that `text` holds, 0..1. */
function bigramShare(word: string, text: string): number {
  let found = 0;
  for (let i = 0; i + 1 < word.length; i++) if (text.includes(word.slice(i, i + 2))) found++;
  return found / (word.length - 1);
}

/** Keeps the longest words: `cutForSearch` also yields their parts, which would double-count coverage. */
export function coreWords(words: string[]): string[] {
  const unique = [...new Set(words)];
  return unique.filter(
    (word) => !unique.some((other) => other !== word && other.length > word.length && other.includes(word)),
  );
}

/** What a retriever needs: a store snapshot, the query embedder, and optionally other channel weights. */
export interface RetrieverDeps {
  store: StoreSnapshot;
  embedder: Embedder;
  tuning?: Partial<RetrievalTuning>;
}

/**
 * Hybrid retrieval over paragraphs: paragraph-level BM25, chunk-level BM25 and (for a learned embedder) HNSW,
 * fused by weighted reciprocal rank (`rankChannels`), then the top `rerankDepth` reranked by BM25 score, sentence
 * match and query word coverage (weights in `DEFAULT_TUNING`).
 */
export function createRetriever({ store, embedder, tuning = {} }: RetrieverDeps): Retriever {
  const weights: RetrievalTuning = {
    ...DEFAULT_TUNING,
    vectorWeight: isHashedEmbedder(embedder) ? DEFAULT_TUNING.vectorWeight : LEARNED_VECTOR_WEIGHT,
    ...tuning,
  };
  const rerankWeights: RerankWeights = {
    fused: weights.fusedWeight,
    bm25: weights.bm25Weight,
    sentence: weights.sentenceWeight,
    coverage: weights.coverageWeight,
    list: weights.listBonus,
    quoted: weights.quotedWeight,
  };
  let meetingsById: Promise<Map<string, Meeting>> | undefined;
  const loadMeetings = () => {
    meetingsById ??= store.meetings().then((all) => new Map(all.map((meeting) => [meeting.id, meeting])));
    return meetingsById;
  };
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
      const meetings = await loadMeetings();
      const channels = await rankChannels({ store, embedder, weights }, query, terms, options.meetingId);
      const { fused, maxScore, bm25, topBm25, chunkBest, vectorBest, addresses, firstChunks } = channels;
      const words = coreWords(tokenizeWords(normalized));
      const listQuestion = LIST_QUESTION.test(normalized);
      const sentenceWords = weights.sentenceWords ? words : [];
      const idf =
        weights.sentenceWeight > 0
          ? await store.termIdf([
              ...hanBigrams(normalized).map((bigram) => `~${bigram}`),
              ...sentenceWords.filter((word) => word.length > 2),
            ])
          : new Map<string, number>();
      const bigrams =
        weights.sentenceWeight > 0
          ? weighQueryFeatures(normalized, sentenceWords, (feature, isWord) =>
              weights.dropQuestionTerms && isQuestionTerm(feature)
                ? 0
                : (idf.get(isWord ? feature : `~${feature}`) ?? 0) * (isWord ? weights.sentenceWords : 1),
            )
          : undefined;
      const titles = quotedTitles(normalized);
      const passages: (Passage & { rank: number })[] = fused.slice(0, weights.rerankDepth).flatMap(([group, score]) => {
        const address = addresses.get(group);
        const meeting = address && meetings.get(address.meetingId);
        const paragraph = meeting?.paragraphs[(address?.paragraph ?? 0) - 1];
        const chunk = vectorBest.get(group)?.chunk ?? chunkBest.get(group)?.chunk ?? firstChunks.get(group);
        if (!chunk || !meeting || !paragraph) return [];
        const text = normalizeCached(paragraph.text);
        const features: RerankFeatures = {
          fused: score / maxScore,
          bm25: topBm25 > 0 ? (bm25.get(group) ?? 0) / topBm25 : 0,
          sentence: bigrams ? sentenceMatch(bigrams, text, weights.sentenceWindow) : 0,
          coverage: queryCoverage(words, paragraph.text, meetingText(meeting), weights.contextWeight),
          list: listQuestion && isEnumeration(text) ? 1 : 0,
          quoted: quotedMatch(titles, text),
        };
        return [
          {
            meeting,
            paragraph,
            score: score / maxScore,
            chunk: { start: chunk.start, end: chunk.end, text: paragraph.text.slice(chunk.start, chunk.end) },
            similarity: vectorBest.get(group)?.similarity ?? 0,
            coverage: queryCoverage(words, paragraph.text),
            match: features.sentence,
            rank: rerankScore(features, rerankWeights),
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
