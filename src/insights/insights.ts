/** The insights service every adapter calls: tasks, people and timelines over the assistant's current meetings. */
import { createHash } from 'node:crypto';
import { fallbackNote } from '../answer/notes.js';
import type { Assistant } from '../answer/types.js';
import { SUPPORT_THRESHOLD, supportRatio } from '../answer/verify.js';
import { InvalidQuestionError, UpstreamError } from '../errors.js';
import { type Logger, silentLogger } from '../logger.js';
import type { ChatModel } from '../providers/types.js';
import { phraseTasks } from './llm-tasks.js';
import { byRecency } from './meeting-date.js';
import { findPerson, listPeople, statementsOf } from './people.js';
import { extractTasks } from './tasks.js';
import { buildTimeline } from './timeline.js';
import type { InsightMeeting, PeopleResult, Task, TasksResult, TimelineResult } from './types.js';

/** Longest topic or name accepted, in characters. */
export const MAX_INSIGHT_QUERY_CHARS = 40;

/** What /tasks, /people and /timeline (and their CLI commands) answer. */
export interface Insights {
  /** Tasks of one meeting (number, id or name), or of all meetings, most recent first; throws InvalidQuestionError for an unknown meeting. */
  tasks(meeting?: string): TasksResult;
  /** `tasks` rephrased by the LLM when one is configured (each rewrite checked against its paragraph); `note` says why not when the LLM failed. */
  phrasedTasks(meeting?: string): Promise<TasksResult & { note?: string }>;
  /** Everyone named, or the person named (either script, with or without post) with statements; `people: []` when nobody matches. */
  people(name?: string): PeopleResult;
  /** Every meeting that deals with the topic, in date order; throws InvalidQuestionError for an empty or too long topic. */
  timeline(topic: string): TimelineResult;
}

/** The part of the assistant insights read: meetings and their paragraphs. */
export type InsightSource = Pick<Assistant, 'meetings' | 'paragraph' | 'resolveMeeting'>;

/** Reads every meeting with its paragraphs through the assistant (so a reloaded index is what is read). */
export function readMeetings(source: InsightSource): InsightMeeting[] {
  return source.meetings().map((info) => {
    const paragraphs: InsightMeeting['paragraphs'] = [];
    for (let n = 1; n <= info.paragraphs; n++) {
      const view = source.paragraph(info.id, n);
      if (view) paragraphs.push({ n, text: view.text });
    }
    return { id: info.id, number: info.number, title: info.title, date: info.date, paragraphs };
  });
}

function validated(text: string, what: string, whatZh: string): string {
  const value = text.replace(/\s+/g, ' ').trim();
  if (!value) throw new InvalidQuestionError(`empty ${what}`, `请给出${whatZh}。Please give a ${what}.`);
  if (value.length > MAX_INSIGHT_QUERY_CHARS) {
    throw new InvalidQuestionError(
      `${what} of ${value.length} characters`,
      `${whatZh}太长（上限 ${MAX_INSIGHT_QUERY_CHARS} 字）。The ${what} is limited to ${MAX_INSIGHT_QUERY_CHARS} characters.`,
    );
  }
  return value;
}

/** Keeps only items whose text is supported by their cited paragraph, by the same check as answers' citations. */
function supported<T extends { text: string; paragraph: number }>(meeting: InsightMeeting, items: T[]): T[] {
  return items.filter((item) => {
    const paragraph = meeting.paragraphs.find((p) => p.n === item.paragraph);
    return paragraph !== undefined && supportRatio(item.text.replace(/…/g, ''), paragraph.text) >= SUPPORT_THRESHOLD;
  });
}

/** Optional LLM for phrasing tasks, and where to log its failures. */
export interface InsightsOptions {
  chat?: ChatModel;
  logger?: Logger;
}

/** Creates the service; extracted tasks are cached per meeting content, so a reloaded index is picked up. */
export function createInsights(source: InsightSource, options: InsightsOptions = {}): Insights {
  const taskCache = new Map<string, { hash: string; tasks: Task[] }>();
  const phrasedCache = new Map<string, string>();
  const logger = options.logger ?? silentLogger;
  const keyOf = (task: Task) => `${task.meeting.id}\0${task.paragraph}\0${task.text}`;

  function tasksOf(meeting: InsightMeeting): Task[] {
    const hash = createHash('sha1')
      .update(meeting.paragraphs.map((p) => p.text).join('\n'))
      .update(`\0${meeting.number}\0${meeting.title}\0${meeting.date}`)
      .digest('hex');
    const cached = taskCache.get(meeting.id);
    if (cached?.hash === hash) return cached.tasks;
    const tasks = supported(meeting, extractTasks(meeting));
    taskCache.set(meeting.id, { hash, tasks });
    return tasks;
  }

  const insights: Insights = {
    async phrasedTasks(ref) {
      const result = insights.tasks(ref);
      const chat = options.chat;
      if (!chat) return result;
      const missing = result.tasks.filter((task) => !phrasedCache.has(keyOf(task)));
      try {
        const phrased = await phraseTasks(
          missing,
          chat,
          (task) => source.paragraph(task.meeting.id, task.paragraph)?.text,
        );
        for (const [i, task] of missing.entries()) phrasedCache.set(keyOf(task), phrased.tasks[i]?.text ?? task.text);
        if (phrased.rejected > 0)
          logger.info('LLM task rewrites refused by the support check', { rejected: phrased.rejected });
      } catch (error) {
        if (!(error instanceof UpstreamError)) throw error;
        logger.warn('LLM phrasing of tasks failed; showing them as extracted', { error });
        return { ...result, note: fallbackNote(error.reason, 'zh-Hans') };
      }
      return { tasks: result.tasks.map((task) => ({ ...task, text: phrasedCache.get(keyOf(task)) ?? task.text })) };
    },
    tasks(ref) {
      const meetings = readMeetings(source);
      if (ref !== undefined && ref.trim() !== '') {
        const info = source.resolveMeeting(ref.trim());
        const meeting = info && meetings.find((m) => m.id === info.id);
        if (!meeting) {
          throw new InvalidQuestionError(
            `no single meeting matches "${ref}"`,
            `找不到唯一匹配“${ref.slice(0, 40)}”的会议。请用 /meetings 查看编号。No single meeting matches; see /meetings for numbers.`,
          );
        }
        return { tasks: tasksOf(meeting) };
      }
      return { tasks: byRecency(meetings).flatMap(tasksOf) };
    },
    people(name) {
      const meetings = readMeetings(source);
      const people = listPeople(meetings);
      if (name === undefined || name.trim() === '') return { people };
      const person = findPerson(people, validated(name, 'name', '姓名'));
      if (!person) return { people: [] };
      const statements = statementsOf(person, meetings).filter((statement) => {
        const meeting = meetings.find((m) => m.id === statement.meeting.id);
        return meeting !== undefined && supported(meeting, [statement]).length === 1;
      });
      return { people: [{ ...person, statements }] };
    },
    timeline(topic) {
      return buildTimeline(readMeetings(source), validated(topic, 'topic', '主题'));
    },
  };
  return insights;
}
