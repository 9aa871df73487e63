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

describe('console chat insights commands', () => {
  beforeAll(async () => {
    indexDir = await createTempDir();
    assistant = await openAssistant({ seedsDir: SEEDS_DIR, indexDir: indexDir.path });
  }, 60_000);
  afterAll(() => indexDir.remove());

  it('answers /tasks, /people and /timeline and lists them in /help', async () => {
    const output = await chat('/tasks 5', '/people 骆高燕', '/timeline 招商引资', '/help');
    expect(output).toContain('¶4 特別是童子河的規劃設計,確保今年秋冬期全面動工。\n       期限 今年秋冬期');
    expect(output).toContain('骆高燕 — 区委副书记、区长 — #4');
    expect(output).toContain('招商引资 — 3 场会议 meetings');
    expect(output).toMatch(/\/timeline 主题/);
  });

  it('keeps serving after a bad /tasks argument', async () => {
    const output = await chat('/tasks 火星', '/people 罗军');
    expect(output).toContain('找不到唯一匹配“火星”的会议');
    expect(output).toContain('罗军 — （职务未注明 post not stated） — #1');
  });
});
