import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/errors.js';
import type { Logger } from '../../src/logger.js';
import { createBot } from '../../src/telegram/bot.js';
import { backoffDelayMs } from '../../src/telegram/connection.js';
import { type RunningBot, runBot } from '../../src/telegram/run-bot.js';
import { startTelegram } from '../../src/telegram/start.js';
import { type FakeBotApi, startFakeBotApi } from '../helpers/fake-bot-api.js';
import { TEST_TOKEN, textUpdate } from '../helpers/telegram-capture.js';
import { createFakeAssistant } from '../helpers/telegram-fake-assistant.js';

interface LogLine {
  level: 'debug' | 'info' | 'warn' | 'error';
  message: string;
  at: number;
}

function recordingLogger(): Logger & { lines: LogLine[]; count(pattern: RegExp): number } {
  const lines: LogLine[] = [];
  const at = (level: LogLine['level']) => (message: string, fields?: Record<string, unknown>) =>
    void lines.push({ level, message: `${message} ${JSON.stringify(fields ?? {})}`, at: Date.now() });
  return {
    lines,
    count: (pattern) => lines.filter((line) => pattern.test(line.message)).length,
    debug: at('debug'),
    info: at('info'),
    warn: at('warn'),
    error: at('error'),
  };
}

async function waitFor(condition: () => boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

let api: FakeBotApi;
let running: RunningBot | undefined;

beforeEach(async () => {
  api = await startFakeBotApi();
});

afterEach(async () => {
  await running?.stop();
  running = undefined;
  await api.stop();
});

function botOn(logger: Logger) {
  return createBot({
    token: TEST_TOKEN,
    assistant: createFakeAssistant(),
    logger,
    apiRoot: api.apiRoot,
    rateLimit: { windowMs: 60_000, limit: 1000 },
  });
}

describe('backoffDelayMs', () => {
  it('doubles from the first delay and never waits longer than the cap', () => {
    const delays = [0, 1, 2, 3, 10, 100].map((attempt) => backoffDelayMs(attempt, 250, 2000));
    expect(delays).toEqual([250, 500, 1000, 2000, 2000, 2000]);
  });
});

describe('runBot against a misbehaving Bot API', () => {
  it('fails at start with a ConfigError naming the token when getMe answers 401', async () => {
    api.setMode('unauthorized');
    const logger = recordingLogger();
    const error = await runBot(botOn(logger), { logger }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as Error).message).toMatch(/TELEGRAM_BOT_TOKEN was rejected by Telegram \(401/);
    expect(logger.lines.some((line) => line.level === 'error' && /fatal: .*401/.test(line.message))).toBe(true);
  });

  it('stops with a ConfigError when the token is revoked while polling', async () => {
    const logger = recordingLogger();
    running = await runBot(botOn(logger), { logger });
    api.setMode('unauthorized', ['getUpdates']);
    const error = await running.failed.catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ConfigError);
    expect(logger.count(/^fatal: Telegram rejected TELEGRAM_BOT_TOKEN/)).toBe(1);
  });

  it('says once that another instance is polling, keeps retrying, and answers when the conflict ends', async () => {
    const logger = recordingLogger();
    running = await runBot(botOn(logger), { logger });
    api.setMode('conflict', ['getUpdates']);
    await waitFor(() => api.calls.filter((call) => call.mode === 'conflict').length >= 3);
    api.setMode('ok');
    api.pushUpdates(textUpdate('四月份的工作重点是什么？'));
    await waitFor(() => api.callsTo('sendMessage').length === 1);
    expect(running.isRunning()).toBe(true);
    expect(logger.count(/another bot instance is polling/)).toBe(1);
  });

  it('logs a network outage once and its end, and answers within 2.5 s of the Bot API coming back', async () => {
    const logger = recordingLogger();
    running = await runBot(botOn(logger), { logger });
    api.setMode('down');
    api.pushUpdates(textUpdate('四月份的工作重点是什么？'));
    await sleep(4000);
    const recoveredAt = Date.now();
    api.setMode('ok');
    await waitFor(() => api.callsTo('sendMessage').length === 1);
    const sentAt = api.calls.find((call) => call.method === 'sendMessage' && call.mode === 'ok')?.at ?? Infinity;
    expect(sentAt - recoveredAt).toBeLessThan(2500);
    expect(logger.count(/unreachable or failing/)).toBe(1);
    expect(logger.count(/reachable again/)).toBe(1);
  }, 15_000);

  it('retries 5xx answers of getUpdates with capped backoff and answers within 2.5 s of recovery', async () => {
    const logger = recordingLogger();
    running = await runBot(botOn(logger), { logger });
    api.setMode('server-error');
    api.pushUpdates(textUpdate('四月份的工作重点是什么？'));
    await sleep(4000);
    const recoveredAt = Date.now();
    api.setMode('ok');
    await waitFor(() => api.callsTo('sendMessage').length === 1);
    const sentAt = api.calls.find((call) => call.method === 'sendMessage' && call.mode === 'ok')?.at ?? Infinity;
    expect(sentAt - recoveredAt).toBeLessThan(2500);
    expect(logger.count(/unreachable or failing/)).toBe(1);
  }, 15_000);

  it('logs at once when the Bot API is unreachable at start and connects when it comes up', async () => {
    api.setMode('down');
    const logger = recordingLogger();
    const started = runBot(botOn(logger), { logger });
    await waitFor(() => logger.count(/unreachable or failing/) === 1, 1000);
    await sleep(500);
    api.setMode('ok');
    running = await started;
    expect(logger.count(/reachable again/)).toBe(1);
    expect(logger.count(/bot polling for updates/)).toBe(1);
  });

  it('gives up connecting when its stop signal fires during an outage at start', async () => {
    api.setMode('down');
    const stop = new AbortController();
    const logger = recordingLogger();
    const started = runBot(botOn(logger), { logger, signal: stop.signal });
    await waitFor(() => logger.count(/unreachable or failing/) === 1, 1000);
    stop.abort();
    await expect(started).rejects.toThrow();
  });
});

describe('startTelegram during an outage at start', () => {
  it('returns cleanly when its stop signal fires before the Bot API is reached', async () => {
    api.setMode('down');
    const logger = recordingLogger();
    const stop = new AbortController();
    const telegram = {
      token: TEST_TOKEN,
      apiRoot: api.apiRoot,
      allowedUsers: [],
      allowedChats: [],
      webhookPort: 8080,
      webhookHost: '127.0.0.1',
      rateLimit: { windowMs: 60_000, limit: 10 },
    };
    const stopped = startTelegram({
      config: { telegram },
      assistant: createFakeAssistant(),
      logger,
      stopSignal: stop.signal,
    });
    await waitFor(() => logger.count(/unreachable or failing/) === 1, 2000);
    stop.abort();
    await expect(stopped).resolves.toBeUndefined();
    expect(logger.count(/stopped before the Telegram Bot API could be reached/)).toBe(1);
  });
});

describe('startTelegram with a revoked token', () => {
  it('rejects with the token ConfigError instead of crashing on an uncaught GrammyError', async () => {
    const logger = recordingLogger();
    const telegram = {
      token: TEST_TOKEN,
      apiRoot: api.apiRoot,
      allowedUsers: [],
      allowedChats: [],
      webhookPort: 8080,
      webhookHost: '127.0.0.1',
      rateLimit: { windowMs: 60_000, limit: 10 },
    };
    const stop = new AbortController();
    const stopped = startTelegram({
      config: { telegram },
      assistant: createFakeAssistant(),
      logger,
      stopSignal: stop.signal,
    });
    await waitFor(() => logger.count(/bot polling for updates/) === 1);
    api.setMode('unauthorized');
    await expect(stopped).rejects.toBeInstanceOf(ConfigError);
    stop.abort();
  });
});
