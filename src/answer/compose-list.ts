import type { Meeting } from '../corpus/meeting.js';
import { normalizeText } from '../corpus/script.js';
import { coreWords, type Passage, queryCoverage } from '../search/retriever.js';
import { tokenizeWords } from '../search/tokenize.js';
import type { QuestionIntent } from './classify.js';
import { itemQuotes } from './compose-item.js';
import {
  type Enumeration,
  type EnumerationItem,
  findEnumerations,
  listClauses,
  parseItemHead,
} from './enumerations.js';
import { FUNCTION_ONLY, LIST_WORDS, shortHead } from './list-words.js';
import type { Quote } from './quotes.js';

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
const POINTING = /^[那这该此](?:份|次|个|场|篇|块|点|方面)$/u;

/** Words that name the meeting or the speech itself: a question made only of them asks for its sections. */
const MEETING_WORDS = new Set(['会议', '全体会议', '讲话', '发言', '报告', '会上', '大会']);

/**
 * The words of a list question that say what the list is about: not the meeting's title or place, not list words
 * (哪些, 具体措施), not words pointing at the meeting (这次) or numbers (五点).
 */
export function listTopicWords(intent: QuestionIntent, meeting: Meeting): string[] {
  // A lone character is a tokenizer's seam (长 of 区长), unless the question quotes it (“绿”字).
  const quoted = quotedTerms(intent.topic);
  const title = `${meeting.title} ${meeting.place}`;
  const heading = normalizeText(`${title} ${title.replace(/[(（][^)）]*[)）]/gu, '')}`);
  return coreWords(tokenizeWords(normalizeText(intent.topic))).filter(
    (word) =>
      !heading.includes(word) &&
      !LIST_WORDS.has(word) &&
      !LIST_WORDS.has(word.replace(/^具体/u, '')) &&
      !MEETING_WORDS.has(word) &&
      !POINTING.test(word) &&
      (word.length > 1 || quoted.includes(word)) &&
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
  const words = listTopicWords(intent, list.meeting);
  const counted = intent.count !== undefined && intent.count === list.items.length;
  // A question of list words only (东区的三项工作是什么？) asks for a speech's sections, or for the list of its size.
  if (words.length === 0 && list.style === 'section') return { score: 1 + (counted ? 0.4 : 0) };
  // Or for the list at the best passage (黔江区四季度要抓好哪些工作？ where 四季度 is the title's word).
  if (words.length === 0 && !counted) return firstRank(list, passages) === 0 ? { score: 0.8 } : undefined;
  const leadText = `${list.preamble}${list.lead?.text ?? ''}`;
  const leadCoverage = queryCoverage(inWording(words, leadText), leadText);
  // The heading of the section a list sits in (三、…坚定不移走生态优先绿色发展之路) names what the list is about.
  const heading = sectionHeading(list);
  const headed = heading !== undefined && words.length > 0 && queryCoverage(inWording(words, heading), heading) >= 0.5;
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
  // A run of demands at the best two passages whose lead and items together say the question's words (骆高燕 asked
  // for her demands on 冲刺四季度 and 谋划明年: the words fall in different items). Numbered lists have fits of their
  // own, and one word (拆迁) in one item says that item, not the list.
  const whole =
    list.style === 'series' &&
    words.length >= 2 &&
    near <= 1 &&
    queryCoverage(words, `${leadText}${list.items.map((i) => i.head).join('')}`) >= 0.75;
  if (passages.length > 0 && !quotedHit && !headed && !whole && (near > 2 || (list.style === 'series' && near > 0)))
    return undefined;
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
  const strong = leadCoverage >= 0.5 || counted || quotedHit || headed;
  const onTopic =
    near === 0 || passages.length === 0
      ? strong || itemCoverage >= 0.5 || (counted && leadCoverage >= 0.25) || whole
      : strong || whole;
  if (!onTopic) return undefined;
  const countBonus = intent.count === undefined ? 0 : counted ? 0.4 : -0.2;
  return {
    score: Math.max(leadCoverage, itemCoverage) + countBonus + rankBonus + (quotedHit || headed ? 0.5 : 0),
  };
}

/**
 * The heading of the numbered section a list of 一是… items sits in: the section head (三、…) its first item's
 * paragraph opens with, when the list does not start the paragraph itself.
 */
function sectionHeading(list: Enumeration): string | undefined {
  if (list.style === 'section') return undefined;
  const first = list.items[0];
  if (!first) return undefined;
  const opening = listClauses(first.paragraph.text)[0];
  if (!opening || opening.trim() === first.head) return undefined;
  return parseItemHead(opening)?.style === 'section' ? opening.trim() : undefined;
}

/** The meetings a list may come from: those the question names, else those of the best three passages. */
function scope(intent: QuestionIntent, passages: Passage[]): Meeting[] {
  if (intent.named.length > 0) return intent.named;
  return [...new Map(passages.slice(0, 3).map((p) => [p.meeting.id, p.meeting])).values()];
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
