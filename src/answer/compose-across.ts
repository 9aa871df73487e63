import { splitClauses } from '../corpus/chunk.js';
import type { Meeting } from '../corpus/meeting.js';
import { normalizeText, toScript } from '../corpus/script.js';
import { type Passage, queryCoverage } from '../search/retriever.js';
import type { QuestionIntent } from './classify.js';
import { pickFactQuotes } from './extractive.js';
import { type ReplyLanguage, say, scriptOf } from './language.js';
import { topicWords } from './missing.js';
import type { Quote, RenderOptions } from './quotes.js';

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
]);
/** A question for each meeting's district (各次会议分别是哪个区的？): quoted from the first sentence naming it. */
const ASKS_DISTRICT = /哪个区|哪区|什么区|哪个地区|哪些区/u;
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
]);
/** A leading clause that says when, not what (在总结上一阶段工作时，…). */
const WHEN_CLAUSE = /在[^，,。？?]{2,20}时[，,]/gu;
const DATE_IN_TEXT = /\d{1,2}月\d{1,2}日/u;
/** A sentence that names the meeting it reports (今天,我们召开…会议; …活动举行; 在…大会上强调). */
const MEETING_NAMED = /召开|举行|会议|大会/u;
const MIN_COVERAGE = 0.66;

/**
 * What a question across meetings is about, without the words that ask across; of a question in two parts
 * (哪些会议提到了污水处理？分别放在什么工作里讲？) only the first, which names the topic, when it names one.
 */
function acrossTopic(topic: string): string {
  const parts = normalizeText(topic)
    .split(/[？?]/u)
    .map((part) => part.replace(WHEN_CLAUSE, ' ').replace(ACROSS_FRAME, ' ').replace(/\s+/gu, ' ').trim())
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

/** The first sentence of a meeting that matches `pattern`: its date (5月6日上午,…举行) or its name (召开…会议). */
function openingQuote(meeting: Meeting, pattern: RegExp): Quote | undefined {
  for (const paragraph of meeting.paragraphs) {
    const text = splitClauses(paragraph.text).find((sentence) => pattern.test(normalizeText(sentence)));
    if (text) return { meeting, paragraph, text: text.trim() };
  }
  return undefined;
}

/** The sentence a question about the meetings themselves quotes: the first with a date, the district, or the name. */
function openingPattern(meeting: Meeting, byDate: boolean, byDistrict: boolean): RegExp {
  if (byDate) return DATE_IN_TEXT;
  const place = normalizeText(meeting.place).replace(/[^\p{Script=Han}]/gu, '');
  return byDistrict && place !== '' ? new RegExp(place, 'u') : MEETING_NAMED;
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
function readAcrossTopic(topic: string, meetings: readonly Meeting[]): AcrossTopic {
  // A meeting's place (大观区和钟楼区…) says which meetings to look in, not what to look for.
  const places = meetings.map((m) => normalizeText(m.place)).filter((place) => place !== '');
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
function piecesOf(topic: AcrossTopic): AcrossTopic {
  const pieces = (words: string[]) =>
    words.flatMap((word) => (word.length >= 4 ? (word.match(/.{2}/gu) ?? [word]) : [word]));
  return { query: pieces(topic.query.split(' ')).join(' '), variants: topic.variants.map(pieces) };
}

async function pointOf(meeting: Meeting, topic: AcrossTopic, search: SearchMeeting, named: boolean): Promise<Quote[]> {
  const point = await pointFor(meeting, topic, search, named);
  if (point.length > 0 || !named) return point;
  const pieces = piecesOf(topic);
  return pieces.query === topic.query ? [] : pointFor(meeting, pieces, search, named);
}

/** One meeting's point: one sentence, or two for a meeting the question names (comparisons need the judgement). */
async function pointFor(meeting: Meeting, topic: AcrossTopic, search: SearchMeeting, named: boolean): Promise<Quote[]> {
  const heading = normalizeText(`${meeting.title} ${meeting.place}`);
  const variants = topic.variants.map((words) => words.filter((word) => !heading.includes(word)));
  const coverage = (text: string) =>
    Math.max(0, ...variants.map((words) => (words.length === 0 ? 0 : queryCoverage(words, text))));
  const anyWords = variants.some((words) => words.length > 0);
  // A meeting whose whole text lacks the topic is not searched (one search per meeting is the cost of this kind).
  if (!named && anyWords && !meeting.paragraphs.some((p) => coverage(p.text) > 0)) return [];
  const passages = await search(topic.query, meeting.id);
  const best = Math.max(0, ...passages.map((p) => (anyWords ? coverage(p.paragraph.text) : p.coverage)));
  // Unnamed meetings must say all of a short topic (安全 alone is not 安全生产), most of a longer one.
  const longest = Math.max(...variants.map((words) => words.length));
  const needed = named ? 0.25 : longest <= 2 ? 0.99 : MIN_COVERAGE;
  if (best < needed) return [];
  return withDetail(pickFactQuotes(topic.query, passages, { maxSentences: named ? 2 : 1 }));
}

/** A list item's head up to this long (五是全力以赴推进水利工程建设) says little without the sentence after it. */
const SHORT_HEAD_CHARS = 30;
const ITEM_HEAD = /^[一二三四五六七八九十]+(?:是|要)/u;

/** Quotes, each short list item's head followed by the next sentence of its paragraph (特别是童子河的规划设计…). */
function withDetail(quotes: Quote[]): Quote[] {
  return quotes.flatMap((quote) => {
    if (quote.text.length > SHORT_HEAD_CHARS || !ITEM_HEAD.test(quote.text)) return [quote];
    const sentences = splitClauses(quote.paragraph.text).map((sentence) => sentence.trim());
    const at = sentences.indexOf(quote.text);
    const next = at < 0 ? undefined : sentences[at + 1];
    const detail = next && !ITEM_HEAD.test(next) ? [{ ...quote, text: next }] : [];
    return [quote, ...detail];
  });
}

/**
 * Answers a question across meetings: one cited point per meeting that says it (each meeting searched on its own),
 * grouped under the meeting's number, title and date, then the meetings that do not say it. The meetings are those
 * the question names, or all of them. Undefined when none says it.
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
  const topic = readAcrossTopic(acrossTopic(intent.topic), candidates);
  const aboutMeetings = topic.variants.every((words) => words.length === 0);
  const byDate = intent.detail === 'date' && aboutMeetings;
  const byDistrict = !byDate && aboutMeetings && ASKS_DISTRICT.test(normalizeText(intent.topic));
  const points: { meeting: Meeting; quotes: Quote[] }[] = [];
  const silent: Meeting[] = [];
  for (const meeting of candidates) {
    // A question about the meetings themselves (when, under what name) is answered from each one's opening.
    const opening = aboutMeetings ? openingQuote(meeting, openingPattern(meeting, byDate, byDistrict)) : undefined;
    const quotes = aboutMeetings ? (opening ? [opening] : []) : await pointOf(meeting, topic, search, named);
    if (quotes.length > 0) points.push({ meeting, quotes });
    else silent.push(meeting);
  }
  if (points.length === 0) return undefined;
  // Each meeting's heading goes before its first quote.
  const starts = points.map((_, i) => points.slice(0, i).reduce((sum, point) => sum + point.quotes.length, 0));
  const headings = new Map(points.map((point, i) => [starts[i] ?? 0, heading(point.meeting, language)]));
  const outro =
    silent.length === 0
      ? undefined
      : byDate
        ? say(language, `${list(silent)} 的报告没有写明日期。`, `The reports of ${list(silent)} give no date.`)
        : say(
            language,
            `其他会议（${list(silent)}）没有提到。`,
            `The other meetings (${list(silent)}) do not mention it.`,
          );
  return { quotes: points.flatMap((p) => p.quotes), options: { headings, ...(outro ? { outro } : {}) } };
}
