import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { InvalidQuestionError } from '../../src/errors.js';
import { createLogger } from '../../src/logger.js';
import { createBot } from '../../src/telegram/bot.js';
import { captureApi, deliver, photoUpdate, TEST_TOKEN, textUpdate } from '../helpers/telegram-capture.js';
import { createFakeAssistant } from '../helpers/telegram-fake-assistant.js';
import { setupTestBot } from '../helpers/telegram-setup.js';

const GROUP = { chatType: 'group', chatId: -100, userId: 7 } as const;

describe('createBot in groups', () => {
  it('ignores group messages that do not address the bot', async () => {
    const { bot, assistant, capture } = setupTestBot();
    await deliver(bot, textUpdate('大家好，四月份工作重点是什么？', GROUP));
    await deliver(bot, textUpdate('/start@other_bot', GROUP));
    expect(capture.calls).toEqual([]);
    expect(assistant.asked).toEqual([]);
  });

  it('answers a mention with the mention stripped from the question', async () => {
    const { bot, assistant, capture } = setupTestBot();
    await deliver(bot, textUpdate('@meeting_test_bot 四月份工作重点是什么？', GROUP));
    expect(assistant.asked[0]?.question).toBe('四月份工作重点是什么？');
    expect(capture.callsTo('sendMessage')[0]?.reply_parameters).toMatchObject({ allow_sending_without_reply: true });
  });

  it('answers a reply to one of its messages', async () => {
    const { bot, assistant } = setupTestBot();
    await deliver(bot, textUpdate('那安全生产呢？', { ...GROUP, replyToBot: true }));
    expect(assistant.asked.map((call) => call.question)).toEqual(['那安全生产呢？']);
  });

  it('answers commands addressed to it by name', async () => {
    const { bot, capture } = setupTestBot();
    await deliver(bot, textUpdate('/meetings@meeting_test_bot', GROUP));
    expect(capture.sentTexts()[0]).toContain('共 2 场会议');
  });

  it('hints at how to ask when a mention carries no question', async () => {
    const { bot, capture } = setupTestBot();
    await deliver(bot, textUpdate('@meeting_test_bot', GROUP));
    expect(capture.sentTexts()).toEqual(['请直接输入问题，例如：会议部署了哪些重点工作？']);
  });

  it('ignores photos in groups', async () => {
    const { bot, capture } = setupTestBot();
    await deliver(bot, photoUpdate(GROUP));
    expect(capture.calls).toEqual([]);
  });
});

describe('createBot guards', () => {
  it('hints that only text is understood when a photo arrives in a private chat', async () => {
    const { bot, capture } = setupTestBot();
    await deliver(bot, photoUpdate());
    expect(capture.sentTexts()).toEqual(['我只能读文字消息，请用文字提问。']);
  });

  it('refuses questions over the limit and says what the limit is', async () => {
    const { bot, assistant, capture } = setupTestBot({ maxQuestionChars: 50 });
    await deliver(bot, textUpdate('问'.repeat(51)));
    expect(capture.sentTexts()).toEqual(['问题太长了，请控制在 50 字以内。']);
    expect(assistant.asked).toEqual([]);
  });

  it('tells a user once that they are asking too fast, then stays silent until the window passes', async () => {
    const { bot, assistant, capture } = setupTestBot({ rateLimit: { windowMs: 60_000, limit: 2 } });
    for (const question of ['一', '二', '三', '四']) await deliver(bot, textUpdate(question));
    expect(assistant.asked.map((call) => call.question)).toEqual(['一', '二']);
    expect(capture.sentTexts().at(-1)).toBe('提问太频繁了，请稍等一会儿再试。');
    expect(capture.sentTexts()).toHaveLength(3);
  });

  it('refuses users outside the allow list exactly once and serves listed users', async () => {
    const { bot, assistant, capture } = setupTestBot({ allowedUsers: [1] });
    await deliver(bot, textUpdate('你好', { chatId: 9, userId: 9 }));
    await deliver(bot, textUpdate('再问', { chatId: 9, userId: 9 }));
    await deliver(bot, textUpdate('四月份？', { chatId: 1, userId: 1 }));
    expect(capture.sentTexts()[0]).toBe('抱歉，这个机器人仅供授权用户使用。');
    expect(capture.callsTo('sendMessage').map((payload) => payload.chat_id)).toEqual([9, 1]);
    expect(assistant.asked.map((call) => call.question)).toEqual(['四月份？']);
  });

  it('serves everyone in an allowed chat', async () => {
    const { bot, assistant } = setupTestBot({ allowedChats: [-100] });
    await deliver(bot, textUpdate('@meeting_test_bot 四月份？', GROUP));
    expect(assistant.asked).toHaveLength(1);
  });

  it('warns in the log when no allow list is set', () => {
    const lines: string[] = [];
    createBot({
      token: TEST_TOKEN,
      assistant: createFakeAssistant(),
      logger: createLogger({ write: (l) => lines.push(l) }),
    });
    expect(lines.join('\n')).toMatch(/WARN .*answers everyone/);
  });
});

describe('createBot error boundary', () => {
  it('shows the error’s user message, logs it with the update id, and keeps answering', async () => {
    const lines: string[] = [];
    const assistant = createFakeAssistant();
    let failing = true;
    const bot = createBot({
      token: TEST_TOKEN,
      logger: createLogger({ write: (line) => lines.push(line) }),
      assistant: {
        ...assistant,
        ask: async (question, options) => {
          if (failing) throw new InvalidQuestionError('boom', '这个问题无法回答。');
          return assistant.ask(question, options);
        },
      },
    });
    const capture = captureApi(bot);
    const update = textUpdate('第一个问题');
    await deliver(bot, update);
    failing = false;
    await deliver(bot, textUpdate('第二个问题'));
    expect(capture.sentTexts()[0]).toBe('这个问题无法回答。');
    expect(capture.sentTexts()[1]).toContain('[1]');
    expect(lines.find((line) => line.includes('ERROR'))).toContain(`"updateId":${update.update_id}`);
  });

  it('shows a generic line for unexpected errors and never logs the bot token', async () => {
    const lines: string[] = [];
    const bot = createBot({
      token: TEST_TOKEN,
      logger: createLogger({ write: (line) => lines.push(line) }),
      assistant: createFakeAssistant({
        ask: async () => {
          throw new Error(`request to https://api.telegram.org/bot${TEST_TOKEN}/x failed (${TEST_TOKEN})`);
        },
      }),
    });
    const capture = captureApi(bot);
    await deliver(bot, textUpdate('问题'));
    expect(capture.sentTexts()).toEqual(['出了点问题，请稍后再试。']);
    expect(lines.join('\n')).toContain('failed');
    expect(lines.join('\n')).not.toContain(TEST_TOKEN);
    expect(lines.join('\n')).not.toContain(TEST_TOKEN.split(':')[1]);
  });

  it('still answers a slow question when sendChatAction fails', async () => {
    const slow = createFakeAssistant();
    const { bot, capture } = setupTestBot(
      { assistant: { ask: (question, options) => sleep(400).then(() => slow.ask(question, options)) } },
      ['sendChatAction'],
    );
    await deliver(bot, textUpdate('四月份？'));
    expect(capture.callsTo('sendChatAction')).toHaveLength(1);
    expect(capture.sentTexts()[0]).toContain('[1]');
  });

  it('sends no typing indicator for an answer ready at once', async () => {
    const { bot, capture } = setupTestBot();
    await deliver(bot, textUpdate('四月份？'));
    expect(capture.callsTo('sendChatAction')).toEqual([]);
    expect(capture.sentTexts()[0]).toContain('[1]');
  });
});
