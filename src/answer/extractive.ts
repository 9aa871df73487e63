import { splitClauses } from '../corpus/chunk.js';
import { normalizeCached, normalizeText, toScript } from '../corpus/script.js';
import type { Passage } from '../search/retriever.js';
import { coreWords, queryCoverage } from '../search/retriever.js';
import { tokenizeWords } from '../search/tokenize.js';
import { type ReplyLanguage, say, scriptOf } from './language.js';
import { type Candidate, isListQuestion, pickList } from './lists.js';

/** An extractive answer: quoted sentences with `[n]` markers, and the passages cited, in citation order. */
export interface ExtractiveAnswer {
  text: string;
  sources: Passage[];
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

function scoreSentences(question: string, passages: Passage[]): Candidate[] {
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
        score: (coverage + dateBonus + proximity + 0.15 / (passageRank + 1)) * lengthPenalty,
      };
    });
  });
}

/**
 * Shortens a long sentence to the run of clauses (split at commas and semicolons) that best covers the question,
 * marking cuts with `…`; the wording of what is kept is unchanged.
 */
function trimSentence(sentence: string, words: string[], maxChars = LONG_SENTENCE_CHARS): string {
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

/**
 * Answers by quoting the sentences of the retrieved paragraphs that best match the question: the best sentence
 * first (for list questions the list's lead and items in order), no near-duplicates, about 300 characters,
 * every sentence cited, rendered in the question's script.
 */
export function answerExtractively(question: string, passages: Passage[], language: ReplyLanguage): ExtractiveAnswer {
  const candidates = scoreSentences(question, passages).filter((c) => c.text.length >= 4);
  const ranked = [...candidates].sort((a, b) => b.score - a.score || a.passageRank - b.passageRank);
  const best = ranked[0];
  if (!best) return { text: '', sources: [] };
  const words = coreWords(tokenizeWords(normalizeText(question)));
  let chosen = isListQuestion(question) ? pickList(candidates, ranked, words) : undefined;
  if (!chosen) {
    chosen = [best];
    for (const candidate of ranked.slice(1)) {
      if (candidate.score < best.score * 0.6 || chosen.length >= 3) break;
      if (chosen.some((c) => isNearDuplicate(c.text, candidate.text))) continue;
      chosen.push(candidate);
    }
    // The best sentence leads; the others follow in reading order.
    const [lead, ...rest] = chosen;
    rest.sort((a, b) => a.passageRank - b.passageRank || a.position - b.position);
    chosen = lead ? [lead, ...rest] : rest;
  }
  const trimmed = chosen.map((c) => ({ ...c, text: trimSentence(c.text, words) }));
  return renderQuotes(fitBudget(trimmed), language);
}

/** Renders chosen sentences with `[n]` markers numbered by first use, in the reader's script. */
function renderQuotes(chosen: Pick<Candidate, 'passage' | 'text'>[], language: ReplyLanguage): ExtractiveAnswer {
  const sources: Passage[] = [];
  const script = scriptOf(language);
  const sentences = chosen.map((candidate) => {
    if (!sources.includes(candidate.passage)) sources.push(candidate.passage);
    const n = sources.indexOf(candidate.passage) + 1;
    return `${toScript(candidate.text, script)}[${n}]`;
  });
  const intro = language === 'en' ? say(language, '', 'The meetings say (quoted in Chinese): ') : '';
  return { text: `${intro}${sentences.join(language === 'en' ? ' ' : '')}`, sources };
}

const ITEM_NUMBER = /^\s*[（(]?([一二三四五六七八九十]+)(?:是|要|、|[)）])/u;
const NUMBERS: Record<string, number> = { 一: 1, 二: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9, 十: 10 };

/** The number of an enumeration head (`二是…` → 2), or undefined for other sentences. */
export function itemNumber(sentence: string): number | undefined {
  const numeral = sentence.match(ITEM_NUMBER)?.[1];
  return numeral ? NUMBERS[numeral] : undefined;
}

/** Quotes item `ordinal` of the passage's enumeration (head first, then its details in order), or undefined. */
export function answerItem(passage: Passage, ordinal: number, language: ReplyLanguage): ExtractiveAnswer | undefined {
  const segment = itemSegment(passage.paragraph.text, ordinal);
  if (segment.length === 0) return undefined;
  return renderQuotes(
    fitBudget(segment.map((text) => ({ passage, text, position: 0, passageRank: 0, score: 1 }))),
    language,
  );
}

/** The sentences of item `ordinal` of a paragraph's enumeration: its head and what follows until the next item. */
export function itemSegment(paragraphText: string, ordinal: number): string[] {
  const sentences = splitClauses(paragraphText);
  const start = sentences.findIndex((sentence) => itemNumber(sentence) === ordinal);
  if (start < 0) return [];
  const segment: string[] = [];
  for (const sentence of sentences.slice(start)) {
    if (segment.length > 0 && itemNumber(sentence) !== undefined) break;
    segment.push(sentence.trim());
  }
  return segment;
}
