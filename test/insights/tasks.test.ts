import { readFile } from 'node:fs/promises';
import { beforeAll, describe, expect, it } from 'vitest';
import { normalizeText, toSimplified } from '../../src/corpus/script.js';
import { scoreTasks, type TaskGold } from '../../src/insights/task-eval.js';
import { extractTasks } from '../../src/insights/tasks.js';
import type { InsightMeeting, Task } from '../../src/insights/types.js';
import { loadSeedMeetings, meetingNumber } from './helpers.js';

let meetings: InsightMeeting[];
let zhonglou: Task[];
const find = (tasks: Task[], phrase: string) => tasks.find((task) => normalizeText(task.text).includes(phrase));

beforeAll(async () => {
  meetings = await loadSeedMeetings();
  zhonglou = extractTasks(meetingNumber(meetings, 5));
});

describe('extractTasks', () => {
  it('finds the 童子河 work of meeting #5 with its 今年秋冬期 deadline, cited to ¶4', () => {
    const task = find(zhonglou, '童子河');
    expect(task).toMatchObject({ deadline: '今年秋冬期', paragraph: 4 });
    expect(task?.meeting.number).toBe(5);
  });

  it('splits the 保一争二 / 保二争三 sentence by owner, each with the 四月份 deadline', () => {
    expect(find(zhonglou, '保一争二')).toMatchObject({ owner: '各街道', deadline: '四月份', target: '保一爭二' });
    expect(find(zhonglou, '保二争三')).toMatchObject({ owner: '開發區', deadline: '四月份', target: '保二爭三' });
    expect(find(zhonglou, '六月份的重点项目督查')).toMatchObject({ deadline: '六月份' });
    expect(find(zhonglou, '六月份的重点项目督查')?.owner).toBeUndefined();
  });

  it('takes 确保全市考评第一名 as the target of the city-management task', () => {
    expect(find(zhonglou, '城市长效管理点评会')?.target).toBe('確保全市考評第一名');
  });

  it('leaves out sentences with 要 that set no task: umbrella heads, past results, attendance', () => {
    expect(find(zhonglou, '要抓好五个“精心组织”')).toBeUndefined();
    expect(find(zhonglou, '还需继续努力')).toBeUndefined();
    expect(zhonglou.some((task) => task.paragraph === 6 || task.paragraph === 8)).toBe(false);
  });

  it('keeps every task text a piece of its cited paragraph', () => {
    for (const meeting of meetings) {
      for (const task of extractTasks(meeting)) {
        expect(meeting.paragraphs[task.paragraph - 1]?.text).toContain(task.text);
      }
    }
  });

  it('gives an approximate date where the meeting’s year is known (大观区 2024-05-06: 二季度 → 2024-Q2)', () => {
    const daguan = extractTasks(meetingNumber(meetings, 3));
    expect(find(daguan, '必须紧扣全年目标任务')).toMatchObject({ deadline: '二季度', deadlineDate: '2024-Q2' });
  });

  it('finds the same tasks in a simplified copy of a traditional meeting', () => {
    const original = meetingNumber(meetings, 5);
    const simplified = {
      ...original,
      paragraphs: original.paragraphs.map((p) => ({ n: p.n, text: toSimplified(p.text) })),
    };
    const texts = (tasks: Task[]) => tasks.map((task) => normalizeText(task.text));
    expect(texts(extractTasks(simplified))).toEqual(texts(zhonglou));
  });
});

describe('scoreTasks on the hand-annotated meetings #5 and #3', () => {
  let gold: TaskGold;
  beforeAll(async () => {
    gold = JSON.parse(await readFile(new URL('../fixtures/tasks-gold.json', import.meta.url), 'utf8')) as TaskGold;
  });

  it('reaches precision and recall of at least 0.9, and gets the stated owners, deadlines and targets', () => {
    const score = scoreTasks(meetings, gold);
    expect(score.gold).toBe(54);
    expect(score.precision).toBeGreaterThanOrEqual(0.9);
    expect(score.recall).toBeGreaterThanOrEqual(0.9);
    for (const field of Object.values(score.fields)) expect(field.correct / field.total).toBeGreaterThanOrEqual(0.9);
  });

  it('scores a list of every sentence containing 要 well below it in precision', () => {
    const everySentenceWithYao = (meeting: InsightMeeting): Task[] =>
      meeting.paragraphs.flatMap((p) =>
        (p.text.match(/[^。；;]+[。；;]?/gu) ?? [])
          .filter((sentence) => sentence.includes('要'))
          .map((text) => ({
            meeting: { id: meeting.id, number: meeting.number, title: '', date: '' },
            text,
            paragraph: p.n,
          })),
      );
    const baseline = scoreTasks(meetings, gold, everySentenceWithYao);
    const ours = scoreTasks(meetings, gold);
    expect(baseline.recall).toBeLessThan(0.8);
    expect(baseline.precision).toBeLessThan(ours.precision - 0.1);
  });
});
