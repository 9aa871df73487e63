import { splitClauses } from '../corpus/chunk.js';
import type { Meeting } from '../corpus/meeting.js';
import { normalizeText } from '../corpus/script.js';
import type { Passage } from '../search/retriever.js';
import type { Quote } from './quotes.js';

/**
 * Questions that give the shape of a recurring formula (那几个“以……的……”): the speech's sentences built on that shape
 * (要以实的举措…, 要以拼的韧性…) are its answer, quoted in order.
 */

const ELLIPSIS = /…+|\.{3,}|。{3,}/gu;
/**
 * A quoted shape: Han literals with ellipses between them (“以……的……”), or one literal and an ellipsis (「以……」).
 * Only quoted shapes are read: unquoted, where a literal starts and ends is a guess (哪些以……的……句式).
 */
const TEMPLATE = /[“「"『]((?:…+|\.{3,})?\p{Script=Han}{1,3}(?:(?:…+|\.{3,})\p{Script=Han}{0,3})+)[”」"』]/u;
/** What an ellipsis stands for: a few characters within one clause. */
const GAP = '[^，,。；;：:、！!？?]{1,6}';
const SENTENCE_CHARS = 100;
/** A shape that recurs fewer times is a phrase, not a formula. */
const MIN_MATCHES = 2;

/**
 * The pattern of the shape a question quotes, anchored at a clause's start (以……的…… → ^以.{1,6}的.{1,6}), or
 * undefined when it quotes none.
 */
export function templatePattern(question: string): RegExp | undefined {
  const normalized = normalizeText(question);
  const template = normalized.match(TEMPLATE)?.[1];
  if (!template) return undefined;
  const literals = template.split(ELLIPSIS).map((literal) => literal.replace(/[.*+?^${}()|[\]\\]/gu, '\\$&'));
  return new RegExp(`^${literals.join(GAP)}`, 'u');
}

/** A sentence as quoted: cut at a comma near 100 characters when longer. */
function shortSentence(text: string): string {
  if (text.length <= SENTENCE_CHARS) return text;
  const cut = text.slice(0, SENTENCE_CHARS);
  const comma = Math.max(cut.lastIndexOf(','), cut.lastIndexOf('，'), cut.lastIndexOf('；'), cut.lastIndexOf(';'));
  return `${comma > SENTENCE_CHARS / 3 ? cut.slice(0, comma) : cut}…`;
}

/** The clauses of a meeting built on the shape, in reading order, each quoted as its sentence. */
function shapedSentences(meeting: Meeting, pattern: RegExp): Quote[] {
  return meeting.paragraphs.flatMap((paragraph) =>
    splitClauses(paragraph.text)
      .filter((sentence) =>
        sentence
          .split(/[，,；;]/u)
          .some((clause) => pattern.test(normalizeText(clause).replace(/^\s*(?:要|就要|必须|还要|更要)/u, ''))),
      )
      .map((sentence) => ({ meeting, paragraph, text: shortSentence(sentence.trim()) })),
  );
}

/**
 * The sentences built on the shape the question quotes (以……的……), from the first meeting among the passages' that
 * has two or more of them; undefined when the question quotes no shape or no meeting repeats it.
 */
export function templatePhraseQuotes(question: string, passages: readonly Passage[]): Quote[] | undefined {
  const pattern = templatePattern(question);
  if (!pattern) return undefined;
  const meetings = [...new Map(passages.map((p) => [p.meeting.id, p.meeting])).values()];
  for (const meeting of meetings) {
    const quotes = shapedSentences(meeting, pattern);
    if (quotes.length >= MIN_MATCHES) return quotes;
  }
  return undefined;
}
