/** A real grammY Bot for handler tests: updates go in through handleUpdate, outgoing API calls are captured. */
import { type Bot, BotError } from 'grammy';
import type { Message, Update, UserFromGetMe } from 'grammy/types';

/** One Bot API call the bot made. */
export interface CapturedCall {
  method: string;
  payload: Record<string, unknown>;
}

/** What getMe would return for the test bot (username meeting_test_bot). */
export const TEST_BOT_INFO: UserFromGetMe = {
  id: 777,
  is_bot: true,
  first_name: 'Meeting Bot',
  username: 'meeting_test_bot',
  can_join_groups: true,
  can_read_all_group_messages: false,
  supports_inline_queries: false,
  can_connect_to_business: false,
  has_main_web_app: false,
  has_topics_enabled: false,
  allows_users_to_create_topics: false,
  can_manage_bots: false,
  supports_join_request_queries: false,
};

/** Captured calls plus helpers to read what the user saw. */
export interface Capture {
  calls: CapturedCall[];
  /** Texts of every sendMessage, in order. */
  sentTexts(): string[];
  /** Payloads of every call to `method`. */
  callsTo(method: string): Record<string, unknown>[];
  /** Queue updates to be returned by getUpdates (for runBot tests). */
  pushUpdates(...updates: Update[]): void;
}

/**
 * Installs a transformer on `bot` answering every API call locally (methods in `failing` fail with 400) and
 * sets `bot.botInfo`; getUpdates serves queued updates.
 */
export function captureApi(bot: Bot, failing: string[] = []): Capture {
  const calls: CapturedCall[] = [];
  const queue: Update[] = [];
  let messageId = 1000;
  bot.botInfo = TEST_BOT_INFO;
  bot.api.config.use(async (_prev, method, payload) => {
    const body = (payload ?? {}) as Record<string, unknown>;
    if (method === 'getUpdates') {
      if (queue.length === 0) await new Promise((resolve) => setTimeout(resolve, 5));
      return { ok: true, result: queue.splice(0) } as never;
    }
    calls.push({ method, payload: body });
    if (failing.includes(method)) {
      return { ok: false, error_code: 400, description: `Bad Request: ${method} fails in this test` } as never;
    }
    if (method === 'getMe') return { ok: true, result: TEST_BOT_INFO } as never;
    if (method === 'sendMessage') {
      const message = {
        message_id: ++messageId,
        date: 0,
        chat: { id: Number(body.chat_id), type: 'private', first_name: 'Test' },
        text: String(body.text),
      } as Message.TextMessage;
      return { ok: true, result: message } as never;
    }
    return { ok: true, result: true } as never;
  });
  const callsTo = (method: string) => calls.filter((call) => call.method === method).map((call) => call.payload);
  return {
    calls,
    callsTo,
    sentTexts: () => callsTo('sendMessage').map((payload) => String(payload.text)),
    pushUpdates: (...updates) => queue.push(...updates),
  };
}

/** Handles one update like the runner does: middleware errors go to the bot's error boundary. */
export async function deliver(bot: Bot, update: Update): Promise<void> {
  try {
    await bot.handleUpdate(update);
  } catch (error) {
    if (error instanceof BotError) await bot.errorHandler(error);
    else throw error;
  }
}

let updateId = 1;

/** Who sends a test update and where. */
export interface Sender {
  chatId?: number;
  userId?: number;
  chatType?: 'private' | 'group' | 'supergroup';
  languageCode?: string;
  /** Make the message a reply to a message of the bot. */
  replyToBot?: boolean;
}

function chatAndUser({ chatId = 42, userId = 42, chatType = 'private', languageCode = 'zh-hans' }: Sender) {
  const from = { id: userId, is_bot: false, first_name: 'Tester', language_code: languageCode };
  const chat =
    chatType === 'private'
      ? { id: chatId, type: 'private' as const, first_name: 'Tester' }
      : { id: chatId, type: chatType, title: 'Test group' };
  return { from, chat };
}

/** A text message update; `/commands` and `@mentions` get their entities like Telegram sets them. */
export function textUpdate(text: string, sender: Sender = {}): Update {
  const { from, chat } = chatAndUser(sender);
  const entities: Message['entities'] = [];
  const command = /^\/\S+/.exec(text);
  if (command) entities.push({ type: 'bot_command', offset: 0, length: command[0].length });
  for (const mention of text.matchAll(/@[A-Za-z0-9_]{3,}/g)) {
    if (mention.index !== 0 || !command)
      entities.push({ type: 'mention', offset: mention.index, length: mention[0].length });
  }
  const replyTo = sender.replyToBot
    ? { message_id: 1, date: 0, chat, from: TEST_BOT_INFO, text: 'earlier answer' }
    : undefined;
  const message = {
    message_id: updateId,
    date: 0,
    chat,
    from,
    text,
    ...(entities.length > 0 ? { entities } : {}),
    ...(replyTo ? { reply_to_message: replyTo } : {}),
  };
  return { update_id: updateId++, message } as Update;
}

/** A photo message update (no text). */
export function photoUpdate(sender: Sender = {}): Update {
  const { from, chat } = chatAndUser(sender);
  const photo = [{ file_id: 'photo', file_unique_id: 'photo', width: 1, height: 1 }];
  return { update_id: updateId++, message: { message_id: updateId, date: 0, chat, from, photo } } as Update;
}

/** A callback query update as sent when a user taps an inline button under message `messageId`. */
export function callbackUpdate(data: string, sender: Sender = {}, messageId = 1): Update {
  const { from, chat } = chatAndUser(sender);
  const message = { message_id: messageId, date: 0, chat, from: TEST_BOT_INFO, text: 'answer' };
  return {
    update_id: updateId++,
    callback_query: { id: String(updateId), from, chat_instance: '1', data, message },
  } as Update;
}

/** A syntactically valid, fake bot token. */
export const TEST_TOKEN = '123456789:AAFakeTokenForTestsOnly_abcdefghijk';
