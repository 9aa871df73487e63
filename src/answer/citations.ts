import { injectedParagraphs } from '../corpus/injection.js';
import type { Meeting } from '../corpus/meeting.js';
import type { Source } from './quotes.js';
import type { Citation, MeetingInfo, MeetingRef } from './types.js';

/** The public facts of a meeting. */
export function toMeetingInfo(meeting: Meeting): MeetingInfo {
  const { id, number, title, date, place, people } = meeting;
  return {
    id,
    number,
    title,
    date,
    place,
    people,
    paragraphs: meeting.paragraphs.length,
    injected: injectedParagraphs(meeting),
  };
}

function toRef(meeting: Meeting): MeetingRef {
  return { id: meeting.id, number: meeting.number, title: meeting.title, date: meeting.date };
}

/** Numbered citations of the cited paragraphs (passages or quotes' sources), in order. */
export function toCitations(passages: readonly Source[]): Citation[] {
  return passages.map((p, i) => ({
    n: i + 1,
    meeting: toRef(p.meeting),
    paragraph: p.paragraph.n,
    text: p.paragraph.text,
    ...(p.related ? { related: true } : {}),
  }));
}
