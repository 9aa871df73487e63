import { describe, expect, it } from 'vitest';
import type { Answer } from '../../src/answer/types.js';
import { callbackUpdate, deliver, textUpdate } from '../helpers/telegram-capture.js';
import { createFakeAssistant } from '../helpers/telegram-fake-assistant.js';
import { setupTestBot } from '../helpers/telegram-setup.js';

type Keyboard = { inline_keyboard: { text: string; callback_data: string }[][] };

const buttonsOf = (payload: Record<string, unknown> | undefined) =>
  ((payload?.reply_markup as Keyboard | undefined)?.inline_keyboard ?? []).flat();

function answerWith(text: string, extra: Partial<Answer> = {}): Answer {
  return { question: 'q', answer: text, mode: 'llm', found: true, citations: [], ...extra };
}

describe('createBot answers', () => {
  it('answers a question with [n] markers, one source line per citation and one button per citation', async () => {
    const { bot, capture } = setupTestBot();
    await deliver(bot, textUpdate('四月份的工作重点是什么？'));
    const [reply] = capture.callsTo('sendMessage');
    expect(reply?.parse_mode).toBe('HTML');
    expect(reply?.text).toContain('文明城市创建活动[1]');
    expect(reply?.text).toContain('[1] 钟楼区召开四套班子领导干部（扩大）会议… · 4月1日上午 · ¶2');
    expect(reply?.text).toContain('[2] 大观区举行区委常委会扩大会议 · 2024-05-06 · ¶2');
    expect(buttonsOf(reply)).toEqual([
      { text: '[1] ¶2', callback_data: 'p:1:2' },
      { text: '[2] ¶2', callback_data: 'p:2:2' },
    ]);
  });

  it('escapes HTML in answers, notes and titles', async () => {
    const { bot, capture } = setupTestBot({
      assistant: { ask: async () => answerWith('a <b>bold</b> & <script>x</script>', { note: '<i>raw</i>' }) },
    });
    await deliver(bot, textUpdate('问题'));
    expect(capture.sentTexts()[0]).toBe(
      'a &lt;b&gt;bold&lt;/b&gt; &amp; &lt;script&gt;x&lt;/script&gt;\n\n<i>&lt;i&gt;raw&lt;/i&gt;</i>',
    );
  });

  it('shows only the answer text when the meetings do not cover the question', async () => {
    const { bot, capture } = setupTestBot();
    await deliver(bot, textUpdate('明天天气怎么样？'));
    const [reply] = capture.callsTo('sendMessage');
    expect(reply?.text).toBe('会议报告没有涉及这个问题。');
    expect(reply?.reply_markup).toBeUndefined();
  });

  it('splits answers longer than 4096 characters at sentence ends and puts the buttons under the last part', async () => {
    const sentence = '会议要求全面推进文明城市创建工作并加强安全生产管理。';
    const long = sentence.repeat(400);
    const normal = await createFakeAssistant().ask('x');
    const { bot, capture } = setupTestBot({ assistant: { ask: async () => ({ ...normal, answer: `${long}[1]` }) } });
    await deliver(bot, textUpdate('长问题'));
    const replies = capture.callsTo('sendMessage');
    expect(replies.length).toBeGreaterThan(2);
    for (const reply of replies) expect(String(reply.text).length).toBeLessThanOrEqual(4096);
    for (const reply of replies.slice(0, -1)) {
      expect(String(reply.text).endsWith('。')).toBe(true);
      expect(reply.reply_markup).toBeUndefined();
    }
    expect(buttonsOf(replies.at(-1))).toHaveLength(2);
    expect(replies.map((reply) => reply.text).join('')).toContain(long);
  });

  it('shows the whole cited paragraph as an expandable blockquote when a citation button is tapped', async () => {
    const { bot, capture } = setupTestBot();
    await deliver(bot, callbackUpdate('p:2:2'));
    expect(capture.callsTo('answerCallbackQuery')).toHaveLength(1);
    const [reply] = capture.callsTo('sendMessage');
    expect(reply?.text).toBe(
      '<b>大观区举行区委常委会扩大会议 · 2024-05-06 · ¶2</b>\n' +
        '<blockquote expandable>会议要求以“比晒拼创”推动重点工作落实 &lt;快&gt; &amp; 好。</blockquote>',
    );
    expect(buttonsOf(reply)).toEqual([{ text: '◀ 上一段', callback_data: 'n:2:1' }]);
  });

  it('moves to the neighbouring paragraph in place when ◀ or ▶ is tapped', async () => {
    const { bot, capture } = setupTestBot();
    await deliver(bot, callbackUpdate('n:1:3', {}, 55));
    const [edit] = capture.callsTo('editMessageText');
    expect(edit?.message_id).toBe(55);
    expect(edit?.text).toContain('会议要求抓好安全生产');
    expect(buttonsOf(edit)).toEqual([{ text: '◀ 上一段', callback_data: 'n:1:2' }]);
    expect(capture.callsTo('sendMessage')).toHaveLength(0);
  });

  it.each([
    ['escaped characters', '&<>"'.repeat(2500)],
    ['emoji', '😀'.repeat(3000)],
    ['Chinese text', '会议要求抓好安全生产。'.repeat(900)],
  ])('keeps a ◀ / ▶ edit of a huge paragraph of %s within 4096 characters with valid tags', async (_kind, text) => {
    const { bot, capture } = setupTestBot({
      assistant: {
        paragraph: (_meetingId, n) => ({
          meeting: {
            id: 'm',
            number: 1,
            title: '大'.repeat(5000),
            date: '4月1日',
            place: '',
            people: [],
            paragraphs: 3,
          },
          paragraph: n,
          text,
          hasPrevious: true,
          hasNext: true,
        }),
      },
    });
    await deliver(bot, callbackUpdate('n:1:2', {}, 55));
    const edit = String(capture.callsTo('editMessageText')[0]?.text);
    expect(edit.length).toBeLessThanOrEqual(4096);
    expect(edit).toMatch(/^<b>[^<]*<\/b>\n<blockquote expandable>[^<]*…<\/blockquote>$/);
    expect(edit).not.toMatch(/&[a-z]*…/);
    expect(edit).not.toMatch(/[\uD800-\uDBFF]…/);
  });

  it('passes recent exchanges as history on a follow-up and forgets them after /reset', async () => {
    const { bot, assistant } = setupTestBot();
    await deliver(bot, textUpdate('四月份的工作重点是什么？'));
    await deliver(bot, textUpdate('那安全生产呢？'));
    expect(assistant.asked[0]?.options?.history).toEqual([]);
    expect(assistant.asked[1]?.options?.history?.map((exchange) => exchange.question)).toEqual([
      '四月份的工作重点是什么？',
    ]);
    await deliver(bot, textUpdate('/reset'));
    await deliver(bot, textUpdate('再问一次'));
    expect(assistant.asked[2]?.options?.history).toEqual([]);
  });

  it('keeps histories of different chats apart', async () => {
    const { bot, assistant } = setupTestBot();
    await deliver(bot, textUpdate('第一个问题', { chatId: 1, userId: 1 }));
    await deliver(bot, textUpdate('第二个问题', { chatId: 2, userId: 2 }));
    expect(assistant.asked[1]?.options?.history).toEqual([]);
  });

  it('sends the full paragraph of citation n of the last answer on /source n', async () => {
    const { bot, capture } = setupTestBot();
    await deliver(bot, textUpdate('四月份的工作重点是什么？'));
    await deliver(bot, textUpdate('/source 1'));
    expect(capture.sentTexts()[1]).toContain('徐伟南强调，四月份要精心组织文明城市创建活动');
    await deliver(bot, textUpdate('/source 9'));
    expect(capture.sentTexts()[2]).toBe('上一个回答没有第 9 条出处（共 2 条）。');
  });

  it('asks for a question first when /source comes before any answer', async () => {
    const { bot, capture } = setupTestBot();
    await deliver(bot, textUpdate('/source 1'));
    expect(capture.sentTexts()).toEqual(['还没有可查看出处的回答，请先提问。']);
  });
});

describe('createBot commands', () => {
  it('tells on /start how many meetings it knows, with examples and commands', async () => {
    const { bot, capture } = setupTestBot();
    await deliver(bot, textUpdate('/start'));
    const [text] = capture.sentTexts();
    expect(text).toContain('2 场地方政府会议');
    expect(text).toContain('钟楼区、大观区');
    expect(text).toContain('/summary');
  });

  it('speaks English to users whose language is English', async () => {
    const { bot, capture } = setupTestBot();
    await deliver(bot, textUpdate('/help', { languageCode: 'en-GB' }));
    expect(capture.sentTexts()[0]).toContain('I answer questions about 2 local-government meeting reports');
  });

  it('lists meetings with number, title, date and place on /meetings', async () => {
    const { bot, capture } = setupTestBot();
    await deliver(bot, textUpdate('/meetings'));
    expect(capture.sentTexts()[0]).toBe(
      '共 2 场会议：\n1. <b>钟楼区召开四套班子领导干部（扩大）会议部署四月份工作</b>\n    4月1日上午 · 钟楼区\n' +
        '2. <b>大观区举行区委常委会扩大会议</b>\n    2024-05-06 · 大观区',
    );
  });

  it('summarizes the meeting named in /summary with citation buttons', async () => {
    const { bot, capture } = setupTestBot();
    await deliver(bot, textUpdate('/summary 大观'));
    const [reply] = capture.callsTo('sendMessage');
    expect(reply?.text).toContain('大观区举行区委常委会扩大会议\n1. 会议要求以“比晒拼创”');
    expect(buttonsOf(reply)).toEqual([{ text: '[1] ¶2', callback_data: 'p:2:2' }]);
  });

  it('offers one button per meeting on /summary without argument and summarizes the tapped one', async () => {
    const { bot, capture } = setupTestBot();
    await deliver(bot, textUpdate('/summary'));
    const [menu] = capture.callsTo('sendMessage');
    const rows = (menu?.reply_markup as Keyboard | undefined)?.inline_keyboard ?? [];
    expect(rows.map((row) => row.map((button) => button.callback_data))).toEqual([['s:1'], ['s:2']]);
    await deliver(bot, callbackUpdate('s:1'));
    expect(capture.sentTexts()[1]).toContain('钟楼区召开四套班子领导干部（扩大）会议部署四月份工作\n1. 徐伟南强调');
  });

  it('shows the assistant’s message when /summary names an unknown meeting', async () => {
    const { bot, capture } = setupTestBot();
    await deliver(bot, textUpdate('/summary 火星'));
    expect(capture.sentTexts()).toEqual(['找不到会议“火星”，发送 /meetings 查看列表。']);
  });
});
