/** Allow lists: only listed users or chats are served; everyone else gets one polite refusal, then silence. */
import type { Context, MiddlewareFn } from 'grammy';
import type { Logger } from '../logger.js';
import { acknowledge } from './reply.js';
import { textsFor } from './texts.js';

/** Options of `createAccessGuard`. */
export interface AccessOptions {
  allowedUsers?: number[];
  allowedChats?: number[];
  logger: Logger;
  /** Refused chats remembered (oldest forgotten first; default 10000). */
  maxRemembered?: number;
}

/** True when neither list is set, or the update's user or chat is on one of them. */
export function isAllowed(ctx: Context, allowedUsers: number[] = [], allowedChats: number[] = []): boolean {
  if (allowedUsers.length === 0 && allowedChats.length === 0) return true;
  const userId = ctx.from?.id;
  const chatId = ctx.chat?.id;
  return (
    (userId !== undefined && allowedUsers.includes(userId)) || (chatId !== undefined && allowedChats.includes(chatId))
  );
}

/**
 * Middleware passing allowed updates on. A refused message's chat is told once (keyed by chat id) and ignored after
 * that; a refused button tap gets the refusal as an alert shown to the tapper only, never a message into the chat.
 */
export function createAccessGuard(options: AccessOptions): MiddlewareFn<Context> {
  const { allowedUsers, allowedChats, logger, maxRemembered = 10_000 } = options;
  const refused = new Set<number>();
  const refusedTappers = new Set<number>();
  /** Adds `key` to `set` (forgetting the oldest beyond the bound); false when it was already there. */
  const remember = (set: Set<number>, key: number): boolean => {
    if (set.has(key)) return false;
    set.add(key);
    if (set.size > maxRemembered) set.delete(set.values().next().value ?? key);
    return true;
  };
  return async (ctx, next) => {
    if (isAllowed(ctx, allowedUsers, allowedChats)) return next();
    const texts = textsFor(ctx.from?.language_code);
    if (ctx.callbackQuery) {
      // Every tap is answered; the log names each outsider once, so a flood of forged taps cannot flood the log.
      if (ctx.from && remember(refusedTappers, ctx.from.id)) {
        logger.info('refused a button tap from outside the allow list', { chatId: ctx.chat?.id, userId: ctx.from.id });
      }
      return acknowledge(ctx, logger, { text: texts.refused, showAlert: true });
    }
    const key = ctx.chat?.id ?? ctx.from?.id;
    if (key === undefined || !remember(refused, key)) return;
    logger.info('refused an update from outside the allow list', { chatId: ctx.chat?.id, userId: ctx.from?.id });
    await ctx.reply(texts.refused);
  };
}
