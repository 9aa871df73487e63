/** Builds the real bot (createBot) on a fake assistant with captured API calls, for handleUpdate tests. */
import type { Bot } from 'grammy';
import type { Assistant } from '../../src/answer/types.js';
import { silentLogger } from '../../src/logger.js';
import { type BotOptions, createBot } from '../../src/telegram/bot.js';
import { type Capture, captureApi, TEST_TOKEN } from './telegram-capture.js';
import { createFakeAssistant, type FakeAssistant } from './telegram-fake-assistant.js';

/** A bot under test with its assistant and captured calls. */
export interface TestBot {
  bot: Bot;
  assistant: FakeAssistant;
  capture: Capture;
}

/** Creates the bot with generous rate limits unless `options` say otherwise; `failing` API methods return 400. */
export function setupTestBot(
  options: Partial<Omit<BotOptions, 'assistant'>> & { assistant?: Partial<Assistant> } = {},
  failing: string[] = [],
): TestBot {
  const assistant = createFakeAssistant(options.assistant);
  const bot = createBot({
    token: TEST_TOKEN,
    logger: silentLogger,
    rateLimit: { windowMs: 60_000, limit: 1000 },
    ...options,
    assistant,
  });
  return { bot, assistant, capture: captureApi(bot, failing) };
}
