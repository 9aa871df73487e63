import { createServer } from 'node:net';
import type { Update } from 'grammy/types';
import type { FakeBotApi } from './fake-bot-api.js';

/** The secret every test replica checks in `X-Telegram-Bot-Api-Secret-Token`. */
export const WEBHOOK_SECRET = 'replica-secret';
/** The one public URL Telegram posts to; a reverse proxy spreads it over the replicas' own ports. */
export const PUBLIC_WEBHOOK_URL = 'https://bot.example.org/telegram';

/** A TCP port on 127.0.0.1 that was free a moment ago, for a replica's webhook server. */
export function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

/** Delivers `update` to a replica the way Telegram does; resolves with the HTTP status once it answered. */
export async function postUpdate(url: string, update: Update): Promise<number> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': WEBHOOK_SECRET },
    body: JSON.stringify(update),
  });
  await response.arrayBuffer();
  return response.status;
}

/** The texts the bots sent to `chatId` through the fake Bot API, oldest first. */
export function sentTexts(telegram: FakeBotApi, chatId: number): string[] {
  return telegram
    .callsTo('sendMessage')
    .filter((payload) => payload.chat_id === chatId)
    .map((payload) => String(payload.text));
}
