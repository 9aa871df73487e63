import { splitClauses } from '../corpus/chunk.js';
import { normalizeCached, normalizeText } from '../corpus/script.js';
import type { Passage } from '../search/retriever.js';
import { coreWords, queryCoverage } from '../search/retriever.js';
import { tokenizeWords } from '../search/tokenize.js';
import type { ReplyLanguage } from './language.js';
import { type ExtractiveAnswer, type Quote, renderQuotes } from './quotes.js';

/** A sentence of a retrieved paragraph, scored against the question. */
export interface Candidate {
  passage: Passage;
  passageRank: number;
  position: number;
  text: string;
  score: number;
}

/** Aim for answers of at most this many characters, citations not counted. */
export const ANSWER_BUDGET_CHARS = 300;
const MAX_SENTENCES = 6;

function bigramSet(text: string): Set<string> {
  const compact = normalizeText(text).replace(/[^\p{Script=Han}\p{L}\p{N}]/gu, '');
  const set = new Set<string>();
  for (let i = 0; i + 1 < compact.length; i++) set.add(compact.slice(i, i + 2));
  return set;
}

/** True when two sentences say nearly the same (character-bigram Jaccard ≥ 0.6). */
function isNearDuplicate(a: string, b: string): boolean {
  const x = bigramSet(a);
  const y = bigramSet(b);
  let shared = 0;
  for (const gram of x) if (y.has(gram)) shared++;
  return shared / Math.max(1, x.size + y.size - shared) >= 0.6;
}

const TIME_QUESTION = /哪天|哪一天|什么时候|何时|几月|几号|日期|时间|哪年/u;
const DATE = /\d{1,2}月\d{1,2}日|\d{4}[-年]\d{1,2}/u;
const LONG_SENTENCE_CHARS = 120;

const PROXIMITY_WEIGHT = 0.1;
/**
 * Added to the sentences of the best-ranked paragraph: retrieval weighs the whole paragraph (and DRCD shows it
 * right more often than sentence coverage alone), so a sentence elsewhere must beat it clearly to lead the answer.
 */
const TOP_PASSAGE_BONUS = 0.1;

/**
 * How tightly the question's words sit together in a sentence, 0..1: their total length over the shortest span
 * holding one of each found word (一季度全区经济运行 beats 一季度…(40 characters)…经济运行). 0 when fewer than two are found.
 */
export function compactness(words: string[], normalized: string): number {
  const found = words.filter((word) => normalized.includes(word));
  if (found.length < 2) return 0;
  let best = Number.POSITIVE_INFINITY;
  for (const anchor of found) {
    for (let at = normalized.indexOf(anchor); at >= 0; at = normalized.indexOf(anchor, at + 1)) {
      let start = at;
      let end = at + anchor.length;
      for (const word of found) {
        if (word === anchor) continue;
        const after = normalized.indexOf(word, at);
        const before = normalized.lastIndexOf(word, at);
        const pick = after < 0 ? before : before < 0 ? after : at - before <= after - at ? before : after;
        start = Math.min(start, pick);
        end = Math.max(end, pick + word.length);
      }
      best = Math.min(best, end - start);
    }
  }
  const length = found.reduce((sum, word) => sum + word.length, 0);
  return Math.min(1, length / best);
}

/** Scores every sentence of the passages against the question's words (coverage, proximity, date, rank). */
export function scoreSentences(question: string, passages: Passage[]): Candidate[] {
  const normalizedQuestion = normalizeText(question);
  const words = coreWords(tokenizeWords(normalizedQuestion));
  const asksTime = TIME_QUESTION.test(normalizedQuestion);
  return passages.flatMap((passage, passageRank) => {
    // Words of the meeting's title or place identify the meeting, not the sentence that answers.
    const heading = normalizeText(`${passage.meeting.title} ${passage.meeting.place}`);
    return splitClauses(passage.paragraph.text).map((text, position) => {
      const coverage = queryCoverage(words, text, { heading, meeting: '' }, 0.5);
      const dateBonus = asksTime && DATE.test(text) ? 0.3 : 0;
      const lengthPenalty = text.length > LONG_SENTENCE_CHARS ? 0.85 : 1;
      const proximity = PROXIMITY_WEIGHT * compactness(words, normalizeCached(text));
      return {
        passage,
        passageRank,
        position,
        text: text.trim(),
        score:
          (coverage + dateBonus + proximity + 0.15 / (passageRank + 1) + (passageRank === 0 ? TOP_PASSAGE_BONUS : 0)) *
          lengthPenalty,
      };
    });
  });
}

/**
 * Shortens a long sentence to the run of clauses (split at commas and semicolons) that best covers the question,
 * marking cuts with `…`; the wording of what is kept is unchanged.
 */
export function trimSentence(sentence: string, words: string[], maxChars = LONG_SENTENCE_CHARS): string {
  if (sentence.length <= maxChars) return sentence;
  const clauses = sentence.split(/(?<=[,，;；])/u);
  let best = { start: 0, end: 1, score: -1 };
  for (let start = 0; start < clauses.length; start++) {
    let length = 0;
    for (let end = start; end < clauses.length; end++) {
      length += clauses[end]?.length ?? 0;
      if (length > maxChars && end > start) break;
      const score = queryCoverage(words, clauses.slice(start, end + 1).join('')) - start * 0.001;
      if (score > best.score) best = { start, end: end + 1, score };
    }
  }
  const kept = clauses
    .slice(best.start, best.end)
    .join('')
    .replace(/[,，;；]$/u, '');
  const tail = best.end < clauses.length ? '…' : '';
  return `${best.start > 0 ? '…' : ''}${kept}${tail}`;
}

function fitBudget(chosen: Candidate[]): Candidate[] {
  const fitted: Candidate[] = [];
  let length = 0;
  for (const candidate of chosen) {
    if (fitted.length > 0 && length + candidate.text.length > ANSWER_BUDGET_CHARS) continue;
    fitted.push(candidate);
    length += candidate.text.length;
    if (fitted.length >= MAX_SENTENCES) break;
  }
  return fitted;
}

/** What `pickFactQuotes` may be told: the words to match (default the question) and whether to stay in one meeting. */
export interface FactOptions {
  /** Text whose words the sentences should cover (the question's topic). */
  topic?: string;
  /** Quote only the meeting of the best sentence (the question is about that meeting). */
  oneMeeting?: boolean;
  /** Most sentences to quote (default 3). */
  maxSentences?: number;
  /** Longer sentences are cut at commas to about this many characters (default 120). */
  sentenceChars?: number;
}

/** True when the candidate is its meeting's title repeated as the paragraph's first line. */
function isTitleLine(candidate: Candidate): boolean {
  const title = normalizeCached(candidate.passage.meeting.title).replace(/\s+/gu, '');
  return title.length > 0 && normalizeCached(candidate.text).replace(/\s+/gu, '') === title;
}

/**
 * Picks the sentences of the retrieved paragraphs that best answer a single-fact question: the best first, then up
 * to two more of at least 60 % of its score in reading order, no near-duplicates, long ones cut at commas, about
 * 300 characters in all.
 */
export function pickFactQuotes(question: string, passages: Passage[], options: FactOptions = {}): Quote[] {
  const query = options.topic ?? question;
  // The meeting's title line names the meeting, it answers nothing asked of it (and leads ¶1 only by its words).
  const candidates = scoreSentences(query, passages).filter((c) => c.text.length >= 4 && !isTitleLine(c));
  const ranked = [...candidates].sort((a, b) => b.score - a.score || a.passageRank - b.passageRank);
  const best = ranked[0];
  if (!best) return [];
  const words = coreWords(tokenizeWords(normalizeText(query)));
  const chosen = [best];
  for (const candidate of ranked.slice(1)) {
    if (candidate.score < best.score * 0.6 || chosen.length >= (options.maxSentences ?? 3)) break;
    if (options.oneMeeting && candidate.passage.meeting.id !== best.passage.meeting.id) continue;
    if (chosen.some((c) => isNearDuplicate(c.text, candidate.text))) continue;
    chosen.push(candidate);
  }
  // The best sentence leads; the others follow in reading order.
  const [lead, ...rest] = chosen;
  rest.sort((a, b) => a.passageRank - b.passageRank || a.position - b.position);
  const ordered = lead ? [lead, ...rest] : rest;
  const chars = options.sentenceChars ?? LONG_SENTENCE_CHARS;
  // A sentence that names who spoke is followed by what they said (…他强调, 要…), kept whole: it holds the points.
  const said = ordered.map((c) => continuationOf(c, candidates));
  const withSaid = ordered.flatMap((c, i) => {
    const own = said.includes(c) ? [] : [{ ...c, text: trimSentence(c.text, words, chars) }];
    const next = said[i];
    return next ? [...own, next] : own;
  });
  return fitBudget(withSaid).map(toQuote);
}

/** A sentence that goes on about its subject with a pronoun early (就做好二季度工作,他强调): says what they said. */
const CONTINUES = /^[^。！？!?]{0,12}[他她](?:强调|指出|要求|表示|说|提出)/u;

/** The sentence after `lead` in its paragraph when it continues it (`CONTINUES`); undefined otherwise. */
function continuationOf(lead: Candidate, candidates: readonly Candidate[]): Candidate | undefined {
  const next = candidates.find((c) => c.passage === lead.passage && c.position === lead.position + 1);
  return next && CONTINUES.test(normalizeText(next.text)) ? next : undefined;
}

function toQuote(candidate: Candidate): Quote {
  return { meeting: candidate.passage.meeting, paragraph: candidate.passage.paragraph, text: candidate.text };
}

/**
 * Answers by quoting the sentences of the retrieved paragraphs that best match the question (see `pickFactQuotes`),
 * every sentence cited, rendered in the question's script.
 */
export function answerExtractively(
  question: string,
  passages: Passage[],
  language: ReplyLanguage,
  options: FactOptions = {},
): ExtractiveAnswer {
  return renderQuotes(pickFactQuotes(question, passages, options), language);
}
