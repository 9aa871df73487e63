/** The Telegram composition root: one grammY Bot wired with guards, features and the error boundary. */
import { sequentialize } from '@grammyjs/runner';
import { Bot, type Context } from 'grammy';
import type { Assistant } from '../answer/types.js';
import { MAX_QUESTION_CHARS } from '../assistant.js';
import type { Logger } from '../logger.js';
import { createAccessGuard } from './access.js';
import { onlyWhenAddressed } from './addressing.js';
import { createChatHistory } from './chat-history.js';
import { createCommands } from './commands.js';
import { createErrorBoundary } from './error-boundary.js';
import { type AddMeetingDeps, createAddMeetingFeature, createFileDownloader } from './features/add-meeting.js';
import { createQuestionsFeature } from './questions.js';
import { createRateLimit, type RateLimit } from './rate-limit.js';
import { createRedactingLogger } from './redacting-logger.js';
import { createSourcesFeature } from './sources.js';
import { createSummaryFeature } from './summary.js';

/** Everything `createBot` needs; only `token`, `assistant` and `logger` are required. */
export interface BotOptions {
  token: string;
  assistant: Assistant;
  logger: Logger;
  /** Bot API root, e.g. the local emulator (default: Telegram's). */
  apiRoot?: string;
  /** When either list is set, only these users / chats are served. */
  allowedUsers?: number[];
  allowedChats?: number[];
  /** Per-user message limit (default 10 per minute). */
  rateLimit?: RateLimit;
  /** Exchanges remembered per chat for follow-ups (default 3). */
  historySize?: number;
  /** How long remembered exchanges stay relevant (default 30 minutes). */
  historyTtlMs?: number;
  /** Longest accepted question in characters (default 1000). */
  maxQuestionChars?: number;
  /** Admins and the meeting library: enables adding meetings by document or /add, and /remove. */
  addMeeting?: Pick<AddMeetingDeps, 'admins' | 'library'>;
}

/** Per-chat key for sequential processing; updates without a chat run concurrently. */
const chatKey = (ctx: Context): string | undefined => ctx.chat?.id.toString();

/** Creates the bot (not started: see `runBot`); warns when no allow list is set. The token is redacted from logs. */
export function createBot(options: BotOptions): Bot {
  const { token, assistant, allowedUsers, allowedChats } = options;
  const logger = createRedactingLogger(options.logger, [token]);
  const bot = new Bot(token, options.apiRoot ? { client: { apiRoot: options.apiRoot } } : {});
  if (!allowedUsers?.length && !allowedChats?.length) {
    logger.warn('no TELEGRAM allow list set: the bot answers everyone who finds it');
  }
  const history = createChatHistory({ size: options.historySize, ttlMs: options.historyTtlMs });

  // Order matters: sequence per chat, drop group chatter, then refuse strangers before counting their messages.
  bot.use(sequentialize(chatKey));
  bot.use(onlyWhenAddressed());
  bot.use(createAccessGuard({ allowedUsers, allowedChats, logger }));
  bot.use(createRateLimit(options.rateLimit));
  bot.use(createCommands({ assistant, history }));
  if (options.addMeeting) {
    const download = createFileDownloader(token, options.apiRoot);
    bot.use(createAddMeetingFeature({ ...options.addMeeting, assistant, logger, download }));
  }
  bot.use(createSummaryFeature({ assistant, history, logger }));
  bot.use(createSourcesFeature({ assistant, history, logger }));
  bot.use(
    createQuestionsFeature({
      assistant,
      history,
      logger,
      maxQuestionChars: options.maxQuestionChars ?? MAX_QUESTION_CHARS,
    }),
  );
  bot.catch(createErrorBoundary(logger));
  return bot;
}
