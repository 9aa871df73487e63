/** Turns tasks, people and timelines into pages of Telegram HTML with citation buttons and ◀ ▶ page buttons. */
import { InlineKeyboard } from 'grammy';
import type { Citation, MeetingRef } from '../../answer/types.js';
import type { PeopleResult, TasksResult, TimelineResult } from '../../insights/types.js';
import { citationKeyboard } from '../format.js';
import { escapeHtml } from '../html.js';
import type { InsightsTexts } from './insights-texts.js';

/** One line of a result: under a group heading, optionally cited to a paragraph. */
export interface InsightItem {
  group: string;
  text: string;
  details?: string;
  source?: { meeting: MeetingRef; paragraph: number };
}

/** A whole result before paging: its header line and items. */
export interface InsightList {
  header: string;
  items: InsightItem[];
  /** Shown instead of items when there are none. */
  empty: string;
  /** One line saying why the list is degraded (the LLM failed), shown under the header. */
  note?: string;
}

/** Items per page, and a character budget that keeps a page well under Telegram's 4,096. */
const PAGE_ITEMS = 8;
const PAGE_CHARS = 3000;

/** Splits items into pages greedily (deterministic, so a page number always names the same items). */
export function paginate(items: InsightItem[]): InsightItem[][] {
  const pages: InsightItem[][] = [];
  let page: InsightItem[] = [];
  let chars = 0;
  for (const item of items) {
    const size = item.group.length + item.text.length + (item.details?.length ?? 0) + 20;
    if (page.length > 0 && (page.length >= PAGE_ITEMS || chars + size > PAGE_CHARS)) {
      pages.push(page);
      page = [];
      chars = 0;
    }
    page.push(item);
    chars += size;
  }
  if (page.length > 0) pages.push(page);
  return pages;
}

/** The rendered page: HTML, its citations (numbered from 1 on the page) and the keyboard. */
export interface InsightPage {
  html: string;
  citations: Citation[];
  keyboard?: InlineKeyboard;
  pages: number;
}

/**
 * Renders page `page` (0-based, clamped) of a list; `pageData(n)` gives the callback data of page n, or undefined
 * when the list cannot be paged (then only page 0 is shown, with `texts.firstPageOnly`).
 */
export function renderPage(
  list: InsightList,
  page: number,
  texts: InsightsTexts,
  pageData: (page: number) => string | undefined,
): InsightPage {
  const pages = paginate(list.items);
  if (pages.length === 0) return { html: escapeHtml(list.empty), citations: [], pages: 0 };
  const pageable = pageData(0) !== undefined;
  const current = pageable ? Math.min(Math.max(page, 0), pages.length - 1) : 0;
  const citations: Citation[] = [];
  const lines: string[] = [];
  const pageNote = pages.length > 1 ? ` · ${texts.page(current + 1, pages.length)}` : '';
  lines.push(`<b>${escapeHtml(list.header)}</b>${escapeHtml(pageNote)}`);
  if (list.note) lines.push(`<i>${escapeHtml(list.note)}</i>`);
  let group: string | undefined;
  for (const item of pages[current] ?? []) {
    if (item.group !== group && item.group !== '') lines.push('', `<b>${escapeHtml(item.group)}</b>`);
    group = item.group;
    let marker = '•';
    if (item.source) {
      const n = citations.length + 1;
      citations.push({ n, meeting: item.source.meeting, paragraph: item.source.paragraph, text: '' });
      marker = `[${n}]`;
    }
    lines.push(`${marker} ${escapeHtml(item.text)}`);
    if (item.details) lines.push(`    <i>${escapeHtml(item.details)}</i>`);
  }
  if (!pageable && pages.length > 1) lines.push('', `<i>${escapeHtml(texts.firstPageOnly)}</i>`);
  const keyboard = citations.length > 0 ? citationKeyboard(citations) : new InlineKeyboard();
  const previous = current > 0 ? pageData(current - 1) : undefined;
  const next = current + 1 < pages.length ? pageData(current + 1) : undefined;
  if (previous || next) {
    keyboard.row();
    if (previous) keyboard.text(texts.previousPage, previous);
    if (next) keyboard.text(texts.nextPage, next);
  }
  const hasButtons = citations.length > 0 || previous !== undefined || next !== undefined;
  return { html: lines.join('\n'), citations, pages: pages.length, ...(hasButtons ? { keyboard } : {}) };
}

function heading(meeting: MeetingRef): string {
  return [`#${meeting.number} ${meeting.title}`, meeting.date].filter((part) => part !== '').join(' · ');
}

/** Tasks as a list: grouped by meeting, details line with owner, deadline (≈ date) and target. */
export function tasksList(result: TasksResult & { note?: string }, texts: InsightsTexts): InsightList {
  return {
    header: texts.tasksHeader(result.tasks.length),
    ...(result.note ? { note: result.note } : {}),
    empty: texts.noTasks,
    items: result.tasks.map((task) => {
      const details = [
        task.owner ? `${texts.owner} ${task.owner}` : '',
        task.deadline ? `${texts.deadline} ${task.deadline}${task.deadlineDate ? ` (≈${task.deadlineDate})` : ''}` : '',
        task.target ? `${texts.target} ${task.target}` : '',
      ].filter((part) => part !== '');
      return {
        group: heading(task.meeting),
        text: task.text,
        ...(details.length > 0 ? { details: details.join(' · ') } : {}),
        source: { meeting: task.meeting, paragraph: task.paragraph },
      };
    }),
  };
}

/** People as a list: one line each, or one person's statements grouped by meeting. */
export function peopleList(result: PeopleResult, texts: InsightsTexts, query: string | undefined): InsightList {
  const line = (person: PeopleResult['people'][number]) =>
    `${person.name} — ${person.posts.length > 0 ? person.posts.join('、') : texts.postUnknown} — ${person.meetings.map((m) => `#${m.number}`).join(', ')}`;
  const person = result.people[0];
  if (query === undefined || !person) {
    return {
      header: texts.peopleHeader(result.people.length),
      empty: query === undefined ? texts.peopleHeader(0) : texts.nobody(query),
      items: result.people.map((p) => ({ group: '', text: line(p) })),
    };
  }
  return {
    header: line(person),
    empty: texts.noStatements,
    items: (person.statements ?? []).map((statement) => ({
      group: heading(statement.meeting),
      text: statement.text,
      source: { meeting: statement.meeting, paragraph: statement.paragraph },
    })),
  };
}

/** A timeline as a list: one group per meeting in date order, its points cited. */
export function timelineList(result: TimelineResult, texts: InsightsTexts): InsightList {
  return {
    header: texts.timelineHeader(result.topic, result.entries.length),
    empty: texts.noTimeline(result.topic),
    items: result.entries.flatMap((entry) => {
      const year = entry.year !== undefined && !entry.date.includes(String(entry.year)) ? ` (${entry.year})` : '';
      const when = entry.date ? `${entry.date}${year}` : texts.undated;
      const group = `${when} · #${entry.meeting.number} ${entry.meeting.title}`;
      return entry.points.map((point) => ({
        group,
        text: point.text,
        source: { meeting: entry.meeting, paragraph: point.paragraph },
      }));
    }),
  };
}
