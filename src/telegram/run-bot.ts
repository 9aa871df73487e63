/** Starts a bot: long polling through @grammyjs/runner (default) or a webhook on node:http, plus auto-retry. */
import { createServer, type Server } from 'node:http';
import { autoRetry } from '@grammyjs/auto-retry';
import { run } from '@grammyjs/runner';
import { type Bot, BotError, webhookCallback } from 'grammy';
import { type Logger, silentLogger } from '../logger.js';
import { registerCommands } from './commands-menu.js';
import { createRedactingLogger } from './redacting-logger.js';

/** Webhook settings: the public URL Telegram posts to, the secret it must send, and the local port. */
export interface WebhookOptions {
  url: string;
  secret: string;
  port: number;
  /** Interface to listen on (default all). */
  host?: string;
}

/** Options of `runBot`. */
export interface RunBotOptions {
  logger?: Logger;
  /** Receive updates by webhook instead of long polling. */
  webhook?: WebhookOptions;
  /** How long `stop()` waits for answers in progress (default 30 s). */
  drainTimeoutMs?: number;
}

/** A running bot. */
export interface RunningBot {
  /** Stops receiving updates and resolves once answers in progress are sent (or the drain timeout passed). */
  stop(): Promise<void>;
  isRunning(): boolean;
  /** Updates being handled right now. */
  inFlight(): number;
}

const UPDATE_TYPES = ['message', 'callback_query'] as const;
/** Telegram gives up on a webhook call after about a minute; answer it before that and finish in the background. */
const WEBHOOK_TIMEOUT_MS = 50_000;

async function waitUntil(isDone: () => boolean, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (!isDone()) {
    if (Date.now() >= deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return true;
}

function startPolling(bot: Bot, logger: Logger, drainTimeoutMs: number): RunningBot {
  const handle = run(bot, { runner: { fetch: { allowed_updates: UPDATE_TYPES }, silent: true } });
  return {
    async stop() {
      if (handle.isRunning()) await handle.stop();
      if (!(await waitUntil(() => handle.size() === 0, drainTimeoutMs))) {
        logger.warn('stopped with answers still in progress', { inFlight: handle.size() });
      }
    },
    isRunning: () => handle.isRunning(),
    inFlight: () => handle.size(),
  };
}

async function startWebhook(bot: Bot, webhook: WebhookOptions, logger: Logger, drainTimeoutMs: number) {
  const callback = webhookCallback(bot, 'http', {
    secretToken: webhook.secret,
    onTimeout: 'return',
    timeoutMilliseconds: WEBHOOK_TIMEOUT_MS,
  });
  const path = new URL(webhook.url).pathname;
  let inFlight = 0;
  const server: Server = createServer((req, res) => {
    if (req.method !== 'POST' || req.url !== path) {
      res.writeHead(404).end();
      return;
    }
    inFlight++;
    callback(req, res)
      .catch(async (error: unknown) => {
        if (error instanceof BotError) await bot.errorHandler(error);
        else logger.error('webhook request failed', { error });
        if (!res.writableEnded) res.end();
      })
      .finally(() => inFlight--);
  });
  await new Promise<void>((resolve) => server.listen(webhook.port, webhook.host, resolve));
  await bot.api.setWebhook(webhook.url, { secret_token: webhook.secret, allowed_updates: UPDATE_TYPES });
  let running = true;
  return {
    async stop() {
      running = false;
      const closed = new Promise((resolve) => server.close(resolve));
      await waitUntil(() => inFlight === 0, drainTimeoutMs);
      server.closeAllConnections();
      await closed;
    },
    isRunning: () => running,
    inFlight: () => inFlight,
  };
}

/**
 * Starts the bot (long polling by default, webhook when `webhook` is given), installs auto-retry for 429/5xx
 * and registers the command menu in the background; call once per bot. Throws if getMe or setWebhook fails.
 */
export async function runBot(bot: Bot, options: RunBotOptions = {}): Promise<RunningBot> {
  const logger = createRedactingLogger(options.logger ?? silentLogger, [bot.token]);
  const drainTimeoutMs = options.drainTimeoutMs ?? 30_000;
  bot.api.config.use(autoRetry({ maxRetryAttempts: 3, maxDelaySeconds: 60 }));
  await bot.init();
  void registerCommands(bot.api, logger);
  if (options.webhook) {
    const running = await startWebhook(bot, options.webhook, logger, drainTimeoutMs);
    logger.info('bot listening for webhooks', { username: bot.botInfo.username, port: options.webhook.port });
    return running;
  }
  bot.api.config.use(async (prev, method, payload, signal) => {
    try {
      return await prev(method, payload, signal);
    } catch (error) {
      if (method === 'getUpdates' && !signal?.aborted) logger.warn('getUpdates failed; the runner retries', { error });
      throw error;
    }
  });
  await bot.api.deleteWebhook().catch((error: unknown) => logger.warn('deleteWebhook failed', { error }));
  logger.info('bot polling for updates', { username: bot.botInfo.username });
  return startPolling(bot, logger, drainTimeoutMs);
}
