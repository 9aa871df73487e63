import { splitClauses } from '../corpus/chunk.js';
import { normalizeCached } from '../corpus/script.js';
import type { Passage } from '../search/retriever.js';
import type { Quote } from './quotes.js';
import { pieceCoverage } from './topic-pieces.js';

/** A list item's head up to this long (五是全力以赴推进水利工程建设) says little without the sentence after it. */
const SHORT_HEAD_CHARS = 30;
/** A lead sentence up to this long (同时,狠抓招商引资。) only announces what the sentences after it say. */
const SHORT_LEAD_CHARS = 15;
const ITEM_HEAD = /^[一二三四五六七八九十]+(?:是|要)/u;
/** True for a numbered item's head (四是全力以赴推进招商引资工作。): the meeting's own point on what it names. */
export function isItemHead(text: string): boolean {
  const trimmed = text.trim();
  return trimmed.length <= SHORT_HEAD_CHARS && ITEM_HEAD.test(trimmed);
}

/** A sentence ending in a semicolon goes on in the next one (…邀请考察;做好十六届西博会…). */
const GOES_ON = /[;；]$/u;
const MAX_FOLLOWING = 3;
const ITEM_FOLLOWING = 2;
/** A sentence's closing mark (and closing quote or bracket); headlines and titles end without one. */
const CLOSED = /[。！？!?；;：:…][”"’』」)）]*$|[)）]$/u;
const MAX_HEADLINE_CHARS = 60;

/**
 * True for a headline, title or subtitle line (冲刺四季度 打好收官战; 骆高燕在…推进大会上强调): short and not closed
 * by a sentence mark. It repeats the title rather than reports a point.
 */
export function isHeadline(text: string): boolean {
  const trimmed = text.trim();
  return trimmed.length <= MAX_HEADLINE_CHARS && !CLOSED.test(trimmed);
}

/** A sentence that tells what to do (要以拼的韧性…, 必须…): a meeting's own deployment, not a report of one. */
const DIRECTIVE = /^(?:要|必须|务必|着力|全力|坚持)/u;
/** True for a directive sentence (要全力攻坚冲刺四季度…), as against a report (会上,…汇报了…四季度工作安排). */
export function isDirective(text: string): boolean {
  return DIRECTIVE.test(normalizeCached(text).trim());
}

/**
 * How much of the topic as the question writes it (its runs of characters, 二季度工作) a sentence holds whole: the sum
 * over the runs of the longest part of each found, as a share of the run. 0 without runs.
 */
export function asWritten(runs: readonly string[], text: string): number {
  const normalized = normalizeCached(text);
  let sum = 0;
  for (const run of runs) {
    for (let length = run.length; length >= 2; length--) {
      const found = [...Array(run.length - length + 1).keys()].some((start) =>
        normalized.includes(run.slice(start, start + length)),
      );
      if (found) {
        sum += length / run.length;
        break;
      }
    }
  }
  return sum;
}

interface Candidate {
  passage: Passage;
  rank: number;
  position: number;
  text: string;
  score: number;
  headline: boolean;
  written: number;
  directive: boolean;
}

/**
 * The sentences of a meeting's retrieved paragraphs that say most of the topic (any of its `variants`, words
 * worded otherwise counting in part), a headline after and a numbered item's head before a sentence that says as much,
 * then the one holding more of the topic as written (`runs`), then a directive (要…) before a report; the best first, then the others
 * in reading order; at most `max`. Empty when no sentence says any of it.
 */
export function pickAcrossQuotes(
  variants: readonly string[][],
  passages: readonly Passage[],
  max: number,
  runs: readonly string[] = [],
): Quote[] {
  const candidates: Candidate[] = passages.flatMap((passage, rank) =>
    splitClauses(passage.paragraph.text)
      .map((sentence) => sentence.trim())
      .filter((text) => text.length >= 4)
      .map((text, position) => ({
        passage,
        rank,
        position,
        text,
        score: Math.max(0, ...variants.map((words) => (words.length > 0 ? pieceCoverage(words, text) : 0))),
        headline: isHeadline(text),
        written: asWritten(runs, text),
        directive: isDirective(text),
      })),
  );
  const ranked = candidates
    .filter((c) => c.score > 0)
    .sort(
      (a, b) =>
        b.score - a.score ||
        Number(a.headline) - Number(b.headline) ||
        Number(isItemHead(b.text)) - Number(isItemHead(a.text)) ||
        b.written - a.written ||
        Number(b.directive) - Number(a.directive) ||
        a.rank - b.rank ||
        a.position - b.position,
    );
  const chosen: Candidate[] = [];
  for (const candidate of ranked) {
    if (chosen.length >= max) break;
    if (!chosen.some((c) => c.text === candidate.text)) chosen.push(candidate);
  }
  const [lead, ...rest] = chosen;
  rest.sort((a, b) => a.rank - b.rank || a.position - b.position);
  return (lead ? [lead, ...rest] : []).map((c) => ({
    meeting: c.passage.meeting,
    paragraph: c.passage.paragraph,
    text: c.text,
  }));
}

/**
 * Quotes, each followed by the sentences of its paragraph that hold its detail: after a short list item's head
 * (五是…水利工程建设 → 特别是童子河…) or a short lead (同时,狠抓招商引资。) the next sentence, and while that ends in a
 * semicolon the ones after it (at most three in all).
 */
export function withDetail(quotes: readonly Quote[]): Quote[] {
  const quoted = new Set(quotes.map((quote) => quote.text));
  return quotes.flatMap((quote) => {
    const item = isItemHead(quote.text);
    if (!item && quote.text.length > SHORT_LEAD_CHARS) return [quote];
    const sentences = splitClauses(quote.paragraph.text).map((sentence) => sentence.trim());
    const at = sentences.indexOf(quote.text);
    const following: Quote[] = [];
    for (const next of at < 0 ? [] : sentences.slice(at + 1, at + 1 + MAX_FOLLOWING)) {
      if (ITEM_HEAD.test(next) || quoted.has(next)) break;
      following.push({ ...quote, text: next });
      // An item's head is followed by its sentences up to the next item (two at most), a lead by one.
      if (!GOES_ON.test(next) && !(item && following.length < ITEM_FOLLOWING)) break;
    }
    return [quote, ...following];
  });
}
