import { describe, expect, it } from 'vitest';
import { callbackUpdate, deliver } from '../helpers/telegram-capture.js';
import { setupTestBot } from '../helpers/telegram-setup.js';

describe('button taps', () => {
  it('count toward the rate limit: taps on a summary button beyond the limit start no summary', async () => {
    let summaries = 0;
    const { bot, capture } = setupTestBot({
      rateLimit: { windowMs: 60_000, limit: 2 },
      assistant: {
        summarize: async () => {
          summaries++;
          return {
            meeting: { id: 'm', number: 1, title: '会议', date: '', place: '', people: [], paragraphs: 1 },
            summary: '摘要',
            points: [],
            citations: [],
            mode: 'extractive',
          };
        },
      },
    });
    for (let i = 0; i < 30; i++) await deliver(bot, callbackUpdate('s:1'));
    expect(summaries).toBe(2);
    expect(capture.callsTo('answerCallbackQuery')).toHaveLength(30);
    expect(capture.callsTo('answerCallbackQuery').at(-1)?.text).toBe('提问太频繁了，请稍等一会儿再试。');
  });

  it.each(['x', 'P:1:1', 'p:2:-1', 's:', 'n:1', ''])(
    'answers the forged callback %j so no spinner is left',
    async (data) => {
      const { bot, capture } = setupTestBot();
      await deliver(bot, callbackUpdate(data));
      expect(capture.callsTo('answerCallbackQuery')).toHaveLength(1);
      expect(capture.callsTo('sendMessage')).toEqual([]);
    },
  );

  it('answers an outsider’s tap with an alert to the tapper only and sends nothing into the chat', async () => {
    const { bot, assistant, capture } = setupTestBot({ allowedUsers: [1] });
    await deliver(bot, callbackUpdate('s:1', { chatId: 1, userId: 9 }));
    await deliver(bot, callbackUpdate('p:1:2', { chatId: 1, userId: 9 }));
    expect(capture.callsTo('sendMessage')).toEqual([]);
    expect(capture.callsTo('editMessageText')).toEqual([]);
    expect(assistant.asked).toEqual([]);
    const answers = capture.callsTo('answerCallbackQuery');
    expect(answers).toHaveLength(2);
    expect(answers[0]).toMatchObject({ text: '抱歉，这个机器人仅供授权用户使用。', show_alert: true });
  });
});
