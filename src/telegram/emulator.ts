/**
 * Lifecycle of the telegram-test-api Bot API emulator on 127.0.0.1, shared by the tests and the load benchmark.
 * telegram-test-api is a devDependency, so it is imported dynamically here and never loaded by the production bot.
 */
import { createServer } from 'node:net';
import type { Transformer } from 'grammy';
import type TelegramServerModule from 'telegram-test-api';

/** The emulator's server class (CommonJS default export). */
export type TelegramServer = InstanceType<typeof TelegramServerModule.default>;
/** A fake Telegram user/chat that sends messages and reads the bot's replies. */
export type TelegramClient = ReturnType<TelegramServer['getClient']>;

/** A running emulator: its Bot API root (pass as `apiRoot`) and a way to stop it. */
export interface Emulator {
  apiRoot: string;
  server: TelegramServer;
  stop(): Promise<void>;
}

async function findFreePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      probe.close(() => resolve(port));
    });
  });
}

/** Starts the emulator on a free port of 127.0.0.1; unread messages are kept `storeTimeoutSec` (default 60). */
export async function startEmulator(options: { storeTimeoutSec?: number } = {}): Promise<Emulator> {
  // At runtime the CommonJS module.exports (the class) is the ESM default export.
  const { default: TelegramServerClass } = (await import('telegram-test-api')) as unknown as {
    default: typeof TelegramServerModule.default;
  };
  const port = await findFreePort();
  const server = new TelegramServerClass({ port, host: '127.0.0.1', storeTimeout: options.storeTimeoutSec ?? 60 });
  await server.start();
  return { apiRoot: server.config.apiURL, server, stop: async () => void (await server.stop()) };
}

type ApiSignal = Parameters<Transformer>[3];

function pause(ms: number, signal: ApiSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(new Error('getUpdates aborted'));
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(new Error('getUpdates aborted'));
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/**
 * API transformer emulating long polling: the emulator answers getUpdates at once, so this re-asks every
 * `intervalMs` (default 20) until updates arrive, the requested `timeout` passes, or the call is aborted.
 */
export function emulateLongPolling(intervalMs = 20): Transformer {
  return async (prev, method, payload, signal) => {
    if (method !== 'getUpdates') return prev(method, payload, signal);
    const timeoutSec = (payload as { timeout?: number } | undefined)?.timeout ?? 0;
    const deadline = Date.now() + timeoutSec * 1000;
    for (;;) {
      const response = await prev(method, payload, signal);
      const hasUpdates = response.ok && Array.isArray(response.result) && response.result.length > 0;
      if (!response.ok || hasUpdates || Date.now() >= deadline) return response;
      await pause(intervalMs, signal);
    }
  };
}
