import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Assistant } from '../../src/answer/types.js';
import { openAssistant } from '../../src/app.js';
import { splitSentences } from '../../src/corpus/chunk.js';
import { silentLogger } from '../../src/logger.js';
import { createOpenAIChat } from '../../src/providers/openai-chat.js';
import { createBot } from '../../src/telegram/bot.js';
import { type RunningBot, runBot } from '../../src/telegram/run-bot.js';
import { type FakeBotApi, startFakeBotApi } from '../helpers/fake-bot-api.js';
import { type ChatRequestBody, type FakeOpenAI, startFakeOpenAI } from '../helpers/fake-openai.js';
import { buildSeedIndex, type SeedIndex } from '../helpers/seed-index.js';
import { TEST_TOKEN, textUpdate } from '../helpers/telegram-capture.js';

const QUESTION = '钟楼区四月份要抓好哪五个精心组织？';

/** The first quoted passage of the prompt's last user message. */
function firstPassage(body: ChatRequestBody): string {
  const user = body.messages.filter((message) => message.role === 'user').at(-1)?.content ?? '';
  return /^\[1\] [^\n]*\n<<<\n([\s\S]*?)\n>>>/mu.exec(user)?.[1] ?? '';
}

/** A long, slowly streamed reply: two supported sentences cited [1], then an invented one that verification drops. */
function reply(body: ChatRequestBody): string {
  const sentences = splitSentences(firstPassage(body))
    .sort((a, b) => b.length - a.length)
    .slice(0, 2)
    .map((sentence) => `${sentence.replace(/[。！？；;!?]+$/u, '')}。[1]`);
  return `${sentences.join(' ')} 此外还要求建设月球基地[99]。`;
}

async function waitFor(condition: () => boolean, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

describe('streaming answers in Telegram (LLM_STREAM=true)', () => {
  let openai: FakeOpenAI;
  let seed: SeedIndex;
  let assistant: Assistant;
  let api: FakeBotApi;
  let running: RunningBot;

  beforeAll(async () => {
    openai = await startFakeOpenAI({ chatReply: reply, streamChunkDelayMs: 150 });
    seed = await buildSeedIndex();
    const chat = createOpenAIChat({ apiKey: 'sk-test', baseURL: openai.url, model: 'fake-chat', maxRetries: 0 });
    assistant = await openAssistant({ ...seed.engine, chat, stream: true });
  });

  afterAll(async () => {
    await openai.close();
    await seed.remove();
  });

  beforeEach(async () => {
    api = await startFakeBotApi();
    const bot = createBot({
      token: TEST_TOKEN,
      assistant,
      logger: silentLogger,
      apiRoot: api.apiRoot,
      streaming: true,
    });
    running = await runBot(bot);
  });

  afterEach(async () => {
    await running.stop();
    await api.stop();
  });

  it('shows drafts while a private answer streams, then sends only the verified answer with its buttons', async () => {
    api.pushUpdates(textUpdate(QUESTION, { chatId: 5, userId: 5 }));
    await waitFor(() => api.callsTo('sendMessage').length === 1);
    const drafts = api.callsTo('sendMessageDraft').map((payload) => String(payload.text));
    expect(drafts.length).toBeGreaterThanOrEqual(2);
    expect(drafts.at(-1)?.length).toBeGreaterThan(drafts[0]?.length ?? 0);
    const [final] = api.callsTo('sendMessage');
    expect(String(final?.text)).toContain('[1]');
    expect(String(final?.text)).not.toContain('[99]');
    // Drafts are verified too: the invented sentence never appears, not even while streaming.
    for (const draft of drafts) expect(draft).not.toContain('月球基地');
    expect(JSON.stringify(final?.reply_markup)).toContain('"callback_data":"p:');
  });

  it('previews by editing a message when drafts are refused, and ends with the verified answer', async () => {
    api.setMode('bad-request', ['sendMessageDraft']);
    api.pushUpdates(textUpdate(QUESTION, { chatId: 7, userId: 7 }));
    await waitFor(() =>
      api.callsTo('editMessageText').some((payload) => payload.parse_mode === 'HTML' && payload.reply_markup),
    );
    expect(api.calls.filter((call) => call.method === 'sendMessageDraft')).toHaveLength(1);
    expect(api.callsTo('sendMessage')).toHaveLength(1);
    const final = api.callsTo('editMessageText').at(-1);
    expect(String(final?.text)).toContain('[1]');
    expect(String(final?.text)).not.toContain('[99]');
  });

  it('edits one message in a group at most every ~1.5 s and turns it into the verified answer', async () => {
    const group = { chatId: -200, userId: 6, chatType: 'group' as const };
    api.pushUpdates(textUpdate(`@meeting_test_bot ${QUESTION}`, group));
    await waitFor(() =>
      api.callsTo('editMessageText').some((payload) => payload.parse_mode === 'HTML' && payload.reply_markup),
    );
    const sent = api.calls.filter((call) => call.method === 'sendMessage' && call.mode === 'ok');
    expect(sent).toHaveLength(1);
    const edits = api.calls.filter((call) => call.method === 'editMessageText' && call.mode === 'ok');
    const times = [sent[0]?.at ?? 0, ...edits.map((call) => call.at)];
    for (let i = 1; i < times.length; i++) expect((times[i] ?? 0) - (times[i - 1] ?? 0)).toBeGreaterThanOrEqual(1400);
    expect(edits.filter((call) => call.payload.parse_mode === undefined).length).toBeGreaterThanOrEqual(1);
    const final = edits.at(-1)?.payload;
    expect(String(final?.text)).toContain('[1]');
    expect(String(final?.text)).not.toContain('[99]');
    expect(api.callsTo('sendMessageDraft')).toEqual([]);
  });
});
