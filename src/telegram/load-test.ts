/** Load check for the benchmark: many chats ask the real bot at once through the local Telegram emulator. */
import { Worker } from 'node:worker_threads';
import type { Assistant } from '../answer/types.js';
import { type Logger, silentLogger } from '../logger.js';
import { createBot } from './bot.js';
import { emulateLongPolling } from './emulator.js';
import type { AskRequest, LoadClientsMessage } from './load-clients.js';
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

/**
 * Outcome of a load run. A reply time runs from a user's client sending its question until that client has read
 * the bot's first message back through the emulator's getUpdates.
 */
export interface TelegramLoadResult {
  sent: number;
  answered: number;
  lost: number;
  p50Ms: number;
  p95Ms: number;
  /**
   * CPU time this process (bot, emulator and users together) spent from the questions going out until the last
   * reply was read, in ms: unlike reply times, it barely depends on how busy a shared machine is.
   */
  cpuMs: number;
}

const LOAD_TOKEN = '424242:LoadTestTokenForTheEmulatorOnly_abcd';
const FIRST_CHAT_ID = 10_000;
/** How often the bot re-asks the emulator for updates (it has no long polling). */
const BOT_POLL_INTERVAL_MS = 5;

/** Nearest-rank percentile of `values` (0 when empty). */
function percentile(values: number[], p: number): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? 0;
}

/** The emulator and its users in a worker thread (see load-clients.ts), and a way to talk to it. */
interface ClientsWorker {
  next<T extends LoadClientsMessage['type']>(type: T): Promise<Extract<LoadClientsMessage, { type: T }>>;
  send(message: AskRequest | { type: 'stop' }): void;
  terminate(): Promise<number>;
}

/**
 * Starts load-clients.ts in a worker. Workers do not inherit tsx's loader, so a two-line bootstrap registers it first,
 * as `tsx src/cli.ts` does for the main thread.
 */
function startClientsWorker(): ClientsWorker {
  const tsxApi = import.meta.resolve('tsx/esm/api');
  const entry = new URL(`./load-clients.${import.meta.url.endsWith('.ts') ? 'ts' : 'js'}`, import.meta.url).href;
  const bootstrap = `import(${JSON.stringify(tsxApi)}).then(({ register }) => { register(); return import(${JSON.stringify(entry)}); });`;
  const worker = new Worker(bootstrap, { eval: true });
  const failed = new Promise<never>((_, reject) => {
    worker.once('error', reject);
    worker.once('exit', (code) => reject(new Error(`the load clients' worker exited early (code ${code})`)));
  });
  failed.catch(() => undefined);
  const next = <T extends LoadClientsMessage['type']>(type: T) => {
    type Wanted = Extract<LoadClientsMessage, { type: T }>;
    const arrived = new Promise<Wanted>((resolve) => {
      const onMessage = (message: LoadClientsMessage) => {
        if (message.type !== type) return;
        worker.off('message', onMessage);
        resolve(message as Wanted);
      };
      worker.on('message', onMessage);
    });
    return Promise.race([arrived, failed]);
  };
  return {
    next,
    send: (message) => worker.postMessage(message),
    terminate: () => worker.terminate(),
  };
}

/**
 * Starts the emulator with `chats` users in a worker thread and a real bot (runner polling) on `assistant` here,
 * lets every chat ask at once, and measures reply times on the users' side; the rate limit is lifted.
 * Throws when `questions` is empty or the worker fails.
 */
export async function runTelegramLoad(options: TelegramLoadOptions): Promise<TelegramLoadResult> {
  const { assistant, chats = 20, questions, timeoutMs = 60_000, logger = silentLogger } = options;
  if (questions.length === 0) throw new Error('runTelegramLoad needs at least one question');
  const clients = startClientsWorker();
  try {
    const { apiRoot } = await clients.next('ready');
    const bot = createBot({
      token: LOAD_TOKEN,
      assistant,
      logger,
      apiRoot,
      rateLimit: { windowMs: 60_000, limit: Number.MAX_SAFE_INTEGER },
    });
    bot.api.config.use(emulateLongPolling(BOT_POLL_INTERVAL_MS));
    const running = await runBot(bot, { logger });
    let timings: (number | null)[];
    let cpuMs = 0;
    try {
      const done = clients.next('timings');
      const cpuBefore = process.cpuUsage();
      clients.send({ type: 'ask', token: LOAD_TOKEN, chats, firstChatId: FIRST_CHAT_ID, questions, timeoutMs });
      ({ timings } = await done);
      const cpu = process.cpuUsage(cpuBefore);
      cpuMs = Math.round((cpu.user + cpu.system) / 1000);
    } finally {
      await running.stop();
    }
    const stopped = clients.next('stopped');
    clients.send({ type: 'stop' });
    await stopped;
    const answered = timings.filter((ms): ms is number => ms !== null);
    return {
      sent: chats,
      answered: answered.length,
      lost: chats - answered.length,
      p50Ms: Math.round(percentile(answered, 50)),
      p95Ms: Math.round(percentile(answered, 95)),
      cpuMs,
    };
  } finally {
    await clients.terminate();
  }
}
