import { splitClauses } from '../corpus/chunk.js';
import { normalizeText } from '../corpus/script.js';
import type { Passage } from '../search/retriever.js';
import { NUMERALS } from './enumerations.js';
import type { Quote } from './quotes.js';

/**
 * Questions about a phrase by its length (那个十六字, 八字方针): the reports coin such formulas as parallel phrases
 * (主动出击、盯住不放、快速签约、尽早落地) or a quoted slogan, and the question's number is their length in characters.
 */

/** 十六字, 八字方针, 16字: the number before 字 (not 一个“稳”字, which names a character). */
const COUNTED = /(?<![一二三四五六七八九十百两\d])([一二三四五六七八九十两]{1,3}|\d{1,2})个?字/u;
/** Shortest formula worth looking for: shorter ones (两字) match too much ordinary text. */
const MIN_CHARS = 4;

/** A Chinese numeral up to 九十九 (十六 → 16, 二十 → 20) or digits, as a number; undefined otherwise. */
function numberOf(text: string): number | undefined {
  if (/^\d+$/u.test(text)) return Number(text);
  const match = text.match(/^([一二三四五六七八九两])?(十)?([一二三四五六七八九])?$/u);
  if (!match || text.length === 0) return undefined;
  const [, tens, ten, ones] = match;
  if (!ten) return tens && !ones ? NUMERALS[tens] : undefined;
  return (tens ? (NUMERALS[tens] ?? 0) : 1) * 10 + (ones ? (NUMERALS[ones] ?? 0) : 0);
}

/** The length in characters a question asks a phrase to have (那个十六字 → 16), or undefined. */
export function countedChars(question: string): number | undefined {
  const digits = normalizeText(question).match(COUNTED)?.[1];
  const chars = digits ? numberOf(digits) : undefined;
  return chars !== undefined && chars >= MIN_CHARS ? chars : undefined;
}

const HAN = /\p{Script=Han}/gu;
/** Two or more Han phrases joined by 、 (a parallel formula), the run bounded by punctuation on both sides. */
const PARALLEL = /(?<!\p{Script=Han})\p{Script=Han}{2,8}(?:、\p{Script=Han}{2,8})+(?!\p{Script=Han})/gu;
const QUOTED = /[“「"]([^”」"]{2,40})[”」"]/gu;

/** True when the clause holds a formula of `chars` characters: equal parallel phrases, or a quoted slogan. */
function holdsFormula(clause: string, chars: number): boolean {
  for (const match of clause.matchAll(PARALLEL)) {
    const phrases = match[0].split('、');
    const length = phrases[0]?.length ?? 0;
    if (phrases.every((phrase) => phrase.length === length) && phrases.length * length === chars) return true;
  }
  for (const match of clause.matchAll(QUOTED)) {
    if ((match[1]?.match(HAN)?.length ?? 0) === chars) return true;
  }
  return false;
}

/**
 * The clause of the best passage that holds a formula of the asked length (那个十六字 → a clause with four
 * four-character phrases or a sixteen-character slogan), as a quote; passages are tried in retrieval order.
 * Undefined when the question asks no length or no passage holds such a formula.
 */
export function countedPhraseQuote(question: string, passages: readonly Passage[]): Quote | undefined {
  const chars = countedChars(question);
  if (chars === undefined) return undefined;
  for (const { meeting, paragraph } of passages) {
    const clause = splitClauses(paragraph.text).find((text) => holdsFormula(text, chars));
    if (clause) return { meeting, paragraph, text: clause.trim() };
  }
  return undefined;
}
