/** Precision and recall of extracted tasks against a hand-annotated set (test/fixtures/tasks-gold.json). */
import { normalizeText } from '../corpus/script.js';
import { extractTasks } from './tasks.js';
import type { InsightMeeting, Task } from './types.js';

/** One annotated task: the paragraph and a simplified phrase its text must contain, plus the fields stated. */
export interface GoldTask {
  paragraph: number;
  key: string;
  owner?: string;
  deadline?: string;
  target?: string;
}

/** The annotation file: tasks per meeting id. */
export interface TaskGold {
  meetings: { id: string; tasks: GoldTask[] }[];
}

/** Counts and ratios of one evaluation; `fields` scores owner/deadline/target on matched tasks that state them. */
export interface TaskScore {
  extracted: number;
  gold: number;
  matched: number;
  precision: number;
  recall: number;
  fields: Record<'owner' | 'deadline' | 'target', { correct: number; total: number }>;
  /** Extracted tasks matching no annotation, and annotations no task matched (for reading the errors). */
  spurious: { meeting: string; paragraph: number; text: string }[];
  missed: { meeting: string; paragraph: number; key: string }[];
}

const FIELDS = ['owner', 'deadline', 'target'] as const;

/**
 * Scores an extractor (by default `extractTasks`) on the annotated meetings: a task matches an annotation of the
 * same paragraph whose key its text contains, each at most once. Throws when an annotated meeting is missing.
 */
export function scoreTasks(
  meetings: InsightMeeting[],
  gold: TaskGold,
  extract: (meeting: InsightMeeting) => Task[] = extractTasks,
): TaskScore {
  const score: TaskScore = {
    extracted: 0,
    gold: 0,
    matched: 0,
    precision: 0,
    recall: 0,
    fields: { owner: { correct: 0, total: 0 }, deadline: { correct: 0, total: 0 }, target: { correct: 0, total: 0 } },
    spurious: [],
    missed: [],
  };
  for (const annotated of gold.meetings) {
    const meeting = meetings.find((m) => m.id === annotated.id);
    if (!meeting) throw new Error(`annotated meeting ${annotated.id} is not in the corpus`);
    const tasks = extract(meeting);
    const used = new Set<Task>();
    score.extracted += tasks.length;
    score.gold += annotated.tasks.length;
    for (const expected of annotated.tasks) {
      const key = normalizeText(expected.key);
      const hit = tasks.find(
        (task) => !used.has(task) && task.paragraph === expected.paragraph && normalizeText(task.text).includes(key),
      );
      if (!hit) {
        score.missed.push({ meeting: meeting.id, paragraph: expected.paragraph, key: expected.key });
        continue;
      }
      used.add(hit);
      score.matched++;
      for (const field of FIELDS) {
        const want = expected[field];
        if (want === undefined) continue;
        score.fields[field].total++;
        if (normalizeText(hit[field] ?? '') === normalizeText(want)) score.fields[field].correct++;
      }
    }
    for (const task of tasks)
      if (!used.has(task)) score.spurious.push({ meeting: meeting.id, paragraph: task.paragraph, text: task.text });
  }
  score.precision = score.extracted === 0 ? 0 : score.matched / score.extracted;
  score.recall = score.gold === 0 ? 0 : score.matched / score.gold;
  return score;
}
