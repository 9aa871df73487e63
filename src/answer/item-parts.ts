import type { Meeting } from '../corpus/meeting.js';
import { normalizeText } from '../corpus/script.js';
import { type Enumeration, type EnumerationItem, findEnumerations } from './enumerations.js';
import type { Quote } from './quotes.js';

/** A follow-up that asks for the parts of an item (第三点具体有哪几条？), not for what the item says. */
const ASKS_PARTS = /哪(?:几|些)|几(?:条|点|项|个方面|方面|部分)|包括|都有什么|都是什么|分别是什么/u;

/** True when a follow-up on one item asks for that item's own list (具体有哪几条, 包括哪些), in either script. */
export function asksForParts(question: string): boolean {
  return ASKS_PARTS.test(normalizeText(question));
}

const HEAD_CHARS = 70;

/** A sub-item's head, cut at a comma when longer than about 70 characters. */
function partHead(text: string): string {
  if (text.length <= HEAD_CHARS) return text;
  const cut = text.slice(0, HEAD_CHARS);
  const comma = Math.max(cut.lastIndexOf(','), cut.lastIndexOf('，'), cut.lastIndexOf('；'));
  return `${comma > HEAD_CHARS / 3 ? cut.slice(0, comma) : cut}…`;
}

/** Where a clause starts in its paragraph, or -1. */
function offsetOf(item: EnumerationItem): number {
  return item.paragraph.text.indexOf(item.head);
}

/**
 * The list that sits inside `item` of `outer`: another enumeration whose items all lie in the item's paragraph,
 * after the item's head and before the outer list's next item there (三、突出一个“绿”字 … 一是… 二是…).
 */
function innerList(lists: readonly Enumeration[], outer: Enumeration, item: EnumerationItem): Enumeration | undefined {
  const start = offsetOf(item);
  const next = outer.items.find((other) => other.number === item.number + 1 && other.paragraph === item.paragraph);
  const end = next ? offsetOf(next) : Number.POSITIVE_INFINITY;
  return lists.find(
    (list) =>
      list !== outer &&
      list.style !== 'series' &&
      list.items.every((part) => {
        const at = part.paragraph === item.paragraph ? offsetOf(part) : -1;
        return at > start && at < end;
      }),
  );
}

type Cited = readonly Pick<Quote, 'meeting' | 'paragraph'>[];

/**
 * The enumeration the cited paragraphs show (the one whose items cover most of them, a speech's sections after inner
 * lists on a tie, as composeItem picks it) and its item `ordinal` (`last`: its last item), with every enumeration of
 * its meeting; undefined when no cited list has that item.
 */
function pickItem(sources: Cited, ordinal: number | 'last') {
  const meetings = [...new Map(sources.map((s) => [s.meeting.id, s.meeting])).values()];
  const byMeeting = new Map<Meeting, Enumeration[]>(meetings.map((m) => [m, findEnumerations(m)]));
  const covered = (list: Enumeration) =>
    sources.filter((s) => s.meeting.id === list.meeting.id && list.items.some((i) => i.paragraph.n === s.paragraph.n))
      .length;
  const has = (list: Enumeration) => ordinal === 'last' || list.items.some((item) => item.number === ordinal);
  const outer = [...byMeeting.values()]
    .flat()
    .filter((list) => covered(list) > 0 && has(list))
    .sort((a, b) => covered(b) - covered(a) || Number(a.style === 'section') - Number(b.style === 'section'))[0];
  const item = ordinal === 'last' ? outer?.items.at(-1) : outer?.items.find((i) => i.number === ordinal);
  return outer && item ? { outer, item, lists: byMeeting.get(outer.meeting) ?? [] } : undefined;
}

/** The number of item `ordinal` of the list the cited paragraphs show (最后一点 → 5 after five points), or undefined. */
export function itemNumberOf(sources: Cited, ordinal: number | 'last'): number | undefined {
  return pickItem(sources, ordinal)?.item.number;
}

/**
 * Quotes the parts of item `ordinal` of the enumeration the cited paragraphs show (see pickItem): the item's head,
 * then each part's head in order. Undefined when that item holds no list of its own.
 */
export function composeItemParts(sources: Cited, ordinal: number | 'last'): Quote[] | undefined {
  const picked = pickItem(sources, ordinal);
  const inner = picked && innerList(picked.lists, picked.outer, picked.item);
  if (!picked || !inner) return undefined;
  const { outer, item } = picked;
  const quote = (text: string): Quote => ({ meeting: outer.meeting, paragraph: item.paragraph, text });
  return [quote(partHead(item.head)), ...inner.items.map((part) => quote(partHead(part.head)))];
}
