import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeBotApi } from './helpers/fake-bot-api.js';
import { TEST_TOKEN } from './helpers/telegram-capture.js';

const run = promisify(execFile);
let indexDir: string;

async function cli(...args: string[]): Promise<{ stdout: string; stderr: string; code: number }> {
  return cliWith({}, ...args);
}

async function cliWith(
  extraEnv: Record<string, string>,
  ...args: string[]
): Promise<{ stdout: string; stderr: string; code: number }> {
  const env = {
    ...process.env,
    SEEDS_DIR: 'seeds',
    INDEX_DIR: indexDir,
    OPENAI_API_KEY: '',
    OPENAI_BASE_URL: '',
    TELEGRAM_BOT_TOKEN: '',
    ...extraEnv,
  };
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

describe('cli', () => {
  beforeAll(async () => {
    indexDir = await mkdtemp(join(tmpdir(), 'cli-index-'));
    const ingest = await cli('ingest');
    expect(ingest.code).toBe(0);
  }, 90_000);
  afterAll(() => rm(indexDir, { recursive: true, force: true }));

  it('prints one search JSON object with whole paragraphs in their original script', async () => {
    const { stdout, code } = await cli('search', '--json', '--k', '3', '钟楼区五个精心组织');
    expect(code).toBe(0);
    const parsed = JSON.parse(stdout) as {
      query: string;
      results: {
        meeting: { id: string; number: number; title: string };
        paragraph: number;
        text: string;
        score: number;
      }[];
    };
    expect(parsed.query).toBe('钟楼区五个精心组织');
    expect(parsed.results).toHaveLength(3);
    const top = parsed.results.find((r) => r.text.includes('一是精心組織文明城市創建活動'));
    expect(top?.meeting).toEqual({
      id: '004_e8e8e54d7c3c5c4e',
      number: 5,
      title: '鐘樓區召開四套班子領導干部(擴大)會議',
    });
    expect(typeof parsed.results[0]?.score).toBe('number');
  });

  it('filters search to one meeting', async () => {
    const { stdout } = await cli('search', '--json', '--meeting', '黔江', '经济运行');
    const parsed = JSON.parse(stdout) as { results: { meeting: { number: number } }[] };
    expect(parsed.results.length).toBeGreaterThan(0);
    expect(parsed.results.every((r) => r.meeting.number === 4)).toBe(true);
  });

  it('lists meetings as JSON with their facts', async () => {
    const { stdout } = await cli('meetings', '--json');
    const { meetings } = JSON.parse(stdout) as {
      meetings: {
        number: number;
        id: string;
        place: string;
        paragraphs: number;
        people: string[];
        injected: number[];
      }[];
    };
    expect(meetings.map((m) => m.number)).toEqual([1, 2, 3, 4, 5]);
    expect(meetings[4]?.place).toBe('鐘樓區');
    expect(meetings[4]?.people).toContain('區委書記徐偉南');
    expect(meetings.map((m) => m.injected)).toEqual([[], [], [], [], []]);
  });

  it('answers with the ask JSON shape and cited paragraph text', async () => {
    const { stdout } = await cli('ask', '--json', '童子河的规划设计要求什么时候全面动工？');
    const answer = JSON.parse(stdout) as {
      mode: string;
      found: boolean;
      citations: { n: number; paragraph: number; text: string; meeting: { number: number; date: string } }[];
    };
    expect(answer.mode).toBe('extractive');
    expect(answer.found).toBe(true);
    expect(answer.citations[0]).toMatchObject({ n: 1, paragraph: 4, meeting: { number: 5, date: '4月1日上午' } });
    expect(answer.citations[0]?.text).toContain('童子河');
  });

  it('prints the summary JSON shape', async () => {
    const { stdout } = await cli('summary', '--json', '鐘樓');
    const summary = JSON.parse(stdout) as {
      meeting: { number: number };
      points: { citations: number[] }[];
      citations: unknown[];
      mode: string;
    };
    expect(summary.meeting.number).toBe(5);
    expect(summary.points.length).toBeGreaterThanOrEqual(3);
    expect(summary.citations.length).toBeGreaterThanOrEqual(3);
  });

  it('rejects an empty query with a one-line error and a non-zero exit', async () => {
    const { stderr, code } = await cli('search', '--json', '   ');
    expect(code).not.toBe(0);
    expect(stderr).toMatch(/^error: missing query/);
  });

  it('exits 1 with one clear line naming the token when Telegram rejects it (401), without a stack', async () => {
    const api = await startFakeBotApi();
    api.setMode('unauthorized');
    try {
      const { stderr, code } = await cliWith(
        { TELEGRAM_BOT_TOKEN: TEST_TOKEN, TELEGRAM_API_ROOT: api.apiRoot },
        'start',
      );
      expect(code).toBe(1);
      expect(stderr).toMatch(/TELEGRAM_BOT_TOKEN was rejected by Telegram \(401/);
      expect(stderr).not.toMatch(/GrammyError|\n\s+at /);
      expect(stderr).not.toContain(TEST_TOKEN.split(':')[1]);
    } finally {
      await api.stop();
    }
  });

  it('names an unknown meeting and exits non-zero', async () => {
    const { stderr, code } = await cli('summary', '42');
    expect(code).toBe(1);
    expect(stderr).toContain('42');
  });
});
