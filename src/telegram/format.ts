/** Renders answers, summaries, paragraphs and meeting lists as Telegram HTML plus inline keyboards. */
import { InlineKeyboard } from 'grammy';
import type { Citation, MeetingInfo, ParagraphView } from '../answer/types.js';
import { encodeCallback } from './callback-data.js';
import { escapeHtml, escapeHtmlWithin, shorten } from './html.js';
import { MAX_MESSAGE_LENGTH } from './split-message.js';
import type { Texts } from './texts.js';

/** A message ready to send: HTML text and an optional inline keyboard. */
export interface RenderedMessage {
  html: string;
  keyboard?: InlineKeyboard;
}

/** Text with [n] markers and the citations they point to (an Answer or a Summary). */
export interface CitedText {
  text: string;
  note?: string;
  citations: Citation[];
}

const BUTTONS_PER_ROW = 4;
/** Longest meeting title shown in a paragraph's header, in code points. */
const MAX_HEADER_CHARS = 200;

/** One compact source line: `[1] <title ≤20 chars> · <date> · ¶4`. */
export function formatSourceLine(citation: Citation): string {
  const parts = [`[${citation.n}] ${shorten(citation.meeting.title)}`, citation.meeting.date, `¶${citation.paragraph}`];
  return escapeHtml(parts.filter((part) => part !== '').join(' · '));
}

/** One button per citation (`[1] ¶4`) that opens the cited paragraph. */
export function citationKeyboard(citations: Citation[]): InlineKeyboard {
  const keyboard = new InlineKeyboard();
  citations.forEach((citation, i) => {
    if (i > 0 && i % BUTTONS_PER_ROW === 0) keyboard.row();
    const data = encodeCallback({ kind: 'paragraph', meeting: citation.meeting.number, paragraph: citation.paragraph });
    keyboard.text(`[${citation.n}] ¶${citation.paragraph}`, data);
  });
  return keyboard;
}

/** Renders cited text: escaped body, the note in italics, then source lines and buttons when there are citations. */
export function formatCited(cited: CitedText): RenderedMessage {
  const blocks = [escapeHtml(cited.text.trim())];
  if (cited.note) blocks.push(`<i>${escapeHtml(cited.note)}</i>`);
  if (cited.citations.length === 0) return { html: blocks.join('\n\n') };
  blocks.push(cited.citations.map(formatSourceLine).join('\n'));
  return { html: blocks.join('\n\n'), keyboard: citationKeyboard(cited.citations) };
}

/**
 * Renders a paragraph as an expandable blockquote with ◀ / ▶ buttons for its neighbours. It is edited in place, so it
 * must fit one message: the HTML (tags and escapes included, in UTF-16 units) stays within 4096, cutting a long
 * paragraph with `…` between characters, never inside an escape or a tag.
 */
export function formatParagraph(view: ParagraphView, texts: Texts): RenderedMessage {
  const { meeting, paragraph } = view;
  const header = [shorten(meeting.title, MAX_HEADER_CHARS), meeting.date, `¶${paragraph}`]
    .filter((part) => part !== '')
    .join(' · ');
  const open = `<b>${escapeHtml(header)}</b>\n<blockquote expandable>`;
  const close = '</blockquote>';
  const html = `${open}${escapeHtmlWithin(view.text, MAX_MESSAGE_LENGTH - open.length - close.length)}${close}`;
  const keyboard = new InlineKeyboard();
  if (view.hasPrevious) {
    keyboard.text(
      texts.previous,
      encodeCallback({ kind: 'navigate', meeting: meeting.number, paragraph: paragraph - 1 }),
    );
  }
  if (view.hasNext) {
    keyboard.text(texts.next, encodeCallback({ kind: 'navigate', meeting: meeting.number, paragraph: paragraph + 1 }));
  }
  return view.hasPrevious || view.hasNext ? { html, keyboard } : { html };
}

/** Renders the numbered meeting list: number, title, date and place. */
export function formatMeetingList(meetings: MeetingInfo[], texts: Texts): string {
  if (meetings.length === 0) return escapeHtml(texts.noMeetings);
  const lines = meetings.map((meeting) => {
    const details = [meeting.date, meeting.place].filter((part) => part !== '').join(' · ');
    return `${meeting.number}. <b>${escapeHtml(meeting.title)}</b>${details ? `\n    ${escapeHtml(details)}` : ''}`;
  });
  return [escapeHtml(texts.meetingsHeader(meetings.length)), ...lines].join('\n');
}

/** One button per meeting (`4. <title>`) that runs its summary. */
export function meetingKeyboard(meetings: MeetingInfo[]): InlineKeyboard {
  const keyboard = new InlineKeyboard();
  meetings.forEach((meeting, i) => {
    if (i > 0) keyboard.row();
    keyboard.text(
      `${meeting.number}. ${shorten(meeting.title, 30)}`,
      encodeCallback({ kind: 'summary', meeting: meeting.number }),
    );
  });
  return keyboard;
}
