import type { Meeting } from '../corpus/meeting.js';
import { normalizeText } from '../corpus/script.js';
import { NUMERALS } from './enumerations.js';
import { askedAttribute, type MeetingAttribute } from './meeting-attributes.js';

/** What a question asks for, decided once before any composer runs. */
export type QuestionKind = 'across' | 'people' | 'list' | 'fact';

/** A detail a question asks for, which the quoted sentences must contain to count as its answer. */
export type AskedDetail = 'amount' | 'date' | 'person' | 'venue';

/** Who a people question is about: who chaired, spoke, attended, wrote, a person's post, or the holder of a post. */
export type PeopleRole = 'host' | 'speaker' | 'attendee' | 'writer' | 'post' | 'holder';

/** A question read for its intent. */
export interface QuestionIntent {
  kind: QuestionKind;
  /** The question without the words that frame it (哪几部分, 取得了哪些成绩, 有什么不同): what to search for. */
  topic: string;
  /** Meetings the question names (by place or title), in meeting order. */
  named: Meeting[];
  /** True when the question names its meeting by place (黔江区): answers then stay in that meeting. */
  namedByPlace: boolean;
  /** The number of items a list question announces (哪三项 → 3). */
  count?: number;
  detail?: AskedDetail;
  role?: PeopleRole;
  /** What a question about the meetings themselves asks of each (date, chair, district, name, a post's holder). */
  attribute?: MeetingAttribute;
}

/** Words that ask across meetings or about the reports as a set (这几篇报道, 各份材料). */
export const ACROSS =
  /哪些会议|哪几次会议|哪次会议|哪个会议|几次会议|这些会议|各次会议|各个会议|各会议|各区|各个区|每个区|所有会议|这几(?:次|篇|份|场)|这些(?:材料|报道|报告|文件|文章|稿件)|各(?:篇|份|场)|每(?:次|篇|份|场)会议|哪几(?:篇|份|场)|哪些(?:材料|报道|报告)|哪(?:些|几个)区(?![域别分间块])|哪几(?:个|场|次)会(?!议)/u;
const COMPARE = /比较|对比|不同|区别|差异|异同|分别|和|与|跟/u;
/** A list question, also when it only counts a quoted name (五个「全力以赴」是什么？). */
const LIST =
  /哪(?:些|几|[二三四五六七八九十两\d]+)|包括|分别|有几|几个?(?:项|点|方面|条|件)|[二三四五六七八九十两](?:点|项|个方面|方面|部分|条|件|个[“「"『])/u;
const COUNT = /(?<!第)哪?([二三四五六七八九十两])(?:项|点|个|条|件|方面|部分|大)/u;
const PEOPLE: [PeopleRole, RegExp][] = [
  ['host', /谁主持|由谁主持|主持人|主持(?:会议)?的是谁|主持(?:会议)?的(?:领导|人)(?:叫什么|是谁|姓)/u],
  ['writer', /谁撰写|撰稿|谁写|审核人/u],
  // Asked for the speaker's name and post together (讲话人叫什么名字、是什么职务): who spoke comes first.
  ['speaker', /(?:讲话|发言)(?:人|的(?:领导|人))(?:叫什么|是谁|姓|的名字)/u],
  ['post', /什么职务|何职|职务是|什么职位|担任什么|是什么(?:官|领导)|什么身份|身份是/u],
  ['holder', /(?:区长|书记|主任|主席|市长|县长)(?:分别|各自?)?(?:是谁|叫什么|姓什么)/u],
  [
    'speaker',
    /谁(?:讲话|发言|强调|指出|作了?讲话)|(?:讲话|发言)的是谁|哪些(?:领导|人)(?:讲话|发言)|(?:讲话|发言)的(?:领导|人)(?:叫什么|是谁|姓)/u,
  ],
  [
    'attendee',
    /谁(?:出席|参加|参会)|参会人员(?:有|是)|出席人员|哪些(?:区领导|领导|人员|人|单位)(?:和\p{Script=Han}{1,6}?)?(?:的负责人)?(?:出席|参加)|出席(?:会议)?的有|有哪些人出席|(?:出席|参加)(?:会议|了会议)?的(?:有)?(?:哪些|谁)/u,
  ],
];
const AMOUNT = /多少|几成|金额|比例|百分之|增长了?几/u;
const DATE = /哪天|哪一天|什么时候|何时|几月|几号|日期|哪年|什么时间/u;
const VENUE = /会场|会议室|会议地点|(?:在哪里|在哪儿|在什么地方|在何处|在哪个地方)(?:召开|举行|开)/u;
/** Framing that says what shape the answer takes, not what it is about; removed before searching. */
const FRAME =
  /(?:分成|分为|包括|包含)?(?:哪几|哪些|几)个?部分|取得了?(?:哪些|什么)(?:成绩|成效|成果|进展)|有(?:什么|哪些|何)(?:不同|区别|差异|异同)|(?:的)?异同|是什么职务|担任什么职务|什么职务|是谁|由谁|谁|举措|措施/gu;

/** The ways a question names a meeting by place (黔江区, 黔江). */
export function placeKeys(meeting: Meeting): string[] {
  const keys: string[] = [];
  const place = normalizeText(meeting.place);
  if (place) keys.push(place);
  if (place.length >= 3 && place.endsWith('区')) keys.push(place.slice(0, -1));
  return keys;
}

const distinctiveKeys = new WeakMap<readonly Meeting[], Map<Meeting, string[]>>();

/**
 * Place keys that name one meeting only: no other meeting's text contains them (a 行政区 or 东区 guessed from a
 * general text names nothing). Computed once per meeting list.
 */
function namingKeys(meetings: readonly Meeting[]): Map<Meeting, string[]> {
  const cached = distinctiveKeys.get(meetings);
  if (cached) return cached;
  const texts = meetings.map((m) => normalizeText(`${m.title} ${m.paragraphs.map((p) => p.text).join('')}`));
  const keys = new Map(
    meetings.map((meeting, i) => [
      meeting,
      placeKeys(meeting).filter((key) => texts.every((text, j) => j === i || !text.includes(key))),
    ]),
  );
  distinctiveKeys.set(meetings, keys);
  return keys;
}

/** Meetings a question names by a place only they mention (黔江区, 黔江), in meeting order. */
export function namedMeetings(question: string, meetings: readonly Meeting[]): Meeting[] {
  const normalized = normalizeText(question);
  const keys = namingKeys(meetings);
  return meetings.filter((meeting) => (keys.get(meeting) ?? []).some((key) => normalized.includes(key)));
}

/** The start of a title, up to its first punctuation (区政府全体, from 区政府全体(扩大)会议), when 4 characters or more. */
function titleHead(meeting: Meeting): string | undefined {
  const head = normalizeText(meeting.title).split(/[\s(（:：“”"·,，]/u)[0] ?? '';
  return head.length >= 4 ? head : undefined;
}

/**
 * Meetings a question names by place, else by the start of a title; title matches only widen where composers look
 * (they never restrict retrieval: a title's words are often just the topic).
 */
export function mentionedMeetings(question: string, meetings: readonly Meeting[]): Meeting[] {
  const byPlace = namedMeetings(question, meetings);
  if (byPlace.length > 0) return byPlace;
  const normalized = normalizeText(question);
  return meetings.filter((meeting) => {
    const head = titleHead(meeting);
    return head !== undefined && normalized.includes(head);
  });
}

/** How the reports word what questions ask in other words (形势 → 经济运行, 态势), added to the topic. */
const WORDINGS: [RegExp, string][] = [
  [/形势/u, '运行 态势'],
  [/成绩|成效|成果/u, '完成 进展'],
  // 离年底还剩多少天: the reports count the days to 今年结束.
  [/年底|年末/u, '今年结束'],
];

/** The topic of a question: the question without the words that only frame the answer's shape, plus the reports' wording. */
export function topicOf(question: string): string {
  const normalized = normalizeText(question).replace(/[\s？?。！!]+$/u, '');
  const stripped = normalized.replace(FRAME, ' ').trim();
  if (!stripped) return question;
  const extra = WORDINGS.filter(([pattern]) => pattern.test(stripped)).map(([, words]) => words);
  if (extra.length > 0) return `${stripped} ${extra.join(' ')}`;
  // An unframed question is searched as asked (the same text hits the same cached query embedding).
  return stripped === normalized ? question : stripped;
}

/**
 * Reads a question's kind (across meetings, people, list or single fact), topic, named meetings and asked detail;
 * `scope` replaces the meetings the text names (a follow-up or `--meeting` already decided them).
 */
export function classifyQuestion(question: string, meetings: readonly Meeting[], scope?: Meeting[]): QuestionIntent {
  const normalized = normalizeText(question);
  const named = scope ?? mentionedMeetings(question, meetings);
  const role = PEOPLE.find(([, pattern]) => pattern.test(normalized))?.[0];
  const countNumeral = normalized.match(COUNT)?.[1];
  const detail: AskedDetail | undefined = AMOUNT.test(normalized)
    ? 'amount'
    : DATE.test(normalized)
      ? 'date'
      : VENUE.test(normalized)
        ? 'venue'
        : role === 'writer'
          ? 'person'
          : undefined;
  const asksAcross = ACROSS.test(normalized) || (named.length >= 2 && COMPARE.test(normalized));
  const kind: QuestionKind = asksAcross ? 'across' : role ? 'people' : LIST.test(normalized) ? 'list' : 'fact';
  const attribute = asksAcross ? askedAttribute(normalized) : undefined;
  return {
    kind,
    topic: topicOf(question),
    named,
    namedByPlace: scope !== undefined || namedMeetings(question, meetings).length > 0,
    ...(countNumeral ? { count: NUMERALS[countNumeral] } : {}),
    ...(detail ? { detail } : {}),
    ...(role ? { role } : {}),
    ...(attribute ? { attribute } : {}),
  };
}
