import type { Meeting } from '../corpus/meeting.js';
import { normalizeText } from '../corpus/script.js';
import type { Passage } from '../search/retriever.js';
import { shortHead } from './list-words.js';
import type { Quote } from './quotes.js';

/**
 * Lists a question asks for by the shape of their items (从哪几个“以……”的角度, 哪些“……到位”): the short clauses of
 * one meeting that open (or close) with the quoted words, in reading order, each quoted with what follows it.
 */

/** A quoted pattern: words and ellipses (…… or ...), at least one of each, up to 16 characters in all. */
const PATTERN = /[“「"『]((?:[^”」"』…]{0,6}(?:…+|\.{3,}))+[^”」"』…]{0,6})[”」"』]/u;
const ELLIPSIS = /…+|\.{3,}/u;
/** Words that open a demand before its pattern (要以实的举措, 坚持以…): skipped when matching. */
const OPENER = /^(?:要|是|并|还要|必须|坚持|坚持要|着力|努力)/u;
/** Longest clause (in characters, opener skipped) that counts as an item: longer ones use the words in passing. */
const MAX_ITEM_CHARS = 8;

/** The words of an item pattern between its ellipses: “以……” → [以, ''], “以……的……” → [以, 的, '']. */
export type ItemPattern = string[];

/** The words a question's quoted pattern is made of, split at its ellipses; undefined without such a pattern. */
export function itemPatternOf(question: string): ItemPattern | undefined {
  const body = normalizeText(question).match(PATTERN)?.[1];
  const parts = body?.split(ELLIPSIS).map((part) => part.trim());
  return parts?.some((part) => part.length > 0) ? parts : undefined;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/gu, '\\$&');
}

/** A clause matcher: the pattern's words in order, each ellipsis at least one character. */
function patternRegex(pattern: ItemPattern): RegExp {
  return new RegExp(`^${pattern.map(escapeRegExp).join('.+?')}$`, 'u');
}

/** The clauses of one meeting that match the pattern, as quotes starting at the clause, in reading order. */
function matchingClauses(meeting: Meeting, pattern: ItemPattern): Quote[] {
  const matcher = patternRegex(pattern);
  const quotes: Quote[] = [];
  for (const paragraph of meeting.paragraphs) {
    // Clause starts: the text start and every point after a comma, semicolon, full stop or colon.
    const text = paragraph.text;
    const starts = [0, ...[...text.matchAll(/[,，;；。:：!！?？]/gu)].map((m) => (m.index ?? 0) + 1)];
    for (const [k, start] of starts.entries()) {
      const end = starts[k + 1] ?? text.length;
      const clause = normalizeText(text.slice(start, end))
        .replace(/[,，;；。:：!！?？\s]+$/u, '')
        .trim();
      const core = clause.replace(OPENER, '');
      if (core.length === 0 || core.length > MAX_ITEM_CHARS) continue;
      // The pattern may quote the opener too (“要以……”) or leave it out (“以……”).
      if (!matcher.test(core) && !matcher.test(clause)) continue;
      quotes.push({
        meeting,
        paragraph,
        text: shortHead(
          text
            .slice(start, sentenceEnd(text, start))
            .trim()
            .replace(/[,，;；]$/u, ''),
        ),
      });
    }
  }
  return quotes;
}

/** Where the sentence holding `start` ends (after its 。！？ or the text's end). */
function sentenceEnd(text: string, start: number): number {
  const rest = text.slice(start).search(/[。！？!?]/u);
  return rest < 0 ? text.length : start + rest + 1;
}

/**
 * Answers a question that asks for items by their shape (a quoted pattern with an ellipsis): the matching short
 * clauses of the meeting it names, else of the first of the best three passages' meetings that has two or more, each
 * quoted from the clause on and cited. Undefined without a pattern or when no meeting has two matching clauses.
 */
export function composePattern(question: string, named: readonly Meeting[], passages: Passage[]): Quote[] | undefined {
  const pattern = itemPatternOf(question);
  if (!pattern) return undefined;
  const meetings = named.length > 0 ? named : [...new Set(passages.slice(0, 3).map((passage) => passage.meeting))];
  for (const meeting of meetings) {
    const quotes = matchingClauses(meeting, pattern);
    if (quotes.length >= 2) return quotes;
  }
  return undefined;
}
