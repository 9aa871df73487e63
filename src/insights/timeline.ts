/** How a topic moved across meetings: every meeting that deals with it, in date order, with one or two cited sentences. */
import { normalizeText } from '../corpus/script.js';
import { getJieba } from '../search/tokenize.js';
import { compareWhen, meetingWhen } from './meeting-date.js';
import { type Span, splitClauses, splitSentences, trimPunctuation } from './sentences.js';
import { meetingRef } from './tasks.js';
import type { InsightMeeting, TimelineEntry, TimelinePoint, TimelineResult } from './types.js';

/** Points shown per meeting. */
const POINTS_PER_MEETING = 2;
/** Longest point shown, in characters: longer sentences are cut to the clauses around the topic, with …. */
const MAX_POINT_CHARS = 100;

/** The words a sentence must all contain when the topic as a whole does not occur (jieba, two characters or more). */
function topicWords(topic: string): string[] {
  const words = getJieba()
    .cut(topic, false)
    .map((word) => word.trim())
    .filter((word) => word.length >= 2);
  return [...new Set(words)];
}

/** The clauses of a long sentence around the first one that mentions the topic. */
function around(sentence: Span, matches: (text: string) => boolean): string {
  if (sentence.text.length <= MAX_POINT_CHARS) return trimPunctuation(sentence.text);
  const clauses = splitClauses(sentence.text);
  const at = Math.max(
    0,
    clauses.findIndex((clause) => matches(normalizeText(clause.text))),
  );
  let from = at;
  let to = at + 1;
  const length = () => (clauses[to - 1]?.end ?? 0) - (clauses[from]?.start ?? 0);
  while (to < clauses.length && length() + (clauses[to]?.text.length ?? 0) <= MAX_POINT_CHARS) to++;
  while (from > 0 && length() + (clauses[from - 1]?.text.length ?? 0) <= MAX_POINT_CHARS) from--;
  const text = trimPunctuation(sentence.text.slice(clauses[from]?.start ?? 0, clauses[to - 1]?.end));
  return `${from > 0 ? '…' : ''}${text}${to < clauses.length ? '…' : ''}`;
}

/** The first sentences of a meeting that mention the topic, at most two, from different paragraphs where possible. */
function pointsOf(meeting: InsightMeeting, matches: (normalized: string) => boolean): TimelinePoint[] {
  const candidates: (TimelinePoint & { sameParagraph: boolean })[] = [];
  for (const paragraph of meeting.paragraphs) {
    let first = true;
    for (const sentence of splitSentences(paragraph.text)) {
      if (!matches(normalizeText(sentence.text))) continue;
      candidates.push({ text: around(sentence, matches), paragraph: paragraph.n, sameParagraph: !first });
      first = false;
    }
  }
  const picked = [...candidates.filter((c) => !c.sameParagraph), ...candidates.filter((c) => c.sameParagraph)]
    .slice(0, POINTS_PER_MEETING)
    .sort((a, b) => candidates.indexOf(a) - candidates.indexOf(b));
  return picked.map(({ text, paragraph }) => ({ text, paragraph }));
}

/**
 * Every meeting whose text mentions the topic (script-folded; a topic that never occurs whole matches sentences
 * holding all of its words), ordered by date: meetings with a known year first, then by month, then by number.
 */
export function buildTimeline(meetings: InsightMeeting[], topic: string): TimelineResult {
  const whole = normalizeText(topic).replace(/\s+/g, '');
  const words = topicWords(whole);
  const mentionsWhole = meetings.some((meeting) =>
    meeting.paragraphs.some((paragraph) => normalizeText(paragraph.text).includes(whole)),
  );
  const matches = (normalized: string) =>
    mentionsWhole || words.length < 2 ? normalized.includes(whole) : words.every((word) => normalized.includes(word));
  const entries: (TimelineEntry & { order: number })[] = [];
  for (const meeting of meetings) {
    const points = pointsOf(meeting, matches);
    if (points.length === 0) continue;
    const when = meetingWhen(meeting);
    entries.push({
      meeting: meetingRef(meeting),
      date: meeting.date,
      ...(when.year !== undefined ? { year: when.year } : {}),
      points,
      order: meeting.number,
    });
  }
  const whenOf = new Map(meetings.map((meeting) => [meeting.number, meetingWhen(meeting)]));
  entries.sort((a, b) => compareWhen(whenOf.get(a.order) ?? {}, whenOf.get(b.order) ?? {}) || a.order - b.order);
  return { topic, entries: entries.map(({ order: _order, ...entry }) => entry) };
}
