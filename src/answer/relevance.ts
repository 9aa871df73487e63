import type { Meeting } from '../corpus/meeting.js';
import { normalizeCached, normalizeText } from '../corpus/script.js';
import type { Passage } from '../search/retriever.js';
import { coreWords, queryCoverage } from '../search/retriever.js';
import { isQuestionTerm, tokenizeWords } from '../search/tokenize.js';
import { asksAbsentThing } from './absent-ask.js';

/** A paragraph covers a question when it holds at least this share of the question's idf-weighted words. */
export const COVERAGE_THRESHOLD = 0.35;
/** The lower share that suffices when the paragraph (or its meeting's title) holds two or more content words. */
export const SEVERAL_WORDS_THRESHOLD = 0.25;

/** Share of the question's weighted bigrams one sentence must hold to stand in for a second content word. */
export const SENTENCE_MATCH_THRESHOLD = 0.2;
/** How much a long content word counts per share of its bigrams found, when the paragraph does not hold it whole. */
export const PARTIAL_WEIGHT = 0.5;

/** Words that only ask (什么样, 何年, 为何…): the answering paragraph does not contain them. */
const ASKING_WORD = /^(?:多少|多久|几|什么|甚么|哪|何|是否|怎样|怎么|如何|为何|为什么)/u;

/** Words that only frame a clause (conditions, modals, negation, demonstratives): no paragraph is about them. */
const FRAMING_WORDS = new Set([
  ...'如果 假如 要是 若 没有 不会 不是 可能 可以 应该 能够 曾经 已经 而且 但是 因为 所以 时 因 故'.split(' '),
  ...'这一 这个 那个 这些 那些 有些 一种'.split(' '),
]);

/** The question's content words: its longest words without the ones that only ask (哪一, 什么样, 几月几日). */
export function contentWords(query: string): string[] {
  return coreWords(tokenizeWords(normalizeText(query))).filter(
    (word) => !isQuestionTerm(word) && !ASKING_WORD.test(word),
  );
}

const meetingTexts = new WeakMap<Meeting, string>();

/** A meeting's title and paragraphs as one normalized text (cached per meeting). */
function meetingText(meeting: Meeting): string {
  let text = meetingTexts.get(meeting);
  if (text === undefined) {
    text = normalizeText(`${meeting.title}${meeting.paragraphs.map((p) => p.text).join('')}`);
    meetingTexts.set(meeting, text);
  }
  return text;
}

/**
 * Words that ask about a report as a record (who wrote it, when it was held, its parts), which its text need not
 * say: a question with one of them is about the meeting even when the text lacks every other word.
 */
const ABOUT_THE_RECORD = /撰|稿|作者|记者|来源|召开|举行|主持|出席|讲话|发言|部分|日期|时间|内容|会议|报道|材料|文件/u;

/** A count that shapes the answer (五项, 三点, 几件), not its topic. */
const COUNT_WORD = /^[一二三四五六七八九十两几\d]+(?:项|点|个|条|件|大|方面|部分)?$/u;

/**
 * True when the question names the meeting (a word of its title or place, 黔江) but asks of it only what no meeting
 * of `corpus` mentions (明天, 天气 in 明天黔江的天气怎么样？): the shared name is all the question and the meetings
 * have in common. A question with fewer than two such words, or one about the report as a record, is not judged here.
 */
export function asksOnlyOfItsName(words: readonly string[], meeting: Meeting, corpus: readonly Meeting[]): boolean {
  const heading = normalizeText(`${meeting.title} ${meeting.place}`);
  const named = words.some((word) => word.length >= 2 && heading.includes(word));
  const asked = words.filter((word) => word.length >= 2 && !heading.includes(word) && !COUNT_WORD.test(word));
  // One unknown word may be the question's own wording of the report's (常抓不懈 for 坚持不懈): two or more are asked.
  if (!named || asked.length < 2 || asked.some((word) => ABOUT_THE_RECORD.test(word))) return false;
  const texts = [meeting, ...corpus].map(meetingText);
  return asked.every((word) => texts.every((text) => !text.includes(word)));
}

/**
 * True when the passage is about the question (and does not only share its name, see `asksOnlyOfItsName`): its word coverage (as the retriever measured it) reaches
 * `COVERAGE_THRESHOLD`, or, counting only the question's content words and the meeting's title as part of the
 * paragraph (a Wikipedia paragraph rarely repeats its article's name; a long word found only in parts counts
 * `PARTIAL_WEIGHT` per share), the coverage reaches `COVERAGE_THRESHOLD`, or `SEVERAL_WORDS_THRESHOLD` with either
 * one sentence holding `SENTENCE_MATCH_THRESHOLD` of the question's bigrams (`Passage.match`) or at least two distinct
 * content words of two or more characters found. One shared word alone (北京 in 北京到上海的高铁票多少钱) is not
 * enough below `COVERAGE_THRESHOLD`.
 */
export function coversQuestion(
  words: readonly string[],
  passage: Passage,
  corpus: readonly Meeting[] = [passage.meeting],
): boolean {
  if (asksOnlyOfItsName(words, passage.meeting, corpus)) return false;
  if (passage.coverage >= COVERAGE_THRESHOLD) return true;
  if (words.length === 0) return false;
  const heading = normalizeText(`${passage.meeting.title} ${passage.meeting.place}`);
  const coverage = queryCoverage([...words], passage.paragraph.text, { heading, meeting: '' }, 1, PARTIAL_WEIGHT);
  if (coverage >= COVERAGE_THRESHOLD) return true;
  if (coverage < SEVERAL_WORDS_THRESHOLD) return false;
  if ((passage.match ?? 0) >= SENTENCE_MATCH_THRESHOLD) return true;
  const text = normalizeCached(passage.paragraph.text);
  const found = words.filter((word) => word.length >= 2 && (text.includes(word) || heading.includes(word)));
  return found.length >= 2;
}

/**
 * The passages that are about the query (see `coversQuestion`; words that only frame do not count), in their order,
 * none when it asks a consumer detail the corpus never mentions (`asksAbsentThing`); `corpus` is the meetings whose
 * words count as known (default: the passages' meetings).
 */
export function relevantPassages(query: string, passages: readonly Passage[], corpus?: readonly Meeting[]): Passage[] {
  const words = contentWords(query).filter((word) => !FRAMING_WORDS.has(word));
  const known = corpus ?? [...new Set(passages.map((passage) => passage.meeting))];
  // 门票在哪买, 房价多少一平: a consumer detail no meeting mentions is not answered by one that names the place.
  if (asksAbsentThing(query, known)) return [];
  return passages.filter((passage) => coversQuestion(words, passage, known));
}
