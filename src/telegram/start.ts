/** Entry glue for `npm start`: builds the bot from the Telegram config slice and runs it until asked to stop. */
import type { Assistant } from '../answer/types.js';
import type { Config } from '../config.js';
import type { MeetingLibrary } from '../corpus/library.js';
import { ConfigError } from '../errors.js';
import type { Logger } from '../logger.js';
import type { ChatModel } from '../providers/types.js';
import type { StateStore } from '../state/types.js';
import { createBot } from './bot.js';
import { runBot } from './run-bot.js';

/** What `startTelegram` needs; only `config.telegram` is read. */
export interface StartTelegramOptions {
  config: Pick<Config, 'telegram'>;
  assistant: Assistant;
  logger: Logger;
  /** LLM for phrasing /tasks items (optional). */
  chat?: ChatModel;
  /** Adds and removes meetings for TELEGRAM_ADMINS (the add-meeting feature is off without it). */
  library?: MeetingLibrary;
  /** Stops the bot when aborted; by default the first SIGINT or SIGTERM does. */
  stopSignal?: AbortSignal;
  /** Show LLM answers live while they stream (LLM mode with LLM_STREAM=true). */
  streaming?: boolean;
  /** Chat history, rate limits and (webhook replicas) update claims; default: this process's memory. */
  state?: StateStore;
}

function abortOnProcessSignals(): AbortSignal {
  const controller = new AbortController();
  const abort = () => controller.abort();
  process.once('SIGINT', abort);
  process.once('SIGTERM', abort);
  controller.signal.addEventListener('abort', () => {
    process.off('SIGINT', abort);
    process.off('SIGTERM', abort);
  });
  return controller.signal;
}

/**
 * Runs the bot (webhook when `webhookUrl` is set, long polling otherwise) and resolves after a graceful stop,
 * once answers in progress are sent. Throws ConfigError without a token or when Telegram rejects it (401, at start
 * or while polling), and whatever else getMe/setWebhook throws.
 */
export async function startTelegram({
  config,
  assistant,
  logger,
  chat,
  library,
  stopSignal,
  streaming = false,
  state,
}: StartTelegramOptions): Promise<void> {
  const settings = config.telegram;
  if (!settings.token) throw new ConfigError(['TELEGRAM_BOT_TOKEN is not set']);
  const webhook =
    settings.webhookUrl && settings.webhookSecret
      ? {
          url: settings.webhookUrl,
          secret: settings.webhookSecret,
          port: settings.webhookPort,
          host: settings.webhookHost,
          ...(state?.webhook ? { registry: state.webhook } : {}),
        }
      : undefined;
  const bot = createBot({
    token: settings.token,
    assistant,
    logger,
    ...(chat ? { chat } : {}),
    ...(settings.apiRoot ? { apiRoot: settings.apiRoot } : {}),
    // Admins are served even when an allow list leaves them out.
    allowedUsers:
      settings.allowedUsers.length || settings.allowedChats.length
        ? [...settings.allowedUsers, ...(settings.admins ?? [])]
        : [],
    allowedChats: settings.allowedChats,
    rateLimit: settings.rateLimit,
    streaming,
    ...(library && settings.admins?.length ? { addMeeting: { admins: settings.admins, library } } : {}),
    // Webhook replicas may each receive an update (Telegram redelivers when one dies): claims answer it once.
    ...(state ? { state, claimUpdates: webhook !== undefined } : {}),
  });
  const signal = stopSignal ?? abortOnProcessSignals();
  let running: Awaited<ReturnType<typeof runBot>>;
  try {
    running = await runBot(bot, { logger, signal, ...(webhook ? { webhook } : {}) });
  } catch (error) {
    // Stopped (SIGINT/SIGTERM) while still trying to reach the Bot API: a clean exit, not a failure.
    if (!signal.aborted) throw error;
    logger.info('stopped before the Telegram Bot API could be reached');
    return;
  }
  if (signal.aborted) return running.stop();
  const stopped = new Promise<void>((resolve) => signal.addEventListener('abort', () => resolve(), { once: true }));
  try {
    await Promise.race([stopped, running.failed]);
  } catch (error) {
    await running.stop();
    throw error;
  }
  logger.info('stopping the Telegram bot; finishing answers in progress');
  await running.stop();
}
