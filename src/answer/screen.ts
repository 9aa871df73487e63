import { withoutInjectedSentences } from '../corpus/injection.js';
import type { Meeting, Paragraph } from '../corpus/meeting.js';
import type { Passage } from '../search/retriever.js';

function screenParagraph(paragraph: Paragraph): Paragraph | undefined {
  if (!paragraph.injection) return paragraph;
  const text = withoutInjectedSentences(paragraph);
  return text === undefined ? undefined : { ...paragraph, text };
}

/**
 * Passages as they may be quoted or sent to a model: sentences that address the assistant (flagged at ingest) are
 * cut out, and a passage with nothing else is left out, so no answer can rest on such a sentence.
 */
export function screenPassages(passages: Passage[]): Passage[] {
  return passages.flatMap((passage) => {
    // Composers also read neighbouring paragraphs (lists over ¶3–¶5), so the meeting is screened as well.
    const meeting = screenMeeting(passage.meeting);
    if (!passage.paragraph.injection) return [meeting === passage.meeting ? passage : { ...passage, meeting }];
    const paragraph = screenParagraph(passage.paragraph);
    if (!paragraph) return [];
    const chunk = { start: 0, end: paragraph.text.length, text: paragraph.text };
    return [{ ...passage, meeting, paragraph, chunk }];
  });
}

const screened = new WeakMap<Meeting, Meeting>();

/** A meeting as it may be quoted or summarized: flagged sentences cut out, a paragraph of nothing else left empty (¶n kept). */
export function screenMeeting(meeting: Meeting): Meeting {
  if (!meeting.paragraphs.some((paragraph) => paragraph.injection)) return meeting;
  let copy = screened.get(meeting);
  if (!copy) {
    copy = { ...meeting, paragraphs: meeting.paragraphs.map((p) => screenParagraph(p) ?? { ...p, text: '' }) };
    screened.set(meeting, copy);
  }
  return copy;
}
