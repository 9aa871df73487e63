/** The bot's single error boundary: log the failure with its update id, tell the user briefly, keep serving. */
import type { BotError, Context } from 'grammy';
import { AppError } from '../errors.js';
import type { Logger } from '../logger.js';
import { textsFor } from './texts.js';

/** Creates the `bot.catch` handler; it never throws, so one bad update cannot stop the bot. */
export function createErrorBoundary(logger: Logger): (error: BotError<Context>) => Promise<void> {
  return async ({ error, ctx }) => {
    logger.error('update failed', { updateId: ctx.update.update_id, chatId: ctx.chat?.id, error });
    if (!ctx.chat) return;
    const texts = textsFor(ctx.from?.language_code);
    try {
      if (ctx.callbackQuery) await ctx.answerCallbackQuery().catch(() => undefined);
      await ctx.reply(error instanceof AppError ? error.userMessage : texts.genericError);
    } catch (replyError) {
      logger.warn('could not send the error message', { updateId: ctx.update.update_id, error: replyError });
    }
  };
}
