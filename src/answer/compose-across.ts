import type { Meeting } from '../corpus/meeting.js';
import { normalizeText, toScript } from '../corpus/script.js';
import type { Passage } from '../search/retriever.js';
import { isHeadline, pickAcrossQuotes, withDetail } from './across-quotes.js';
import { ACROSS, type QuestionIntent } from './classify.js';
import { pickFactQuotes } from './extractive.js';
import { type ReplyLanguage, say, scriptOf } from './language.js';
import {
  ATTRIBUTE_WORDS,
  attributeOutro,
  attributeQuote,
  type MeetingAttribute,
  withoutAttribute,
} from './meeting-attributes.js';
import { topicWords } from './missing.js';
import type { Quote, RenderOptions } from './quotes.js';
import { hasPieces, phraseShare, pieceCoverage } from './topic-pieces.js';

/** Searches one meeting for a query (the retriever restricted by `meetingId`). */
export type SearchMeeting = (query: string, meetingId: string) => Promise<Passage[]>;

/** Quotes grouped under each meeting's heading, and a closing line naming the meetings that do not say it. */
export interface AcrossAnswer {
  quotes: Quote[];
  options: RenderOptions;
}

/** Words that ask across meetings, not say about what. */
const ACROSS_FRAME =
  /哪些会议|哪几次会议|哪次会议|哪个会议|这几次会议|几次会议|这些会议|各次会议|各个会议|各会议|各区|所有会议|都|分别|提到了?|谈到了?|讲到了?|涉及(?:到)?了?|部署了?|比较|对比|不同|区别|差异|异同|是在|在/gu;
const ACROSS_ANY = new RegExp(ACROSS.source, 'gu');
const MEETING_WORDS = new Set([
  '会议',
  '召开',
  '举行',
  '时候',
  '时间',
  '日期',
  '哪天',
  '什么时候',
  '何时',
  '开会',
  '名义',
  '名称',
  '名字',
  '会议名称',
  // Words about the reports or where the meetings were held, not about a topic (这几份材料里明确写了…, 哪个区的).
  '这些',
  '材料',
  '报告',
  '里',
  '明确',
  '写',
  '写明',
  '区',
  '地区',
  '报道',
  '篇',
  '几篇',
  '写出',
  '注明',
  '开的',
  ...ATTRIBUTE_WORDS,
]);
/** Words that ask for the shape of each meeting's point (方面, 问题, 要求, 分别, 各自), not what it is about. */
const ASKING_WORDS = new Set([
  '方面',
  '问题',
  '要求',
  '分别',
  '各自',
  '提了',
  '提出',
  '怎么',
  '怎样',
  '如何',
  '评价',
  '看法',
  '哪些',
  '哪几次',
  '几次',
  '什么',
  '内容',
  '提法',
  '说法',
  '表述',
  '专门',
  '几位',
  '哪几位',
  '两次',
  '这两次',
  '列出',
  '按',
  '各是',
  '各有',
  '各为',
  '分别是',
  // Verbs that say a meeting spoke of the topic (强调了安全生产), not what it is.
  '强调',
  '指出',
  '提及',
]);
/** A leading clause that says when, not what (在总结上一阶段工作时，…). */
const WHEN_CLAUSE = /在[^，,。？?]{2,20}时[，,]/gu;
const MIN_COVERAGE = 0.66;

/**
 * What a question across meetings is about, without the words that ask across; of a question in two parts
 * (哪些会议提到了污水处理？分别放在什么工作里讲？) only the first, which names the topic, when it names one.
 */
function acrossTopic(topic: string): string {
  const parts = normalizeText(topic)
    .split(/[？?]/u)
    .map((part) =>
      part.replace(WHEN_CLAUSE, ' ').replace(ACROSS_ANY, ' ').replace(ACROSS_FRAME, ' ').replace(/\s+/gu, ' ').trim(),
    )
    .filter((part) => part !== '');
  const first = parts[0] ?? '';
  return parts.length > 1 && topicWords(first).length > 0 ? first : parts.join(' ');
}

function heading(meeting: Meeting, language: ReplyLanguage): string {
  const title = toScript(meeting.title, scriptOf(language));
  const date = meeting.date ? `（${toScript(meeting.date, scriptOf(language))}）` : '';
  return language === 'en'
    ? `#${meeting.number} ${title}${date ? ` (${meeting.date})` : ''}: `
    : `#${meeting.number}《${title}》${date}：`;
}

function list(meetings: readonly Meeting[]): string {
  return meetings.map((m) => `#${m.number}`).join('、');
}

/** What each meeting is searched for: the topic's words, each set of alternatives (讲话或主持) as its variants. */
interface AcrossTopic {
  query: string;
  variants: string[][];
}

/**
 * The topic's content words, without the words that ask (方面, 要求, 分别) or only name a meeting, and without words
 * no candidate meeting contains when the others are more than half of the topic (出面 of 区长出面讲话); `X或Y` gives one
 * variant per alternative.
 */
function readAcrossTopic(topic: string, meetings: readonly Meeting[], post?: string): AcrossTopic {
  // A meeting's place (大观区和钟楼区…) says which meetings to look in, not what to look for; nor does an asked post.
  const places = meetings.map((m) => normalizeText(m.place)).filter((place) => place !== '');
  if (post) places.push(post);
  const all = topicWords(topic).filter(
    (word) => !ASKING_WORDS.has(word) && !MEETING_WORDS.has(word) && !places.some((place) => place.includes(word)),
  );
  const long = all.filter((word) => word.length >= 2);
  const texts = meetings.map((m) => normalizeText(m.paragraphs.map((p) => p.text).join('')));
  const present = long.filter((word) => texts.some((text) => text.includes(word)));
  const words = present.length * 2 > long.length ? present : long;
  const alternatives = [...normalizeText(topic).matchAll(/([\p{Script=Han}]{2})或([\p{Script=Han}]{2})/gu)]
    .map((m) => [m[1] ?? '', m[2] ?? ''])
    .filter((pair) => pair.every((word) => words.includes(word)));
  const variants =
    alternatives.length === 0
      ? [words]
      : alternatives.flatMap((pair) =>
          pair.map((keep) => words.filter((word) => word === keep || !pair.includes(word))),
        );
  return { query: words.join(' ') || topic, variants };
}

/** The topic in two-character pieces (经济运行 → 经济 运行), for a named meeting that words it otherwise (经济指标). */
function piecesOfTopic(topic: AcrossTopic): AcrossTopic {
  const pieces = (words: string[]) =>
    words.flatMap((word) => (word.length >= 4 ? (word.match(/.{2}/gu) ?? [word]) : [word]));
  return { query: pieces(topic.query.split(' ')).join(' '), variants: topic.variants.map(pieces) };
}

/** One meeting's point across meetings: its quotes, and how much of the topic its best passage says. */
interface MeetingPoint {
  meeting: Meeting;
  quotes: Quote[];
  score: number;
  /** How much of the topic as written (its words run together) the quotes say: breaks ties of `score`. */
  phrase: number;
}

async function pointOf(
  meeting: Meeting,
  topic: AcrossTopic,
  search: SearchMeeting,
  named: boolean,
  needed: number | undefined,
): Promise<MeetingPoint> {
  const point = await pointFor(meeting, topic, search, named, needed);
  if (point.quotes.length > 0 || !named) return point;
  const pieces = piecesOfTopic(topic);
  return pieces.query === topic.query ? point : pointFor(meeting, pieces, search, named, needed);
}

/**
 * One meeting's point: one sentence, or two for a meeting the question names (comparisons need the judgement);
 * `needed` overrides how much of the topic an unnamed meeting must say.
 */
async function pointFor(
  meeting: Meeting,
  topic: AcrossTopic,
  search: SearchMeeting,
  named: boolean,
  needed: number | undefined,
): Promise<MeetingPoint> {
  const none = { meeting, quotes: [], score: 0, phrase: 0 };
  const heading = normalizeText(`${meeting.title} ${meeting.place}`);
  const variants = topic.variants.map((words) => words.filter((word) => !heading.includes(word)));
  const coverage = (text: string) =>
    Math.max(0, ...variants.map((words) => (words.length === 0 ? 0 : pieceCoverage(words, text))));
  const anyWords = variants.some((words) => words.length > 0);
  // A meeting whose whole text lacks the topic is not searched (one search per meeting is the cost of this kind).
  if (!named && anyWords && !meeting.paragraphs.some((p) => coverage(p.text) > 0)) return none;
  const passages = await search(topic.query, meeting.id);
  const best = Math.max(0, ...passages.map((p) => (anyWords ? coverage(p.paragraph.text) : p.coverage)));
  // Unnamed meetings must say all of a short topic of whole words (安全 alone is not 安全生产), most of another.
  const short = variants.every((words) => words.length <= 2 && !words.some(hasPieces));
  const threshold = named ? 0.25 : short ? 0.99 : (needed ?? MIN_COVERAGE);
  if (best < threshold) return none;
  const max = named ? 2 : 1;
  const facts = pickFactQuotes(topic.query, passages, { maxSentences: max });
  // The fact picker's sentences, unless another says more of the topic (冲刺四季度 for 第四季度, 文明创建 for 文明城市)
  // or as much in a reporting sentence where it picked a headline. A topic all in the title is still looked for.
  const wanted = anyWords ? variants : topic.variants;
  const said = (text: string) => Math.max(0, ...wanted.map((words) => pieceCoverage(words, text)));
  const picked = pickAcrossQuotes(wanted, passages, max);
  const [pick, fact] = [picked[0], facts[0]];
  const better =
    pick !== undefined &&
    (fact === undefined ||
      said(pick.text) > said(fact.text) + 0.01 ||
      (isHeadline(fact.text) && !isHeadline(pick.text) && said(pick.text) >= said(fact.text)));
  const quotes = withDetail(better ? picked : facts);
  const phrase = phraseShare(
    topic.query.split(' ').filter((word) => word.length >= 2),
    quotes.map((quote) => quote.text).join(''),
  );
  return { meeting, quotes, score: best, phrase };
}

/** A question that asks every meeting its point (各次会议…分别), rather than which meetings make one. */
const ASKS_EACH = /各次会议|各个会议|各会议|每次会议|每个会议|各区/u;
const ASKS_WHICH = /哪些|哪几|哪次|哪个/u;
/** Each meeting's point is asked for: a meeting saying a third of the topic (招商 of 招商引资) has one. */
const EACH_COVERAGE = 1 / 3;

/** A question about the meetings themselves: each one's sentence that gives the attribute, in meeting order. */
function attributePoints(candidates: readonly Meeting[], attribute: MeetingAttribute): MeetingPoint[] {
  return candidates.map((meeting) => {
    const quote = attributeQuote(meeting, attribute);
    return { meeting, quotes: quote ? [quote] : [], score: quote ? 1 : 0, phrase: 0 };
  });
}

/**
 * Answers a question across meetings: one cited point per meeting that says it (each meeting searched on its own),
 * grouped under the meeting's number, title and date, the meeting that says most first, then the meetings that do
 * not say it. The meetings are those the question names, or all of them. Undefined when none says it.
 */
export async function composeAcross(
  intent: QuestionIntent,
  meetings: readonly Meeting[],
  search: SearchMeeting,
  language: ReplyLanguage,
): Promise<AcrossAnswer | undefined> {
  // The meetings the question (or `--meeting`) names; all of them when it names none.
  const named = intent.named.length >= 1;
  const candidates = named ? intent.named : meetings;
  const asked = normalizeText(intent.topic);
  const post = intent.attribute?.kind === 'holder' ? intent.attribute.post : undefined;
  const topic = readAcrossTopic(acrossTopic(withoutAttribute(intent.topic, intent.attribute)), candidates, post);
  const aboutMeetings = topic.variants.every((words) => words.length === 0);
  // A question about the meetings themselves (when, who chaired, under what name) is answered from each one's text.
  const attribute: MeetingAttribute | undefined = aboutMeetings ? (intent.attribute ?? { kind: 'name' }) : undefined;
  const needed = !named && ASKS_EACH.test(asked) && !ASKS_WHICH.test(asked) ? EACH_COVERAGE : undefined;
  const all = attribute
    ? attributePoints(candidates, attribute)
    : await Promise.all(candidates.map((meeting) => pointOf(meeting, topic, search, named, needed)));
  const points = all.filter((point) => point.quotes.length > 0);
  const silent = all.filter((point) => point.quotes.length === 0).map((point) => point.meeting);
  if (points.length === 0) return undefined;
  // Unless the question names the meetings (it compares them in its order), the one that says most of the topic
  // first, then the one that says it most as written; a stable sort keeps meeting order among equals.
  if (!named) points.sort((a, b) => b.score - a.score || b.phrase - a.phrase);
  // Each meeting's heading goes before its first quote.
  const starts = points.map((_, i) => points.slice(0, i).reduce((sum, point) => sum + point.quotes.length, 0));
  const headings = new Map(points.map((point, i) => [starts[i] ?? 0, heading(point.meeting, language)]));
  const outro =
    silent.length === 0
      ? undefined
      : attribute
        ? attributeOutro(attribute, silent, language)
        : say(
            language,
            `其他会议（${list(silent)}）没有提到。`,
            `The other meetings (${list(silent)}) do not mention it.`,
          );
  return { quotes: points.flatMap((p) => p.quotes), options: { headings, ...(outro ? { outro } : {}) } };
}
