/** Starts a bot: long polling through @grammyjs/runner (default) or a webhook on node:http, plus retries. */
import { createHash } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import { autoRetry } from '@grammyjs/auto-retry';
import { run } from '@grammyjs/runner';
import { type Bot, BotError, GrammyError, webhookCallback } from 'grammy';
import { ConfigError } from '../errors.js';
import { type Logger, silentLogger } from '../logger.js';
import type { WebhookRegistry } from '../state/types.js';
import { registerCommands } from './commands-menu.js';
import { createConnectionGuard, DEFAULT_RETRY_POLICY, type RetryPolicy } from './connection.js';
import { createRedactingLogger } from './redacting-logger.js';

/** Webhook settings: the public URL Telegram posts to, the secret it must send, and the local port. */
export interface WebhookOptions {
  url: string;
  secret: string;
  port: number;
  /** Interface to listen on (default 127.0.0.1: run behind a reverse proxy). */
  host?: string;
  /** Shared by replicas, so only one of them calls setWebhook (default: this process calls it). */
  registry?: WebhookRegistry;
}

/** Options of `runBot`. */
export interface RunBotOptions {
  logger?: Logger;
  /** Receive updates by webhook instead of long polling. */
  webhook?: WebhookOptions;
  /** How long `stop()` waits for answers in progress (default 30 s). */
  drainTimeoutMs?: number;
  /** Backoff for outages and conflicts (default DEFAULT_RETRY_POLICY). */
  retry?: Partial<RetryPolicy>;
  /** Gives up connecting when aborted (startup retries an unreachable Bot API until then). */
  signal?: AbortSignal;
}

/** A running bot. */
export interface RunningBot {
  /** Stops receiving updates and resolves once answers in progress are sent (or the drain timeout passed). */
  stop(): Promise<void>;
  isRunning(): boolean;
  /** Updates being handled right now. */
  inFlight(): number;
  /** Settles when the bot stops on its own: rejects with ConfigError when Telegram rejects the token (401). */
  failed: Promise<never>;
}

/** The fatal error for a 401 from the Bot API: the token is wrong or was revoked. */
function tokenRejected(error: GrammyError): ConfigError {
  return new ConfigError([
    `TELEGRAM_BOT_TOKEN was rejected by Telegram (${error.error_code} ${error.description}): the token is wrong or was revoked; get a new one from @BotFather`,
  ]);
}

const isUnauthorized = (error: unknown): error is GrammyError =>
  error instanceof GrammyError && error.error_code === 401;

/** Logs the fatal line for a 401 and returns the ConfigError to throw; other errors are returned unchanged. */
function fatalFor(error: unknown, logger: Logger): unknown {
  if (!isUnauthorized(error)) return error;
  const fatal = tokenRejected(error);
  logger.error('fatal: Telegram rejected TELEGRAM_BOT_TOKEN (401 Unauthorized); stopping', {
    detail: error.description,
  });
  return fatal;
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
  // The runner rethrows only what the connection guard lets through: a 401, or something unexpected.
  const failed = (handle.task() ?? Promise.resolve()).then(
    () => new Promise<never>(() => {}),
    (error: unknown) => {
      const fatal = fatalFor(error, logger);
      if (fatal === error) logger.error('fatal: polling for updates stopped', { error });
      throw fatal;
    },
  );
  failed.catch(() => undefined);
  return {
    failed,
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

/**
 * Calls setWebhook, once across replicas when a registry is given: it is skipped when another replica registered the
 * same URL, secret and update types and the Bot API still reports that URL.
 */
async function registerWebhook(bot: Bot, webhook: WebhookOptions, logger: Logger): Promise<void> {
  const register = () =>
    bot.api.setWebhook(webhook.url, { secret_token: webhook.secret, allowed_updates: UPDATE_TYPES }).then(() => {});
  if (!webhook.registry) return register();
  const fingerprint = createHash('sha256')
    .update(JSON.stringify([webhook.url, webhook.secret, UPDATE_TYPES]))
    .digest('hex');
  const isCurrent = async () => (await bot.api.getWebhookInfo()).url === webhook.url;
  const registered = await webhook.registry.registerOnce(fingerprint, { isCurrent, register });
  logger.info(registered ? 'webhook registered with Telegram' : 'webhook already registered by a replica');
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
  await new Promise<void>((resolve) => server.listen(webhook.port, webhook.host ?? '127.0.0.1', resolve));
  await registerWebhook(bot, webhook, logger);
  let running = true;
  return {
    failed: new Promise<never>(() => {}),
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
 * Starts the bot (long polling by default, webhook when `webhook` is given): auto-retry waits out 429s, the
 * connection guard retries outages and conflicts with capped backoff (logged once, recovery logged), and the command
 * menu is registered in the background; call once per bot. Throws ConfigError when Telegram rejects the token (401).
 */
export async function runBot(bot: Bot, options: RunBotOptions = {}): Promise<RunningBot> {
  const logger = createRedactingLogger(options.logger ?? silentLogger, [bot.token]);
  const drainTimeoutMs = options.drainTimeoutMs ?? 30_000;
  // grammY types signals with the abort-controller shim; at runtime Node's AbortSignal is what it uses.
  const signal = options.signal as Parameters<Bot['init']>[0];
  // Transformers installed later wrap earlier ones: the guard sees what auto-retry could not fix.
  bot.api.config.use(
    autoRetry({ maxRetryAttempts: 3, maxDelaySeconds: 60, rethrowHttpErrors: true, rethrowInternalServerErrors: true }),
  );
  bot.api.config.use(createConnectionGuard(logger, { ...DEFAULT_RETRY_POLICY, ...options.retry }));
  logger.info('connecting to the Telegram Bot API');
  try {
    await bot.init(signal);
    void registerCommands(bot.api, logger);
    if (options.webhook) {
      const running = await startWebhook(bot, options.webhook, logger, drainTimeoutMs);
      logger.info('bot listening for webhooks', {
        username: bot.botInfo.username,
        host: options.webhook.host ?? '127.0.0.1',
        port: options.webhook.port,
      });
      return running;
    }
    await bot.api.deleteWebhook(undefined, signal);
  } catch (error) {
    throw fatalFor(error, logger);
  }
  logger.info('bot polling for updates', { username: bot.botInfo.username });
  return startPolling(bot, logger, drainTimeoutMs);
}
