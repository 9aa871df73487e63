import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Assistant } from '../../src/answer/types.js';
import { openAssistant } from '../../src/app.js';
import { silentLogger } from '../../src/logger.js';
import { createBot } from '../../src/telegram/bot.js';
import { type Emulator, emulateLongPolling, startEmulator, type TelegramClient } from '../../src/telegram/emulator.js';
import { escapeHtml } from '../../src/telegram/html.js';
import { type RunningBot, runBot } from '../../src/telegram/run-bot.js';
import { startTelegram } from '../../src/telegram/start.js';

// End to end: the real bot polls the telegram-test-api emulator through @grammyjs/runner. The emulator has no
// long polling (getUpdates answers at once), so `emulateLongPolling` re-asks every 20 ms; it also lacks
// sendChatAction and setMyCommands, so every answer here proves the bot carries on when those fail.
// The assistant is the real one (offline mode) on the real seed meetings, indexed once into a temp directory.

const SEEDS_DIR = fileURLToPath(new URL('../../seeds', import.meta.url));
const TOKEN = '111111:EmulatorTokenForTests_abcdefghijklmn';
const GUARDED_TOKEN = '222222:EmulatorTokenForTests_abcdefghijklmn';
const STARTED_TOKEN = '333333:EmulatorTokenForTests_abcdefghijklmn';
const BOT_USERNAME = 'TestNameBot'; // what the emulator's getMe returns

interface BotMessage {
  text: string;
  reply_markup?: { inline_keyboard: { text: string; callback_data: string }[][] };
}

let indexDir: string;
let emulator: Emulator;
let assistant: Assistant;
let mainBot: RunningBot;
const running: RunningBot[] = [];

async function startBot(token: string, options: { allowedUsers?: number[] } = {}): Promise<RunningBot> {
  const bot = createBot({ token, assistant, logger: silentLogger, apiRoot: emulator.apiRoot, ...options });
  bot.api.config.use(emulateLongPolling());
  const handle = await runBot(bot);
  running.push(handle);
  return handle;
}

function clientFor(id: number, type: 'private' | 'group' = 'private', token = TOKEN): TelegramClient {
  return emulator.server.getClient(token, { chatId: id, userId: Math.abs(id), type, timeout: 10_000, interval: 10 });
}

async function replies(client: TelegramClient): Promise<BotMessage[]> {
  const updates = await client.getUpdates();
  return updates.result.map((update) => update.message as unknown as BotMessage);
}

async function ask(client: TelegramClient, text: string): Promise<BotMessage> {
  await client.sendMessage(client.makeMessage(text));
  const [reply] = await replies(client);
  if (!reply) throw new Error('no reply');
  return reply;
}

async function command(client: TelegramClient, text: string): Promise<BotMessage> {
  await client.sendCommand(client.makeCommand(text));
  const [reply] = await replies(client);
  if (!reply) throw new Error('no reply');
  return reply;
}

/** Every message the bot with `token` has sent to `chatId` so far. */
function botMessagesTo(token: string, chatId: number) {
  return emulator.server.storage.botMessages.filter(
    (stored) => stored.botToken === token && String(stored.message.chat_id) === String(chatId),
  );
}

/** Resolves once the emulator has handed out every update for `token` and the bot has finished them. */
async function settled(token: string, handle: RunningBot): Promise<void> {
  const idle = () =>
    emulator.server.storage.userMessages.every((update) => update.botToken !== token || update.isRead) &&
    handle.inFlight() === 0;
  for (let calm = 0; calm < 3; ) {
    calm = idle() ? calm + 1 : 0;
    await new Promise((resolve) => setTimeout(resolve, 30));
  }
}

beforeAll(async () => {
  indexDir = await mkdtemp(join(tmpdir(), 'telegram-e2e-'));
  assistant = await openAssistant({ seedsDir: SEEDS_DIR, indexDir: join(indexDir, 'index') });
  emulator = await startEmulator();
  mainBot = await startBot(TOKEN);
});

afterAll(async () => {
  await Promise.all(running.map((handle) => handle.stop()));
  await emulator?.stop();
  if (indexDir) await rm(indexDir, { recursive: true, force: true });
});

describe('the bot on the Telegram emulator', () => {
  it('greets on /start with the number of meetings and the commands', async () => {
    const reply = await command(clientFor(101), '/start');
    expect(reply.text).toContain(`${assistant.meetings().length} 场地方政府会议`);
    expect(reply.text).toContain('/meetings');
  });

  it('lists every meeting on /meetings', async () => {
    const reply = await command(clientFor(102), '/meetings');
    for (const meeting of assistant.meetings()) expect(reply.text).toContain(`${meeting.number}. <b>`);
  });

  it('answers a question with [n] citations, a source list and one button per citation', async () => {
    const reply = await ask(clientFor(103), '四月份的工作重点是什么？');
    const buttons = reply.reply_markup?.inline_keyboard.flat() ?? [];
    expect(reply.text).toMatch(/\[1\]/);
    expect(reply.text).toMatch(/\n\[1\] .+ · ¶\d+/);
    expect(buttons.length).toBeGreaterThan(0);
    expect(buttons[0]?.text).toMatch(/^\[1\] ¶\d+$/);
  });

  it('shows the cited paragraph when a citation button is tapped', async () => {
    const client = clientFor(104);
    const answer = await ask(client, '四月份的工作重点是什么？');
    const data = answer.reply_markup?.inline_keyboard[0]?.[0]?.callback_data ?? '';
    const [, meetingNumber, paragraph] = data.split(':').map(Number);
    const meeting = assistant.meetings().find((candidate) => candidate.number === meetingNumber);
    const expected = meeting && assistant.paragraph(meeting.id, paragraph ?? 0);
    await client.sendCallback(client.makeCallbackQuery(data));
    const [shown] = await replies(client);
    expect(expected).toBeDefined();
    expect(shown?.text).toContain(`<blockquote expandable>${escapeHtml(expected?.text ?? '')}</blockquote>`);
    expect(shown?.text).toContain(`¶${paragraph}`);
  });

  it('summarizes meeting 4 on /summary 4', async () => {
    const meeting = assistant.meetings().find((candidate) => candidate.number === 4);
    const reply = await command(clientFor(105), '/summary 4');
    expect(reply.text).toContain(escapeHtml(meeting?.title ?? 'missing meeting 4'));
    expect(reply.reply_markup?.inline_keyboard.flat().length).toBeGreaterThan(0);
  });

  it('ignores a group message without a mention and answers one that mentions the bot', async () => {
    const group = clientFor(-200, 'group');
    await group.sendMessage(group.makeMessage('今天大家辛苦了。'));
    // Telegram marks mentions with an entity; the emulator's makeMessage does not, so add it as Telegram would.
    const mention = { type: 'mention' as const, offset: 0, length: BOT_USERNAME.length + 1 };
    await group.sendMessage(group.makeMessage(`@${BOT_USERNAME} 四月份的工作重点是什么？`, { entities: [mention] }));
    const [reply] = await replies(group);
    await settled(TOKEN, mainBot);
    expect(reply?.text).toMatch(/\[1\]/);
    expect(botMessagesTo(TOKEN, -200)).toHaveLength(1);
  });

  it('refuses a 5,000-character question and states the limit', async () => {
    const reply = await ask(clientFor(106), '问'.repeat(5000));
    expect(reply.text).toBe('问题太长了，请控制在 1000 字以内。');
  });

  it('refuses a user outside the allow list once, then stays silent', async () => {
    const guarded = await startBot(GUARDED_TOKEN, { allowedUsers: [1] });
    const stranger = clientFor(107, 'private', GUARDED_TOKEN);
    const refusal = await ask(stranger, '你好');
    await stranger.sendMessage(stranger.makeMessage('再问一次'));
    await settled(GUARDED_TOKEN, guarded);
    expect(refusal.text).toBe('抱歉，这个机器人仅供授权用户使用。');
    expect(botMessagesTo(GUARDED_TOKEN, 107)).toHaveLength(1);
  });
});

describe('startTelegram', () => {
  it('runs the bot from the Telegram config until its stop signal fires', async () => {
    const stop = new AbortController();
    const telegram = {
      token: STARTED_TOKEN,
      apiRoot: emulator.apiRoot,
      allowedUsers: [],
      allowedChats: [],
      webhookPort: 8080,
      webhookHost: '127.0.0.1',
      rateLimit: { windowMs: 60_000, limit: 10 },
    };
    const stopped = startTelegram({ config: { telegram }, assistant, logger: silentLogger, stopSignal: stop.signal });
    const reply = await command(clientFor(108, 'private', STARTED_TOKEN), '/meetings');
    stop.abort();
    await stopped;
    expect(reply.text).toContain('1. <b>');
  });
});
