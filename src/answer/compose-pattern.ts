import type { Meeting } from '../corpus/meeting.js';
import { normalizeText } from '../corpus/script.js';
import type { Passage } from '../search/retriever.js';
import type { Quote } from './quotes.js';

/**
 * Lists a question asks for by the shape of their items (从哪几个“以……”的角度, 哪些“……到位”): the short clauses of
 * one meeting that open (or close) with the quoted words, in reading order, each quoted with what follows it.
 */

/** A quoted pattern: words, an ellipsis (…… or ...), words; one side may be empty, not both. */
const PATTERN = /[“「"『]([^”」"』….]{0,6})(?:…+|\.{3,}|——)([^”」"』….]{0,6})[”」"』]/u;
/** Words that open a demand before its pattern (要以实的举措, 坚持以…): skipped when matching. */
const OPENER = /^(?:要|是|并|还要|必须|坚持|坚持要|着力|努力)/u;
/** Longest clause (in characters, opener skipped) that counts as an item: longer ones use the words in passing. */
const MAX_ITEM_CHARS = 8;
const QUOTE_CHARS = 70;

/** The words a question's quoted pattern starts and ends with (“以……” → 以, ''), or undefined without a pattern. */
export function itemPatternOf(question: string): { prefix: string; suffix: string } | undefined {
  const match = normalizeText(question).match(PATTERN);
  const prefix = match?.[1]?.trim() ?? '';
  const suffix = match?.[2]?.trim() ?? '';
  return match && (prefix || suffix) ? { prefix, suffix } : undefined;
}

/** A sentence from its matching clause on, cut at a comma near `QUOTE_CHARS` characters (marked with …). */
function quoteFrom(text: string): string {
  if (text.length <= QUOTE_CHARS) return text.replace(/[,，;；]$/u, '');
  const cut = text.slice(0, QUOTE_CHARS);
  const comma = Math.max(cut.lastIndexOf(','), cut.lastIndexOf('，'), cut.lastIndexOf('；'), cut.lastIndexOf(';'));
  return `${comma > QUOTE_CHARS / 3 ? cut.slice(0, comma) : cut}…`;
}

/** The clauses of one meeting that match the pattern, as quotes starting at the clause, in reading order. */
function matchingClauses(meeting: Meeting, pattern: { prefix: string; suffix: string }): Quote[] {
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
      if (!core.startsWith(pattern.prefix) || !core.endsWith(pattern.suffix)) continue;
      if (core.length <= pattern.prefix.length + pattern.suffix.length) continue;
      quotes.push({ meeting, paragraph, text: quoteFrom(text.slice(start, sentenceEnd(text, start)).trim()) });
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
 * clauses of the meeting it names, else of the best passage's meeting, each quoted from the clause on and cited.
 * Undefined without a pattern or when fewer than two clauses match.
 */
export function composePattern(question: string, named: readonly Meeting[], passages: Passage[]): Quote[] | undefined {
  const pattern = itemPatternOf(question);
  if (!pattern) return undefined;
  const top = passages[0]?.meeting;
  const meetings = named.length > 0 ? named : top ? [top] : [];
  for (const meeting of meetings) {
    const quotes = matchingClauses(meeting, pattern);
    if (quotes.length >= 2) return quotes;
  }
  return undefined;
}
