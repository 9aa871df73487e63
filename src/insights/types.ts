/** The shapes of commitments, people and timelines, as the CLI's `--json` prints them and every adapter renders. */
import type { MeetingRef } from '../answer/types.js';

/** A meeting as insights read it: its public facts plus every paragraph in the original script. */
export interface InsightMeeting {
  id: string;
  number: number;
  title: string;
  /** As written in the document (`2024-05-06`, `4月1日上午`), or ''. */
  date: string;
  paragraphs: { n: number; text: string }[];
}

/** A task, target or deadline a meeting set, cited to its paragraph; texts as written (original script). */
export interface Task {
  meeting: MeetingRef;
  text: string;
  /** Who is responsible, where the text says it (各街道, 开发区, 全区上下). */
  owner?: string;
  /** The deadline as written (四月份, 今年秋冬期, 二季度). */
  deadline?: string;
  /** The deadline as an approximate date (`2014-04`, `2024-Q2`, `2025`) when the meeting's year is known. */
  deadlineDate?: string;
  /** The measurable target as written (保二争三, 确保全市考评第一名, 双过半). */
  target?: string;
  paragraph: number;
}

/** Something a person said or was reported to say, cited to its paragraph. */
export interface Statement {
  meeting: MeetingRef;
  text: string;
  paragraph: number;
}

/** One person across meetings; `name` and `posts` in simplified script, so both scripts are one person. */
export interface Person {
  name: string;
  posts: string[];
  meetings: { id: string; number: number }[];
  statements?: Statement[];
}

/** One cited sentence of a timeline entry. */
export interface TimelinePoint {
  text: string;
  paragraph: number;
}

/** What one meeting said about a topic. */
export interface TimelineEntry {
  meeting: MeetingRef;
  /** The meeting's date as written ('' when the document gives none). */
  date: string;
  /** The year used for ordering, from the text or the page, when known. */
  year?: number;
  points: TimelinePoint[];
}

/** `tasks --json`. */
export interface TasksResult {
  tasks: Task[];
}

/** `people --json`. */
export interface PeopleResult {
  people: Person[];
}

/** `timeline --json`. */
export interface TimelineResult {
  topic: string;
  entries: TimelineEntry[];
}
