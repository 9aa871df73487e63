import type { Meeting } from '../corpus/meeting.js';
import { normalizeText, toScript } from '../corpus/script.js';
import type { Passage } from '../search/retriever.js';
import { asWritten, isDirective, isHeadline, isItemHead, pickAcrossQuotes, withDetail } from './across-quotes.js';
import { type AcrossTopic, acrossTopic, piecesOfTopic, readAcrossTopic } from './across-topic.js';
import type { QuestionIntent } from './classify.js';
import { pickFactQuotes } from './extractive.js';
import { type ReplyLanguage, say, scriptOf } from './language.js';
import { attributeOutro, attributeQuote, type MeetingAttribute, withoutAttribute } from './meeting-attributes.js';
import type { Quote, RenderOptions } from './quotes.js';
import { hasPieces, phraseShare, pieceCoverage } from './topic-pieces.js';

/** Searches one meeting for a query (the retriever restricted by `meetingId`). */
export type SearchMeeting = (query: string, meetingId: string) => Promise<Passage[]>;

/** Quotes grouped under each meeting's heading, and a closing line naming the meetings that do not say it. */
export interface AcrossAnswer {
  quotes: Quote[];
  options: RenderOptions;
}

/** The share of a topic a meeting the question does not name must say (idf-weighted, words in pieces in part). */
const MIN_COVERAGE = 0.66;

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
  runs: readonly string[],
): Promise<MeetingPoint> {
  const point = await pointFor(meeting, topic, search, named, needed, runs);
  if (point.quotes.length > 0 || !named) return point;
  const pieces = piecesOfTopic(topic);
  return pieces.query === topic.query ? point : pointFor(meeting, pieces, search, named, needed, runs);
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
  runs: readonly string[],
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
  // or as much in a reporting sentence where it picked a headline, or in a numbered item's head where it did not. A topic all in the title is still looked for.
  const wanted = anyWords ? variants : topic.variants;
  const said = (text: string) => Math.max(0, ...wanted.map((words) => pieceCoverage(words, text)));
  // Of sentences saying as much, the one holding the topic as the question writes it (就做好二季度工作 for 二季度工作),
  // then one that tells what to do (要以拼的韧性…提高招商精准度) rather than reports (…抓招商、增动能…).
  // The meeting's other paragraphs that say the topic come after the retrieved ones (the search keeps a few; a long
  // list paragraph with 要全力攻坚冲刺四季度 may not be among them).
  const retrieved = new Set(passages.map((p) => p.paragraph));
  const others: Passage[] = meeting.paragraphs
    .filter((paragraph) => !retrieved.has(paragraph) && said(paragraph.text) > 0)
    .map((paragraph) => ({
      meeting,
      paragraph,
      score: 0,
      chunk: { start: 0, end: paragraph.text.length, text: paragraph.text },
      similarity: 0,
      coverage: said(paragraph.text),
    }));
  const picked = pickAcrossQuotes(wanted, [...passages, ...others], max, runs);
  const [pick, fact] = [picked[0], facts[0]];
  const tieBetter = (a: string, b: string) =>
    (isHeadline(b) && !isHeadline(a)) ||
    (isItemHead(a) && !isItemHead(b)) ||
    (isHeadline(a) === isHeadline(b) &&
      isItemHead(a) === isItemHead(b) &&
      (asWritten(runs, a) > asWritten(runs, b) ||
        (asWritten(runs, a) === asWritten(runs, b) && isDirective(a) && !isDirective(b))));
  const better =
    pick !== undefined &&
    (fact === undefined ||
      said(pick.text) > said(fact.text) + 0.01 ||
      (said(pick.text) >= said(fact.text) && tieBetter(pick.text, fact.text)));
  const quotes = withDetail(better ? picked : facts);
  const phrase = phraseShare(
    topic.query.split(' ').filter((word) => word.length >= 2),
    quotes.map((quote) => quote.text).join(''),
  );
  return { meeting, quotes, score: best, phrase };
}

/** A question that asks every meeting its point (各次会议…分别), rather than which meetings make one. */
const ASKS_EACH = /各次会议|各个会议|各会议|每次会议|每个会议|各区/u;
/** These meetings (这几次会议, 这些会) with a word that asks each its own (各自, 分别, 都) ask every meeting its point too. */
const THESE_MEETINGS = /这几次会|这几个会|这几场会|这些会|这两次会|这几份/u;
const EACH_OWN = /各自|分别|都/u;
/** Which meetings say it, and what each says (哪些会议提到了X？各自怎么说的): each one's point is asked for too. */
const EACH_SAYS = /各自|分别/u;
const ASKS_WHICH = /哪些|哪几|哪次|哪个/u;
/** Each meeting's point is asked for: a meeting saying a third of the topic (招商 of 招商引资) has one. */
const EACH_COVERAGE = 1 / 3;

/** Characters that end a run of the topic as written (四季度的工作 → 四季度; 招商引资上各自… → 招商引资). */
const RUN_BREAK = /[的上和与及在\s]+/u;

/** The runs of the topic text that hold a topic word (二季度工作 for 二季度), as the question writes them. */
function writtenRuns(topicText: string, words: readonly string[]): string[] {
  const runs = normalizeText(topicText)
    .split(RUN_BREAK)
    .filter((run) => run.length >= 2 && words.some((word) => word.length >= 2 && run.includes(word)));
  return [...new Set(runs)];
}

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
  const topicText = acrossTopic(withoutAttribute(intent.topic, intent.attribute));
  const topic = readAcrossTopic(topicText, candidates, post);
  const aboutMeetings = topic.variants.every((words) => words.length === 0);
  // A question about the meetings themselves (when, who chaired, under what name) is answered from each one's text.
  const attribute: MeetingAttribute | undefined = aboutMeetings ? (intent.attribute ?? { kind: 'name' }) : undefined;
  const asksEach = ASKS_EACH.test(asked) || (THESE_MEETINGS.test(asked) && EACH_OWN.test(asked));
  const needed =
    !named && ((asksEach && !ASKS_WHICH.test(asked)) || (ASKS_WHICH.test(asked) && EACH_SAYS.test(asked)))
      ? EACH_COVERAGE
      : undefined;
  const runs = writtenRuns(topicText, topic.variants.flat());
  const all = attribute
    ? attributePoints(candidates, attribute)
    : await Promise.all(candidates.map((meeting) => pointOf(meeting, topic, search, named, needed, runs)));
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
