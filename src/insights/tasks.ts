/** Commitments of a meeting: tasks with owner, deadline and target, each cited to its paragraph. */
import type { MeetingRef } from '../answer/types.js';
import { approximateDeadline, findDeadline } from './deadline.js';
import { findOwner, findResponsible, findTarget } from './fields.js';
import { type MeetingWhen, meetingWhen } from './meeting-date.js';
import { isHeadline, type Span, splitClauses, splitSentences, trimPunctuation } from './sentences.js';
import { isEnumerationHead, isTaskSentence, opensWithDirective, stripLead } from './task-rules.js';
import type { InsightMeeting, Task } from './types.js';

/** The citation reference of a meeting. */
export function meetingRef(meeting: InsightMeeting): MeetingRef {
  return { id: meeting.id, number: meeting.number, title: meeting.title, date: meeting.date };
}

/** Sentences split once more where a colon opens an enumeration (要着重抓好三项工作：一是…). */
function taskSentences(paragraph: string): Span[] {
  const spans: Span[] = [];
  for (const sentence of splitSentences(paragraph)) {
    const colon = sentence.text.search(/[：:](?=[一二三四五六七八九十]+(?:是|要)|[（(][一二三四五六七八九十]+[）)])/u);
    if (colon < 0) spans.push(sentence);
    else {
      spans.push({ text: sentence.text.slice(0, colon + 1), start: sentence.start, end: sentence.start + colon + 1 });
      const rest = sentence.text.slice(colon + 1);
      spans.push({ text: rest, start: sentence.start + colon + 1, end: sentence.end });
    }
  }
  return spans;
}

interface Piece {
  text: string;
  owner?: string;
  /** A deadline stated earlier in the sentence, which applies when the piece states none. */
  inheritedDeadline?: string;
}

/** Splits a task sentence where its clauses name different owners (各街道…，开发区…，确保…). */
function splitByOwner(text: string): Piece[] {
  const clauses = splitClauses(text);
  const owners = clauses.map((clause) => findOwner(clause.text));
  const ownerAt = owners.flatMap((owner, i) => (owner ? [i] : []));
  const distinct = new Set(ownerAt.map((i) => owners[i]));
  if (ownerAt.length < 2 || distinct.size < 2) {
    const owner = ownerAt.length > 0 ? owners[ownerAt[0] as number] : findResponsible(text);
    return [{ text, ...(owner ? { owner } : {}) }];
  }
  const joined = (from: number, to: number) =>
    trimPunctuation(
      clauses
        .slice(from, to)
        .map((c) => c.text)
        .join(''),
    );
  const pieces: Piece[] = [];
  let tail = clauses.length;
  const last = ownerAt.at(-1) as number;
  for (let i = last + 1; i < clauses.length; i++) {
    if (opensWithDirective((clauses[i] as Span).text)) {
      tail = i;
      break;
    }
  }
  let context: string | undefined;
  ownerAt.forEach((at, k) => {
    const from = k === 0 ? 0 : at;
    const to = k + 1 < ownerAt.length ? (ownerAt[k + 1] as number) : tail;
    const piece = joined(from, to);
    const owner = owners[at] as string;
    pieces.push({ text: piece, owner, ...(context ? { inheritedDeadline: context } : {}) });
    context ??= findDeadline(piece);
  });
  if (tail < clauses.length) pieces.push({ text: joined(tail, clauses.length) });
  return pieces;
}

function toTask(meeting: InsightMeeting, when: MeetingWhen, paragraph: number, piece: Piece): Task {
  const deadline = findDeadline(piece.text) ?? piece.inheritedDeadline;
  const deadlineDate = deadline ? approximateDeadline(deadline, when) : undefined;
  const target = findTarget(piece.text);
  return {
    meeting: meetingRef(meeting),
    text: trimPunctuation(piece.text),
    ...(piece.owner ? { owner: piece.owner } : {}),
    ...(deadline ? { deadline } : {}),
    ...(deadlineDate ? { deadlineDate } : {}),
    ...(target ? { target } : {}),
    paragraph,
  };
}

/** Every task one meeting sets, in text order. */
export function extractTasks(meeting: InsightMeeting): Task[] {
  const when = meetingWhen(meeting);
  const tasks: Task[] = [];
  for (const paragraph of meeting.paragraphs) {
    if (isHeadline(paragraph.text)) continue;
    let inItem = false;
    for (const sentence of taskSentences(paragraph.text)) {
      const body = stripLead(sentence.text);
      if (isEnumerationHead(body)) inItem = true;
      if (!isTaskSentence(sentence.text, inItem)) continue;
      for (const piece of splitByOwner(body)) tasks.push(toTask(meeting, when, paragraph.n, piece));
    }
  }
  return tasks;
}
