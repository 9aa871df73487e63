import { PassThrough, Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Assistant } from '../../src/answer/types.js';
import { openAssistant } from '../../src/app.js';
import { runConsoleChat } from '../../src/console/console-chat.js';
import { capAnswerText, capDisplayText } from '../../src/console/display-cap.js';
import { silentLogger } from '../../src/logger.js';
import { copySeeds, createTempDir, type TempDir } from '../helpers/seed-index.js';

const HUGE = '巨幅段落测试区关于夜市管理的规定要求各街道做好摊位登记和卫生检查工作'.repeat(10_000);

describe('capDisplayText', () => {
  it('leaves text at the cap untouched', () => {
    expect(capDisplayText('一二三', 3)).toEqual({ text: '一二三', truncated: false, length: 3 });
  });

  it('cuts longer text at the cap with an ellipsis and reports the full length', () => {
    expect(capDisplayText('一二三四五', 3)).toEqual({ text: '一二三…', truncated: true, length: 5 });
  });

  it('counts an emoji as one character and never splits it', () => {
    expect(capDisplayText('😀😀😀😀', 2)).toEqual({ text: '😀😀…', truncated: true, length: 4 });
  });
});

describe('capAnswerText', () => {
  it('keeps the citation markers of the part it cuts off', () => {
    expect(capAnswerText(`${'甲'.repeat(10)}[1]${'乙'.repeat(10)}[2][1]`, 5).text).toBe('甲甲甲甲甲…[1][2]');
  });
});

describe('console chat with a huge paragraph', () => {
  let seeds: TempDir;
  let indexDir: TempDir;
  let assistant: Assistant;

  beforeAll(async () => {
    seeds = await copySeeds({
      '900_night_market.txt': `某区召开夜市管理工作会议\n\n${HUGE}\n\n会议要求各部门认真落实。\n`,
    });
    indexDir = await createTempDir();
    assistant = await openAssistant({ seedsDir: seeds.path, indexDir: indexDir.path });
  }, 120_000);

  afterAll(async () => {
    await seeds.remove();
    await indexDir.remove();
  });

  async function chat(...lines: string[]): Promise<string> {
    const output = new PassThrough();
    const chunks: string[] = [];
    output.on('data', (chunk: Buffer) => chunks.push(chunk.toString('utf8')));
    await runConsoleChat({ assistant, input: Readable.from([`${lines.join('\n')}\n`]), output, logger: silentLogger });
    return chunks.join('');
  }

  it('caps the answer quoting it, says so, and shows the whole paragraph for /source 1', async () => {
    const answerOnly = await chat('夜市摊位登记有什么要求？');
    const withSource = await chat('夜市摊位登记有什么要求？', '/source 1');

    expect(answerOnly.length).toBeLessThan(5_000);
    expect(answerOnly).toMatch(/truncated, 340,?\d{3} characters in full/);
    expect(withSource).toContain(`「${HUGE}」`);
  });
});
