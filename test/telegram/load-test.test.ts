import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Assistant } from '../../src/answer/types.js';
import { openAssistant } from '../../src/app.js';
import { runTelegramLoad } from '../../src/telegram/load-test.js';

const SEEDS_DIR = fileURLToPath(new URL('../../seeds', import.meta.url));
let indexDir: string | undefined;
let assistant: Assistant;

beforeAll(async () => {
  indexDir = await mkdtemp(join(tmpdir(), 'telegram-load-'));
  assistant = await openAssistant({ seedsDir: SEEDS_DIR, indexDir: join(indexDir, 'index') });
});

afterAll(async () => {
  if (indexDir) await rm(indexDir, { recursive: true, force: true });
});

describe('runTelegramLoad', () => {
  it('gets a reply for every chat that asks at the same time', async () => {
    const result = await runTelegramLoad({
      assistant,
      chats: 8,
      questions: ['四月份的工作重点是什么？', '黔江区四季度要做好哪些工作？', '明天天气怎么样？'],
    });
    expect(result).toMatchObject({ sent: 8, answered: 8, lost: 0 });
    expect(result.p95Ms).toBeGreaterThanOrEqual(result.p50Ms);
    expect(result.cpuMs).toBeGreaterThan(0);
  });

  it('counts a chat whose reply comes after the timeout as lost', async () => {
    const slowAsk: Assistant['ask'] = async (question) => {
      await sleep(600);
      return assistant.ask(question);
    };
    const slow: Assistant = { ...assistant, ask: slowAsk };
    const result = await runTelegramLoad({
      assistant: slow,
      chats: 2,
      questions: ['四月份的工作重点是什么？'],
      timeoutMs: 150,
    });
    expect(result).toMatchObject({ sent: 2, answered: 0, lost: 2 });
  });
});
