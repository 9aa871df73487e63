import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Assistant } from '../../src/answer/types.js';
import { SUPPORT_THRESHOLD, supportRatio } from '../../src/answer/verify.js';
import { openAssistant } from '../../src/app.js';
import { normalizeText } from '../../src/corpus/script.js';
import { createInsights } from '../../src/insights/insights.js';
import { createOpenAIChat } from '../../src/providers/openai-chat.js';
import type { ChatModel } from '../../src/providers/types.js';
import { type ChatRequestBody, type FakeOpenAI, startFakeOpenAI } from '../helpers/fake-openai.js';
import { createTempDir, SEEDS_DIR, type TempDir } from '../helpers/seed-index.js';
import { callbackUpdate, deliver } from '../helpers/telegram-capture.js';
import { setupTestBot } from '../helpers/telegram-setup.js';

/** Rewrites the model gives, by a phrase of the task: two faithful ones and one that invents a new deadline. */
const REWRITES: [string, string][] = [
  ['童子河', '童子河規劃設計確保今年秋冬期全面動工'],
  ['保二爭三', '開發區四月份爭取保二爭三'],
  ['六月份的重點項目督查', '開發區明年建成國際機場'],
];

/** Answers a phrasing request the way a model would: JSON items for the tasks it recognises. */
function phrasingReply(body: ChatRequestBody): string {
  const user = body.messages.at(-1)?.content ?? '';
  const items = [...user.matchAll(/^(\d+)\. <<<(.*)>>>$/gmu)].flatMap((match) => {
    const rewrite = REWRITES.find(([phrase]) => (match[2] ?? '').includes(phrase));
    return rewrite ? [{ i: Number(match[1]), text: rewrite[1] }] : [];
  });
  return JSON.stringify({ items });
}

let fake: FakeOpenAI;
let chat: ChatModel;
let assistant: Assistant;
let indexDir: TempDir;

beforeAll(async () => {
  fake = await startFakeOpenAI({ chatReply: phrasingReply });
  chat = createOpenAIChat({ apiKey: 'sk-test', baseURL: fake.url, model: 'fake-chat', timeoutMs: 800, maxRetries: 0 });
  indexDir = await createTempDir();
  assistant = await openAssistant({ seedsDir: SEEDS_DIR, indexDir: indexDir.path });
}, 60_000);
afterAll(async () => {
  await fake.close();
  await indexDir.remove();
});
beforeEach(() => fake.setFailure(null));

describe('phrasedTasks with an LLM', () => {
  it('shows a faithful rewrite, still cited to its paragraph and keeping the deadline', async () => {
    const { tasks } = await createInsights(assistant, { chat }).phrasedTasks('5');
    const tongzi = tasks.find((task) => task.text === '童子河規劃設計確保今年秋冬期全面動工');
    expect(tongzi).toMatchObject({ paragraph: 4, deadline: '今年秋冬期' });
    expect(tasks.some((task) => task.text === '開發區四月份爭取保二爭三')).toBe(true);
  });

  it('keeps the extracted text where the rewrite is not supported by the cited paragraph', async () => {
    const { tasks } = await createInsights(assistant, { chat }).phrasedTasks('5');
    expect(tasks.some((task) => task.text.includes('國際機場'))).toBe(false);
    expect(tasks.some((task) => task.text === '確保落實全市六月份的重點項目督查活動。')).toBe(true);
    for (const task of tasks) {
      const paragraph = assistant.paragraph(task.meeting.id, task.paragraph)?.text ?? '';
      expect(supportRatio(task.text, paragraph)).toBeGreaterThanOrEqual(SUPPORT_THRESHOLD);
    }
  });

  it('falls back to the extracted tasks with a note when the LLM fails', async () => {
    fake.setFailure({ status: 500 });
    const insights = createInsights(assistant, { chat });
    const result = await insights.phrasedTasks('5');
    expect(result.note).toContain('语言模型服务出错');
    expect(result.tasks.map((task) => task.text)).toEqual(insights.tasks('5').tasks.map((task) => task.text));
  });

  it('asks the model once per batch and not again for tasks already phrased', async () => {
    const insights = createInsights(assistant, { chat });
    fake.requests.splice(0);
    await insights.phrasedTasks('5');
    const first = fake.requests.filter((request) => request.path.endsWith('/chat/completions')).length;
    await insights.phrasedTasks('5');
    expect(first).toBe(2);
    expect(fake.requests.filter((request) => request.path.endsWith('/chat/completions'))).toHaveLength(first);
  });

  it('shows the rewrites in Telegram /tasks with the same citation buttons', async () => {
    const { bot, capture } = setupTestBot({ assistant, chat });
    await deliver(bot, callbackUpdate('ix:t:3:5'));
    const [edit] = capture.callsTo('editMessageText');
    expect(normalizeText(String(edit?.text))).toContain('童子河规划设计确保今年秋冬期全面动工');
    const markup = edit?.reply_markup as { inline_keyboard: { callback_data: string }[][] } | undefined;
    const rows = markup?.inline_keyboard ?? [];
    expect(rows.flat().map((button) => button.callback_data)).toContain('p:5:4');
  });
});
