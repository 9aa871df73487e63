import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Assistant } from '../../src/answer/types.js';
import { SUPPORT_THRESHOLD, supportRatio } from '../../src/answer/verify.js';
import { openAssistant } from '../../src/app.js';
import { InvalidQuestionError } from '../../src/errors.js';
import { createInsights, type Insights } from '../../src/insights/insights.js';
import { createTempDir, SEEDS_DIR, type TempDir } from '../helpers/seed-index.js';

let assistant: Assistant;
let insights: Insights;
let indexDir: TempDir;

beforeAll(async () => {
  indexDir = await createTempDir();
  assistant = await openAssistant({ seedsDir: SEEDS_DIR, indexDir: indexDir.path });
  insights = createInsights(assistant);
}, 60_000);
afterAll(() => indexDir.remove());

describe('createInsights over the assistant’s index', () => {
  it('lists the tasks of all meetings grouped by meeting, most recent first', () => {
    const order = [...new Set(insights.tasks().tasks.map((task) => task.meeting.number))];
    expect(order).toEqual([4, 3, 5, 1, 2]);
  });

  it('names a meeting by number or name in either script', () => {
    const byNumber = insights.tasks('5').tasks;
    expect(byNumber.length).toBeGreaterThan(30);
    expect(insights.tasks('钟楼区').tasks).toEqual(byNumber);
    expect(insights.tasks('鐘樓').tasks).toEqual(byNumber);
  });

  it('shows only tasks and statements supported by their cited paragraph', () => {
    const supported = (text: string, meetingId: string, n: number) =>
      supportRatio(text, assistant.paragraph(meetingId, n)?.text ?? '') >= SUPPORT_THRESHOLD;
    for (const task of insights.tasks().tasks) expect(supported(task.text, task.meeting.id, task.paragraph)).toBe(true);
    for (const statement of insights.people('徐伟南').people[0]?.statements ?? [])
      expect(supported(statement.text, statement.meeting.id, statement.paragraph)).toBe(true);
  });

  it('rejects an unknown meeting, an empty topic and an overlong topic with a user message', () => {
    const rejection = (work: () => unknown) => {
      try {
        work();
      } catch (error) {
        return error;
      }
      return undefined;
    };
    for (const work of [
      () => insights.tasks('火星'),
      () => insights.timeline(' '),
      () => insights.timeline('长'.repeat(41)),
    ]) {
      const error = rejection(work);
      expect(error).toBeInstanceOf(InvalidQuestionError);
      expect((error as InvalidQuestionError).userMessage).not.toBe('');
    }
  });

  it('answers a name nobody has with an empty list rather than an error', () => {
    expect(insights.people('张三')).toEqual({ people: [] });
  });

  it('lists everyone without statements when no name is given', () => {
    const { people } = insights.people();
    expect(people.length).toBeGreaterThan(10);
    expect(people.every((person) => person.statements === undefined)).toBe(true);
  });
});
