import type { Meeting } from '../corpus/meeting.js';
import { normalizeText } from '../corpus/script.js';
import type { Passage } from '../search/retriever.js';
import { itemQuotes } from './compose-item.js';
import { type Enumeration, findEnumerations, NUMERALS } from './enumerations.js';
import { shortHead } from './list-words.js';
import type { Quote } from './quotes.js';

/**
 * Lists the text names by a count and a quoted phrase (要抓好五个“全力以赴”), asked for by that name with or without
 * the quotation marks (五个全力以赴具体指什么): the question need not read as a list question.
 */

/** A lead's counted name: 五个“全力以赴”, 三个「坚持」. */
const COUNTED_NAME = /([一二三四五六七八九十两])个[“「"『]([^”」"』]{2,8})[”」"』]/gu;

/** The count and name a list's lead gives it, when the lead names a list of that many items. */
function namesOf(list: Enumeration): { count: number; name: string }[] {
  const lead = normalizeText(list.lead?.text ?? '');
  return [...lead.matchAll(COUNTED_NAME)]
    .map((match) => ({ count: NUMERALS[match[1] ?? ''] ?? 0, name: match[2] ?? '' }))
    .filter(({ count, name }) => name.length > 0 && count === list.items.length);
}

/** True when the question says the counted name (五个全力以赴, 五个“全力以赴”), quoted or not. */
function asksByName(question: string, numeral: string, name: string): boolean {
  const bare = question.replace(/[“”「」"『』\s]/gu, '');
  return bare.includes(`${numeral}个${name}`);
}

/** The numeral (五) a count is written with in the lead, to match the question's wording. */
function numeralsOf(count: number): string[] {
  return Object.entries(NUMERALS)
    .filter(([, value]) => value === count)
    .map(([numeral]) => numeral);
}

/**
 * The list a question asks for by the counted name its lead gives it (五个全力以赴 → 还要抓好五个“全力以赴”。 一是…),
 * as quotes: the lead, then every item's head in order, each cited to its own paragraph; only item `ordinal` with its
 * details when the question points at one. Looks in the meetings the question names, else in those of the best three
 * passages; undefined when no lead there carries the name.
 */
export function composeNamedList(
  question: string,
  named: readonly Meeting[],
  passages: readonly Passage[],
  ordinal?: number,
): Quote[] | undefined {
  const normalized = normalizeText(question);
  const meetings = named.length > 0 ? named : [...new Set(passages.slice(0, 3).map((passage) => passage.meeting))];
  for (const meeting of meetings) {
    const list = findEnumerations(meeting).find((candidate) =>
      namesOf(candidate).some(({ count, name }) =>
        numeralsOf(count).some((numeral) => asksByName(normalized, numeral, name)),
      ),
    );
    if (!list?.lead) continue;
    const pointed = ordinal === undefined ? undefined : list.items.find((item) => item.number === ordinal);
    if (pointed) return itemQuotes(list, pointed);
    const lead: Quote = { meeting: list.meeting, paragraph: list.lead.paragraph, text: list.lead.text };
    const items = list.items.map((item) => ({
      meeting: list.meeting,
      paragraph: item.paragraph,
      text: shortHead(item.head),
    }));
    return [lead, ...items];
  }
  return undefined;
}
