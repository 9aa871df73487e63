import { PassThrough, Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Assistant } from '../../src/answer/types.js';
import { openAssistant } from '../../src/app.js';
import { runConsoleChat } from '../../src/console/console-chat.js';
import { silentLogger } from '../../src/logger.js';
import { createTempDir, SEEDS_DIR, type TempDir } from '../helpers/seed-index.js';

let assistant: Assistant;
let indexDir: TempDir;

async function chat(...lines: string[]): Promise<string> {
  const output = new PassThrough();
  const chunks: string[] = [];
  output.on('data', (chunk: Buffer) => chunks.push(chunk.toString('utf8')));
  await runConsoleChat({ assistant, input: Readable.from([`${lines.join('\n')}\n`]), output, logger: silentLogger });
  return chunks.join('');
}

describe('console chat', () => {
  beforeAll(async () => {
    indexDir = await createTempDir();
    assistant = await openAssistant({ seedsDir: SEEDS_DIR, indexDir: indexDir.path });
  }, 60_000);
  afterAll(() => indexDir.remove());

  it('answers a question with citations and a source list, then exits at end of input', async () => {
    const output = await chat('钟楼区四月份要抓好哪五个精心组织？');
    expect(output).toContain('一是精心组织文明城市创建活动。[1]');
    expect(output).toContain('[1] #5 鐘樓區召開四套班子領導干部(擴大)會議 · 4月1日上午 · ¶3');
  });

  it('shows the cited paragraph in its original script for /source', async () => {
    const output = await chat('童子河什么时候动工？', '/source 1');
    expect(output).toContain('童子河的規劃設計,確保今年秋冬期全面動工');
  });

  it('lists meetings and summarizes one by number', async () => {
    const output = await chat('/meetings', '/summary 2');
    expect(output).toContain('2. 区政府全体(扩大)会议');
    expect(output).toContain('坚持一个“稳”字');
  });

  it('keeps serving after a bad request', async () => {
    const output = await chat('/summary 99', '/meetings');
    expect(output).toContain('找不到唯一匹配');
    expect(output).toContain('5. 鐘樓區召開四套班子領導干部(擴大)會議');
  });

  it('uses the conversation for a follow-up and forgets it after /reset', async () => {
    const output = await chat('钟楼区四月份要抓好哪五个精心组织？', '那第二点具体怎么做？', '/reset', '/source 1');
    expect(output).toContain('二是精心组织经济生产正常运行。[1]要开好全区经济工作分析会议');
    expect(output).toContain('Ask a question first');
  });
});
