import type { Meeting } from '../corpus/meeting.js';
import { normalizeText } from '../corpus/script.js';
import { coreWords, type Passage, queryCoverage } from '../search/retriever.js';
import { tokenizeWords } from '../search/tokenize.js';
import type { QuestionIntent } from './classify.js';
import { type Enumeration, type EnumerationItem, findEnumerations } from './enumerations.js';
import type { Quote } from './quotes.js';

const ITEM_CHARS = 70;
/** Words that ask for a list rather than say what it is about. */
const LIST_WORDS = new Set([
  '哪些',
  '哪几',
  '几项',
  '几点',
  '分别',
  '包括',
  '什么',
  '有哪些',
  '方面',
  '工作',
  '要求',
  '部署',
  '提出',
  '部分',
  '任务',
  '举措',
  '措施',
  '抓好',
  '做好',
  '具体',
  '事项',
  '内容',
]);
/**
 * A word made only of function characters or of saying (上要 of 工作上要, 对下 of 对下一步, 讲了): a tokenizer's seam or
 * the question's frame, not a topic.
 */
const FUNCTION_ONLY = /^[的了在上下要是对把和与及将从为被就也都还又中之里内讲说]+$/u;
/**
 * Set phrases the reports use for one idea (持之以恒 in a question, 坚持不懈 in the report): a question's word
 * counts as found where the text says any phrase of its group.
 */
const SAME_MEANING: readonly (readonly string[])[] = [
  ['坚持不懈', '持之以恒', '常抓不懈', '锲而不舍', '久久为功'],
  ['全力以赴', '竭尽全力', '不遗余力', '全力'],
  ['精心组织', '精心安排', '精心筹划', '精心部署'],
];

/** The question's words as `text` words them: a word of a `SAME_MEANING` group becomes the phrase `text` uses. */
function inWording(words: readonly string[], text: string): string[] {
  const normalized = normalizeText(text);
  return words.map((word) => {
    if (normalized.includes(word)) return word;
    const group = SAME_MEANING.find((phrases) => phrases.includes(word));
    return group?.find((phrase) => normalized.includes(phrase)) ?? word;
  });
}
/** Words that point back at a meeting (那份, 这次), not at a topic. */
const POINTING = /^[那这该此](?:份|次|个|场|篇)$/u;

/** An item's head, cut at a comma when longer than about 70 characters. */
function shortHead(text: string): string {
  if (text.length <= ITEM_CHARS) return text;
  const cut = text.slice(0, ITEM_CHARS);
  const comma = Math.max(cut.lastIndexOf(','), cut.lastIndexOf('，'), cut.lastIndexOf('；'), cut.lastIndexOf(';'));
  return `${comma > ITEM_CHARS / 3 ? cut.slice(0, comma) : cut}…`;
}

/** Words that name the meeting or the speech itself: a question made only of them asks for its sections. */
const MEETING_WORDS = new Set(['会议', '全体会议', '讲话', '发言', '报告', '会上', '大会']);

function topicWords(intent: QuestionIntent, meeting: Meeting): string[] {
  const title = `${meeting.title} ${meeting.place}`;
  const heading = normalizeText(`${title} ${title.replace(/[(（][^)）]*[)）]/gu, '')}`);
  return coreWords(tokenizeWords(normalizeText(intent.topic))).filter(
    (word) =>
      !heading.includes(word) &&
      !LIST_WORDS.has(word) &&
      !MEETING_WORDS.has(word) &&
      !POINTING.test(word) &&
      !FUNCTION_ONLY.test(word) &&
      !/^[哪几第]|^[一二三四五六七八九十两\d]+(?:项|点|个|条|方面|部分|大)?$/u.test(word),
  );
}

const QUOTED_TERM = /[“「"『]([^”」"』]{1,6})[”」"』]/gu;

/** The short terms a question quotes (“实”字, 「全力以赴」), normalized. */
function quotedTerms(text: string): string[] {
  return [...normalizeText(text).matchAll(QUOTED_TERM)].map((match) => match[1] ?? '').filter((term) => term);
}

/** True when `text` holds `term` in quotation marks of any kind. */
function quotes(text: string, term: string): boolean {
  const normalized = normalizeText(text);
  return ['“”', '「」', '""', '『』'].some(([open, close]) => normalized.includes(`${open}${term}${close}`));
}

function firstRank(list: Enumeration, passages: Passage[]): number {
  const rank = passages.findIndex(
    (p) => p.meeting.id === list.meeting.id && list.items.some((item) => item.paragraph.n === p.paragraph.n),
  );
  return rank < 0 ? Number.POSITIVE_INFINITY : rank;
}

/** How well an enumeration answers the question, and the one item that answers when the question is about it alone. */
interface ListFit {
  score: number;
  item?: EnumerationItem;
}

/** Scores an enumeration against the question; undefined when it is not about it (its lead and items miss). */
function fitList(list: Enumeration, intent: QuestionIntent, passages: Passage[]): ListFit | undefined {
  const words = topicWords(intent, list.meeting);
  const counted = intent.count !== undefined && intent.count === list.items.length;
  // A question of list words only (东区的三项工作是什么？) asks for a speech's sections, or for the list of its size.
  if (words.length === 0 && list.style === 'section') return { score: 1 + (counted ? 0.4 : 0) };
  if (words.length === 0 && !counted) return undefined;
  const leadText = `${list.preamble}${list.lead?.text ?? ''}`;
  const leadCoverage = queryCoverage(inWording(words, leadText), leadText);
  // A term the question quotes (“实”字部分) that the list's lead quotes too names that list (落实 does not).
  const quotedHit = quotedTerms(intent.topic).some((term) => quotes(leadText, term));

  // Words every list item repeats (精心组织) say which list it is, not which item answers.
  const stem = words.filter(
    (word) => list.items.filter((i) => normalizeText(i.head).includes(word)).length * 2 > list.items.length,
  );
  const itemWords = words.filter((word) => !stem.includes(word));
  const coverages = list.items.map((item) =>
    itemWords.length === 0 ? 0 : queryCoverage(itemWords, item.sentences.join('')),
  );
  const itemCoverage = coverages.reduce((sum, c) => sum + c, 0) / list.items.length;
  const rank = firstRank(list, passages);
  // A list answers from the best three passages (its items or the paragraph of its lead), and below the first one
  // only when its lead matches or it has the asked number of items: a weak list would push the best paragraph down.
  const leadRank = passages.findIndex(
    (p) => p.meeting.id === list.meeting.id && p.paragraph.n === list.lead?.paragraph.n,
  );
  const near = Math.min(rank, leadRank < 0 ? Number.POSITIVE_INFINITY : leadRank);
  if (passages.length > 0 && !quotedHit && (near > 2 || (list.style === 'series' && near > 0))) return undefined;
  const rankBonus = Number.isFinite(rank) ? 0.3 / (rank + 1) : 0;
  const [best = 0, second = 0] = [...coverages].sort((a, b) => b - a);
  // One item answers alone (组织赴哪些城市考察 → 三是…招商考察): the list's lead does not match, that item does.
  // Only a numbered item at the best passage answers alone (a section holds lists of its own, a series item is just a
  // sentence); a list whose lead matches wins a tie.
  if (
    (list.style === 'inline' || list.style === 'paren') &&
    near === 0 &&
    !counted &&
    leadCoverage < 0.5 &&
    best >= 0.5 &&
    best >= 2 * second
  ) {
    return { score: 0.7 * best + rankBonus, item: list.items[coverages.indexOf(best)] };
  }
  const strong = leadCoverage >= 0.5 || counted || quotedHit;
  const onTopic =
    near === 0 || passages.length === 0 ? strong || itemCoverage >= 0.5 || (counted && leadCoverage >= 0.25) : strong;
  if (!onTopic) return undefined;
  const countBonus = intent.count === undefined ? 0 : counted ? 0.4 : -0.2;
  return { score: Math.max(leadCoverage, itemCoverage) + countBonus + rankBonus + (quotedHit ? 0.5 : 0) };
}

/** The meetings a list may come from: those the question names, else those of the best three passages. */
function scope(intent: QuestionIntent, passages: Passage[]): Meeting[] {
  if (intent.named.length > 0) return intent.named;
  return [...new Map(passages.slice(0, 3).map((p) => [p.meeting.id, p.meeting])).values()];
}

const ITEM_BUDGET_CHARS = 300;

/** An item's head and its details in order, up to about 300 characters. */
function itemQuotes(list: Enumeration, item: EnumerationItem): Quote[] {
  if (list.style === 'section') {
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
 * The enumeration that answers a list question (its lead or items share the question's words, or it has the asked
 * number of items; a speech's sections when the question is about the meeting as a whole), as quotes: the lead,
 * then every item's head in order, each cited to its own paragraph; only item `ordinal` (its head and details) when the
 * question points at one. Undefined when no list answers.
 */
export function composeList(intent: QuestionIntent, passages: Passage[], ordinal?: number): Quote[] | undefined {
  let best: (ListFit & { list: Enumeration }) | undefined;
  for (const meeting of scope(intent, passages)) {
    for (const list of findEnumerations(meeting)) {
      const fit = fitList(list, intent, passages);
      if (fit && (!best || fit.score > best.score)) best = { ...fit, list };
    }
  }
  if (!best) return undefined;
  const { list, item: alone } = best;
  if (alone) return itemQuotes(list, alone);
  // 五个“精心组织”中的第三个: that item, with its details.
  const pointed = ordinal === undefined ? undefined : list.items.find((item) => item.number === ordinal);
  if (pointed) return itemQuotes(list, pointed);
  const lead: Quote[] = list.lead
    ? [{ meeting: list.meeting, paragraph: list.lead.paragraph, text: list.lead.text }]
    : [];
  const items = list.items.map((item) => ({
    meeting: list.meeting,
    paragraph: item.paragraph,
    text: shortHead(item.head),
  }));
  return [...lead, ...items];
}

/**
 * Quotes item `ordinal` of the enumeration the cited paragraphs show (the one whose items cover most of them,
 * inner lists before a speech's sections on a tie): its head, then its details in order.
 */
export function composeItem(
  sources: readonly Pick<Quote, 'meeting' | 'paragraph'>[],
  ordinal: number,
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
  return list && item ? itemQuotes(list, item) : undefined;
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
