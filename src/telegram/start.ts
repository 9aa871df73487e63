/** Entry glue for `npm start`: builds the bot from the Telegram config slice and runs it until asked to stop. */
import type { Assistant } from '../answer/types.js';
import type { Config } from '../config.js';
import type { MeetingLibrary } from '../corpus/library.js';
import { ConfigError } from '../errors.js';
import type { Logger } from '../logger.js';
import { createBot } from './bot.js';
import { runBot } from './run-bot.js';

/** What `startTelegram` needs; only `config.telegram` is read. */
export interface StartTelegramOptions {
  config: Pick<Config, 'telegram'>;
  assistant: Assistant;
  logger: Logger;
  /** Adds and removes meetings for TELEGRAM_ADMINS (the add-meeting feature is off without it). */
  library?: MeetingLibrary;
  /** Stops the bot when aborted; by default the first SIGINT or SIGTERM does. */
  stopSignal?: AbortSignal;
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
 * once answers in progress are sent. Throws ConfigError without a token and whatever getMe/setWebhook throws.
 */
export async function startTelegram({
  config,
  assistant,
  logger,
  library,
  stopSignal,
}: StartTelegramOptions): Promise<void> {
  const settings = config.telegram;
  if (!settings.token) throw new ConfigError(['TELEGRAM_BOT_TOKEN is not set']);
  const bot = createBot({
    token: settings.token,
    assistant,
    logger,
    ...(settings.apiRoot ? { apiRoot: settings.apiRoot } : {}),
    // Admins are served even when an allow list leaves them out.
    allowedUsers:
      settings.allowedUsers.length || settings.allowedChats.length
        ? [...settings.allowedUsers, ...(settings.admins ?? [])]
        : [],
    allowedChats: settings.allowedChats,
    rateLimit: settings.rateLimit,
    ...(library && settings.admins?.length ? { addMeeting: { admins: settings.admins, library } } : {}),
  });
  const webhook =
    settings.webhookUrl && settings.webhookSecret
      ? { url: settings.webhookUrl, secret: settings.webhookSecret, port: settings.webhookPort }
      : undefined;
  const signal = stopSignal ?? abortOnProcessSignals();
  const running = await runBot(bot, { logger, ...(webhook ? { webhook } : {}) });
  if (!signal.aborted) await new Promise((resolve) => signal.addEventListener('abort', resolve, { once: true }));
  logger.info('stopping the Telegram bot; finishing answers in progress');
  await running.stop();
}
