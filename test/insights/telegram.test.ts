import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Assistant } from '../../src/answer/types.js';
import { openAssistant } from '../../src/app.js';
import { TEXTS } from '../../src/telegram/texts.js';
import { createTempDir, SEEDS_DIR, type TempDir } from '../helpers/seed-index.js';
import { callbackUpdate, deliver, textUpdate } from '../helpers/telegram-capture.js';
import { setupTestBot } from '../helpers/telegram-setup.js';

type Keyboard = { inline_keyboard: { text: string; callback_data: string }[][] };
const rowsOf = (payload: Record<string, unknown> | undefined) =>
  (payload?.reply_markup as Keyboard | undefined)?.inline_keyboard ?? [];

let assistant: Assistant;
let indexDir: TempDir;

beforeAll(async () => {
  indexDir = await createTempDir();
  assistant = await openAssistant({ seedsDir: SEEDS_DIR, indexDir: indexDir.path });
}, 60_000);
afterAll(() => indexDir.remove());

const botOnSeeds = () => setupTestBot({ assistant });

describe('/tasks, /people and /timeline in Telegram', () => {
  it('pages the tasks of meeting #5 with one citation button per task and a ▶ button', async () => {
    const { bot, capture } = botOnSeeds();
    await deliver(bot, textUpdate('/tasks 5'));
    const [reply] = capture.callsTo('sendMessage');
    expect(reply?.text).toMatch(/^<b>会议部署的任务（共 39 项）<\/b> · 第 1\/5 页/);
    expect(reply?.text).toContain('[1] 四月份工作多');
    expect(reply?.text).toContain('<i>负责 全區各級干部 · 期限 四月份</i>');
    const rows = rowsOf(reply);
    expect(rows[0]?.[0]).toEqual({ text: '[1] ¶2', callback_data: 'p:5:2' });
    expect(rows.at(-1)).toEqual([{ text: '下一页 ▶', callback_data: 'ix:t:1:5' }]);
  });

  it('edits the message in place to the next page, with ◀ and ▶', async () => {
    const { bot, capture } = botOnSeeds();
    await deliver(bot, callbackUpdate('ix:t:1:5'));
    const [edit] = capture.callsTo('editMessageText');
    expect(edit?.text).toContain('第 2/5 页');
    expect(
      rowsOf(edit)
        .at(-1)
        ?.map((button) => button.callback_data),
    ).toEqual(['ix:t:0:5', 'ix:t:2:5']);
    expect(capture.callsTo('sendMessage')).toHaveLength(0);
  });

  it('shows the 童子河 deadline and opens its paragraph from the citation button', async () => {
    const { bot, capture } = botOnSeeds();
    await deliver(bot, callbackUpdate('ix:t:3:5'));
    const [edit] = capture.callsTo('editMessageText');
    expect(edit?.text).toContain('特別是童子河的規劃設計,確保今年秋冬期全面動工。');
    expect(edit?.text).toContain('期限 今年秋冬期');
    const button = rowsOf(edit)
      .flat()
      .find((b) => b.callback_data === 'p:5:4');
    expect(button).toBeDefined();
    await deliver(bot, callbackUpdate('p:5:4'));
    expect(capture.sentTexts().at(-1)).toContain('<blockquote expandable>徐偉南指出,當前,還要抓好五個“全力以赴”');
  });

  it('lets /source n open the paragraph of task n on the page', async () => {
    const { bot, capture } = botOnSeeds();
    await deliver(bot, textUpdate('/tasks 大观'));
    await deliver(bot, textUpdate('/source 1'));
    expect(capture.sentTexts()[1]).toContain('¶3</b>');
  });

  it('answers /people 徐偉南 with his statements from meeting #5 and their buttons', async () => {
    const { bot, capture } = botOnSeeds();
    await deliver(bot, textUpdate('/people 徐偉南'));
    const [reply] = capture.callsTo('sendMessage');
    expect(reply?.text).toContain('<b>徐伟南 — 区委书记 — #5</b>');
    expect(reply?.text).toContain('[3] 徐偉南指出,當前,要抓好五個“精心組織”');
    expect(rowsOf(reply)[0]?.map((b) => b.callback_data)).toEqual(['p:5:1', 'p:5:2', 'p:5:3', 'p:5:4']);
  });

  it('lists 招商引资 meetings #4, #5 and #1 in date order on /timeline', async () => {
    const { bot, capture } = botOnSeeds();
    await deliver(bot, textUpdate('/timeline 招商引资'));
    const text = capture.sentTexts()[0] ?? '';
    const at = (heading: string) => text.indexOf(heading);
    expect(at('<b>11月5日下午 (2025) · #4')).toBeGreaterThan(0);
    expect(at('<b>4月1日上午 · #5')).toBeGreaterThan(at('#4'));
    expect(at('<b>日期不详 · #1')).toBeGreaterThan(at('#5'));
  });

  it('explains /timeline without a topic and an unknown meeting, and speaks English to English users', async () => {
    const { bot, capture } = botOnSeeds();
    await deliver(bot, textUpdate('/timeline'));
    await deliver(bot, textUpdate('/tasks 火星'));
    await deliver(bot, textUpdate('/people 张三', { languageCode: 'en' }));
    expect(capture.sentTexts()).toEqual([
      '用法：/timeline &lt;主题&gt;，例如 /timeline 招商引资',
      expect.stringContaining('找不到唯一匹配“火星”的会议'),
      'Nobody called “张三” appears in these meetings. Send /people for everyone.',
    ]);
  });

  it('puts the three commands in the Chinese and the English command menus', () => {
    for (const menu of [TEXTS.zh.commands, TEXTS.en.commands]) {
      expect(menu.map((entry) => entry.command)).toEqual(expect.arrayContaining(['tasks', 'people', 'timeline']));
    }
  });
});
