import { normalizeText } from '../corpus/script.js';
import { coreWords, queryCoverage } from '../search/retriever.js';
import { tokenizeWords } from '../search/tokenize.js';
import { type Enumeration, type EnumerationItem, findEnumerations } from './enumerations.js';
import { FUNCTION_ONLY, LIST_WORDS, shortHead } from './list-words.js';
import type { Quote } from './quotes.js';

/** Answers about one item of a list: its place in the list (第二点), or the words of a narrowing question (其中…). */

const ITEM_BUDGET_CHARS = 300;

/**
 * An item's head and its details in order, up to about 300 characters; a speech's section is given by its head and
 * the list inside it, unless `wording` asks for what the section itself says (第五点具体怎么说的？).
 */
export function itemQuotes(list: Enumeration, item: EnumerationItem, wording = false): Quote[] {
  if (list.style === 'section' && !wording) {
    const inner = innerList(list, item);
    if (inner) return sectionQuotes(list, item, inner);
  }
  const quotes: Quote[] = [];
  let length = 0;
  for (const text of item.sentences) {
    if (quotes.length > 0 && length + text.length > ITEM_BUDGET_CHARS) break;
    quotes.push({ meeting: list.meeting, paragraph: item.paragraph, text });
    length += text.length;
  }
  return quotes;
}

/** The numbered list inside a speech's section item (二、… 一是… 二是…), when its paragraph holds one. */
function innerList(list: Enumeration, item: EnumerationItem): Enumeration | undefined {
  return findEnumerations(list.meeting).find(
    (other) => other.style !== 'section' && other.items.every((inner) => inner.paragraph === item.paragraph),
  );
}

/** A section by its head, the lead of the list inside it, and that list's item heads in order. */
function sectionQuotes(list: Enumeration, item: EnumerationItem, inner: Enumeration): Quote[] {
  const cite = (text: string): Quote => ({ meeting: list.meeting, paragraph: item.paragraph, text });
  const lead = inner.lead && inner.lead.text !== item.head ? [cite(inner.lead.text)] : [];
  return [cite(item.head), ...lead, ...inner.items.map((innerItem) => cite(shortHead(innerItem.head)))];
}

/**
 * Quotes item `ordinal` of the enumeration the cited paragraphs show (the one whose items cover most of them,
 * inner lists before a speech's sections on a tie): its head, then its details in order.
 */
export function composeItem(
  sources: readonly Pick<Quote, 'meeting' | 'paragraph'>[],
  ordinal: number,
  wording = false,
): Quote[] | undefined {
  const meetings = [...new Map(sources.map((s) => [s.meeting.id, s.meeting])).values()];
  const lists = meetings.flatMap((meeting) => findEnumerations(meeting));
  const covered = (list: Enumeration) =>
    sources.filter((s) => s.meeting.id === list.meeting.id && list.items.some((i) => i.paragraph.n === s.paragraph.n))
      .length;
  const ranked = lists
    .filter((list) => covered(list) > 0 && list.items.some((item) => item.number === ordinal))
    .sort((a, b) => covered(b) - covered(a) || Number(a.style === 'section') - Number(b.style === 'section'));
  const list = ranked[0];
  const item = list?.items.find((candidate) => candidate.number === ordinal);
  return list && item ? itemQuotes(list, item, wording) : undefined;
}

/** Least share of a narrowing question's words an item must hold to be the one it asks about. */
const SUB_ITEM_COVERAGE = 0.4;

/**
 * Answers a question about one item of the list the previous answer cited (其中教育工作会议要开成什么样的大会？): the
 * item whose text holds most of the question's words (those every item repeats not counted), as its head and then
 * its detail sentence that holds most of them. Undefined when no item holds `SUB_ITEM_COVERAGE` of the words.
 */
export function composeSubItem(
  sources: readonly Pick<Quote, 'meeting' | 'paragraph'>[],
  question: string,
): Quote[] | undefined {
  const meetings = [...new Map(sources.map((s) => [s.meeting.id, s.meeting])).values()];
  const cited = (list: Enumeration) =>
    list.items.some((item) =>
      sources.some((s) => s.meeting.id === list.meeting.id && s.paragraph.n === item.paragraph.n),
    );
  const words = coreWords(tokenizeWords(normalizeText(question))).filter(
    (word) => !LIST_WORDS.has(word) && !FUNCTION_ONLY.test(word) && !/^[哪几什怎如]/u.test(word),
  );
  let best: { list: Enumeration; item: EnumerationItem; coverage: number } | undefined;
  for (const list of meetings.flatMap((meeting) => findEnumerations(meeting)).filter(cited)) {
    const own = words.filter(
      (word) => list.items.filter((i) => normalizeText(i.head).includes(word)).length * 2 <= list.items.length,
    );
    for (const item of list.items) {
      const coverage = own.length === 0 ? 0 : queryCoverage(own, item.sentences.join(''));
      if (!best || coverage > best.coverage) best = { list, item, coverage };
    }
  }
  if (!best || best.coverage < SUB_ITEM_COVERAGE) return undefined;
  const { list, item } = best;
  // The head names the item; the question asks what the item says of it: its detail that shares most words (the
  // first on a tie, usually the one that says what is to be done).
  const [head = '', ...details] = item.sentences;
  const detail = details.reduce<string | undefined>(
    (chosen, text) =>
      chosen === undefined || queryCoverage(words, text) > queryCoverage(words, chosen) ? text : chosen,
    undefined,
  );
  return [head, ...(detail ? [detail] : [])].map((text) => ({
    meeting: list.meeting,
    paragraph: item.paragraph,
    text,
  }));
}
