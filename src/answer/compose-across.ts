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
const MEETING_WORDS = new Set(['会议', '召开', '举行', '时候', '时间', '日期', '哪天', '什么时候', '何时', '开会']);
const DATE_IN_TEXT = /\d{1,2}月\d{1,2}日/u;
const MIN_COVERAGE = 0.66;

/**
 * What a question across meetings is about, without the words that ask across; of a question in two parts
 * (哪些会议提到了污水处理？分别放在什么工作里讲？) only the first, which names the topic, when it names one.
 */
function acrossTopic(topic: string): string {
  const parts = normalizeText(topic)
    .split(/[？?]/u)
    .map((part) => part.replace(ACROSS_FRAME, ' ').replace(/\s+/gu, ' ').trim())
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

/** The sentence that dates a meeting (`5月6日上午,…举行`), for 这几次会议分别是什么时候召开的. */
function dateQuote(meeting: Meeting): Quote | undefined {
  for (const paragraph of meeting.paragraphs) {
    const text = splitClauses(paragraph.text).find((sentence) => DATE_IN_TEXT.test(sentence));
    if (text) return { meeting, paragraph, text: text.trim() };
  }
  return undefined;
}

async function pointOf(meeting: Meeting, topic: string, search: SearchMeeting, named: boolean) {
  const words = topicWords(topic, `${meeting.title} ${meeting.place}`).filter((word) => !MEETING_WORDS.has(word));
  // A meeting whose whole text lacks the topic is not searched (one search per meeting is the cost of this kind).
  if (!named && words.length > 0 && !meeting.paragraphs.some((p) => queryCoverage(words, p.text) > 0)) return undefined;
  const passages = await search(topic, meeting.id);
  const best = Math.max(
    0,
    ...passages.map((p) => (words.length === 0 ? p.coverage : queryCoverage(words, p.paragraph.text))),
  );
  // Unnamed meetings must say all of a short topic (安全 alone is not 安全生产), most of a longer one.
  const needed = named ? 0.25 : words.length <= 2 ? 0.99 : MIN_COVERAGE;
  if (best < needed) return undefined;
  return pickFactQuotes(topic, passages, { maxSentences: 1 })[0];
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
  const topic = acrossTopic(intent.topic);
  const aboutMeetings = topicWords(topic).every((word) => MEETING_WORDS.has(word) || word.length < 2);
  const points: { meeting: Meeting; quote: Quote }[] = [];
  const silent: Meeting[] = [];
  for (const meeting of candidates) {
    const quote =
      intent.detail === 'date' && aboutMeetings ? dateQuote(meeting) : await pointOf(meeting, topic, search, named);
    if (quote) points.push({ meeting, quote });
    else silent.push(meeting);
  }
  if (points.length === 0) return undefined;
  const headings = new Map(points.map((point, i) => [i, heading(point.meeting, language)]));
  const outro =
    silent.length === 0
      ? undefined
      : intent.detail === 'date' && aboutMeetings
        ? say(language, `${list(silent)} 的报告没有写明日期。`, `The reports of ${list(silent)} give no date.`)
        : say(
            language,
            `其他会议（${list(silent)}）没有提到。`,
            `The other meetings (${list(silent)}) do not mention it.`,
          );
  return { quotes: points.map((p) => p.quote), options: { headings, ...(outro ? { outro } : {}) } };
}
