/** Load check for the benchmark: many chats ask the real bot at once through the local Telegram emulator. */
import { performance } from 'node:perf_hooks';
import type { Assistant } from '../answer/types.js';
import { type Logger, silentLogger } from '../logger.js';
import { createBot } from './bot.js';
import { emulateLongPolling, startEmulator } from './emulator.js';
import { runBot } from './run-bot.js';

/** Options of `runTelegramLoad`. */
export interface TelegramLoadOptions {
  assistant: Assistant;
  /** Chats asking at the same time (default 20); chat i asks `questions[i % questions.length]`. */
  chats?: number;
  questions: string[];
  /** A chat without a reply after this long counts as lost (default 60 s). */
  timeoutMs?: number;
  logger?: Logger;
}

/** Outcome of a load run; reply times are from sending a question to receiving the bot's first message. */
export interface TelegramLoadResult {
  sent: number;
  answered: number;
  lost: number;
  p50Ms: number;
  p95Ms: number;
}

const LOAD_TOKEN = '424242:LoadTestTokenForTheEmulatorOnly_abcd';
const FIRST_CHAT_ID = 10_000;

/** Nearest-rank percentile of `values` (0 when empty). */
function percentile(values: number[], p: number): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? 0;
}

/**
 * Starts the emulator on 127.0.0.1 and a real bot (runner polling) on `assistant`, lets `chats` chats ask at once,
 * and measures reply times; the rate limit is lifted. Throws when `questions` is empty.
 */
export async function runTelegramLoad(options: TelegramLoadOptions): Promise<TelegramLoadResult> {
  const { assistant, chats = 20, questions, timeoutMs = 60_000, logger = silentLogger } = options;
  if (questions.length === 0) throw new Error('runTelegramLoad needs at least one question');
  const emulator = await startEmulator();
  const bot = createBot({
    token: LOAD_TOKEN,
    assistant,
    logger,
    apiRoot: emulator.apiRoot,
    rateLimit: { windowMs: 60_000, limit: Number.MAX_SAFE_INTEGER },
  });
  bot.api.config.use(emulateLongPolling(5));
  const running = await runBot(bot, { logger });
  try {
    const timings = await Promise.all(
      Array.from({ length: chats }, async (_, i) => {
        const chatId = FIRST_CHAT_ID + i;
        const client = emulator.server.getClient(LOAD_TOKEN, {
          chatId,
          userId: chatId,
          timeout: timeoutMs,
          interval: 5,
        });
        const question = questions[i % questions.length] ?? '';
        const startedMs = performance.now();
        await client.sendMessage(client.makeMessage(question));
        try {
          await client.getUpdates();
          return performance.now() - startedMs;
        } catch {
          return undefined;
        }
      }),
    );
    const answered = timings.filter((ms): ms is number => ms !== undefined);
    return {
      sent: chats,
      answered: answered.length,
      lost: chats - answered.length,
      p50Ms: Math.round(percentile(answered, 50)),
      p95Ms: Math.round(percentile(answered, 95)),
    };
  } finally {
    await running.stop();
    await emulator.stop();
  }
}
