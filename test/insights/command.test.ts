import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
let indexDir: string;

async function cli(...args: string[]): Promise<{ stdout: string; stderr: string; code: number }> {
  const env = { ...process.env, SEEDS_DIR: 'seeds', INDEX_DIR: indexDir, OPENAI_API_KEY: '', OPENAI_BASE_URL: '' };
  try {
    const { stdout, stderr } = await run(process.execPath, ['--import', 'tsx', 'src/cli.ts', ...args], {
      env,
      timeout: 60_000,
    });
    return { stdout, stderr, code: 0 };
  } catch (error) {
    const failed = error as { stdout: string; stderr: string; code: number };
    return { stdout: failed.stdout, stderr: failed.stderr, code: failed.code };
  }
}

describe('tasks, people and timeline commands', () => {
  beforeAll(async () => {
    indexDir = await mkdtemp(join(tmpdir(), 'insights-cli-'));
    expect((await cli('ingest')).code).toBe(0);
  }, 90_000);
  afterAll(() => rm(indexDir, { recursive: true, force: true }));

  it('prints tasks --json in the issue’s shape', async () => {
    const { stdout, code } = await cli('tasks', '--json', '5');
    expect(code).toBe(0);
    const { tasks } = JSON.parse(stdout) as { tasks: Record<string, unknown>[] };
    const allowed = ['meeting', 'text', 'owner', 'deadline', 'deadlineDate', 'target', 'paragraph'];
    for (const task of tasks) {
      expect(Object.keys(task).every((key) => allowed.includes(key))).toBe(true);
      expect(Object.keys(task.meeting as object)).toEqual(['id', 'number', 'title', 'date']);
      expect(typeof task.text).toBe('string');
      expect(typeof task.paragraph).toBe('number');
    }
    expect(tasks.find((task) => String(task.text).includes('童子河'))).toMatchObject({ deadline: '今年秋冬期' });
  }, 60_000);

  it('prints people --json with the statements of the person named', async () => {
    const one = JSON.parse((await cli('people', '--json', '徐偉南')).stdout) as {
      people: { name: string; posts: string[]; meetings: { id: string; number: number }[]; statements: unknown[] }[];
    };
    expect(one.people).toHaveLength(1);
    expect(one.people[0]).toMatchObject({ name: '徐伟南', posts: ['区委书记'], meetings: [{ number: 5 }] });
    expect(one.people[0]?.statements.length).toBeGreaterThan(3);
  }, 60_000);

  it('prints a timeline in date order, and the task scores against the annotated file', async () => {
    const timeline = JSON.parse((await cli('timeline', '--json', '招商引资')).stdout) as {
      topic: string;
      entries: { meeting: { number: number }; date: string; points: { text: string; paragraph: number }[] }[];
    };
    expect(timeline.topic).toBe('招商引资');
    expect(timeline.entries.map((entry) => entry.meeting.number)).toEqual([4, 5, 1]);
    const score = await cli('tasks', '--score', 'test/fixtures/tasks-gold.json');
    expect(score.stdout).toMatch(/^tasks: precision \d\.\d{3} \(\d+\/\d+\), recall \d\.\d{3}/);
  }, 60_000);

  it('fails with a one-line error for an unknown meeting', async () => {
    const unknown = await cli('tasks', '火星');
    expect(unknown.code).toBe(1);
    expect(unknown.stderr.trim()).toBe('error: no single meeting matches "火星"');
  }, 60_000);
});
