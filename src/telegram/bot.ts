/** The Telegram composition root: one grammY Bot wired with guards, features and the error boundary. */
import { sequentialize } from '@grammyjs/runner';
import { Bot, type Context } from 'grammy';
import { MAX_QUESTION_CHARS } from '../answer/question-length.js';
import type { Assistant } from '../answer/types.js';
import type { Logger } from '../logger.js';
import type { ChatModel } from '../providers/types.js';
import { createMemoryChatHistory } from '../state/memory.js';
import type { StateStore } from '../state/types.js';
import { createAccessGuard } from './access.js';
import { onlyWhenAddressed } from './addressing.js';
import { createCommands } from './commands.js';
import { createErrorBoundary } from './error-boundary.js';
import { type AddMeetingDeps, createAddMeetingFeature, createFileDownloader } from './features/add-meeting.js';
import { createInsightsFeature } from './features/insights.js';
import { createQuestionsFeature } from './questions.js';
import { createRateLimit, type RateLimit } from './rate-limit.js';
import { createRedactingLogger } from './redacting-logger.js';
import { acknowledge } from './reply.js';
import { createSourcesFeature } from './sources.js';
import { createStreamThrottler } from './stream-throttler.js';
import { createSummaryFeature } from './summary.js';
import { textsFor } from './texts.js';
import { createUpdateClaims } from './update-claims.js';

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
  /** Exchanges remembered per chat for follow-ups (default 3; ignored when `state` is given). */
  historySize?: number;
  /** How long remembered exchanges stay relevant (default 30 minutes; ignored when `state` is given). */
  historyTtlMs?: number;
  /**
   * Chat history, rate-limit counts and update claims (default: this process's memory). Pass the Postgres store to
   * run replicas; its update claims are used only with `claimUpdates`.
   */
  state?: Pick<StateStore, 'history' | 'rateCounter' | 'claims'>;
  /** Claim every update in `state.claims` first, so webhook replicas answer each update once (default off). */
  claimUpdates?: boolean;
  /** Longest accepted question in characters (default 1000). */
  maxQuestionChars?: number;
  /** LLM for phrasing /tasks items (optional; without it they are shown as extracted). */
  chat?: ChatModel;
  /** Show LLM answers live while they stream (LLM_STREAM=true); default off. */
  streaming?: boolean;
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
  bot.api.config.use(createStreamThrottler());
  if (!allowedUsers?.length && !allowedChats?.length) {
    logger.warn('no TELEGRAM allow list set: the bot answers everyone who finds it');
  }
  const history =
    options.state?.history ?? createMemoryChatHistory({ size: options.historySize, ttlMs: options.historyTtlMs });
  const claims = options.claimUpdates ? options.state?.claims : undefined;

  // Order matters: claim the update (replicas), sequence per chat, drop group chatter, then refuse strangers
  // before counting their messages.
  if (claims) bot.use(createUpdateClaims(claims, logger));
  bot.use(sequentialize(chatKey));
  bot.use(onlyWhenAddressed());
  bot.use(createAccessGuard({ allowedUsers, allowedChats, logger }));
  bot.use(createRateLimit(options.rateLimit, options.state?.rateCounter));
  bot.use(createCommands({ assistant, history }));
  if (options.addMeeting) {
    const download = createFileDownloader(token, options.apiRoot);
    bot.use(createAddMeetingFeature({ ...options.addMeeting, assistant, logger, download }));
  }
  bot.use(createSummaryFeature({ assistant, history, logger }));
  bot.use(createInsightsFeature({ assistant, history, logger, ...(options.chat ? { chat: options.chat } : {}) }));
  bot.use(createSourcesFeature({ assistant, history, logger }));
  bot.use(
    createQuestionsFeature({
      assistant,
      history,
      logger,
      maxQuestionChars: options.maxQuestionChars ?? MAX_QUESTION_CHARS,
      streaming: options.streaming ?? false,
    }),
  );
  // Every button tap gets an answer, so no spinner is left turning: taps no feature took are stale or forged.
  bot.on('callback_query', (ctx) => acknowledge(ctx, logger, textsFor(ctx.from?.language_code).staleButton));
  bot.catch(createErrorBoundary(logger));
  return bot;
}
