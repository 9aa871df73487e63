/** Per-user rate limiting of messages and button taps with a friendly notice, via @grammyjs/ratelimiter. */
import { limit } from '@grammyjs/ratelimiter';
import type { Context, MiddlewareFn } from 'grammy';
import type { RateCounter } from '../state/types.js';
import { textsFor } from './texts.js';

/** How many messages one user may send per window. */
export interface RateLimit {
  windowMs: number;
  limit: number;
}

/** Default: 10 messages per user per minute. */
export const DEFAULT_RATE_LIMIT: RateLimit = { windowMs: 60_000, limit: 10 };

/**
 * Middleware limiting each user's messages and button taps together (a tap can start a summary, so it costs like a
 * question). An excess message gets a notice in the chat, an excess tap a notice on its spinner. Hits are counted in
 * `counter` for `rateLimit.windowMs` windows (the shared Postgres counter for replicas), else in this process.
 */
export function createRateLimit(
  rateLimit: RateLimit = DEFAULT_RATE_LIMIT,
  counter?: (windowMs: number) => RateCounter,
): MiddlewareFn<Context> {
  const notifiedTaps = new WeakSet<Context>();
  const noticeOnSpinner = async (ctx: Context) => {
    notifiedTaps.add(ctx);
    await ctx.answerCallbackQuery({ text: textsFor(ctx.from?.language_code).rateLimited }).catch(() => undefined);
  };
  const limiter = limit<Context, RateCounter>({
    timeFrame: rateLimit.windowMs,
    limit: rateLimit.limit,
    ...(counter ? { storageClient: counter(rateLimit.windowMs) } : {}),
    keyGenerator: (ctx) => ((ctx.message || ctx.callbackQuery) && ctx.from ? String(ctx.from.id) : undefined),
    onLimitExceeded: async (ctx) => {
      if (ctx.callbackQuery) await noticeOnSpinner(ctx);
      else await ctx.reply(textsFor(ctx.from?.language_code).rateLimited);
    },
  });
  // The limiter notifies only the first excess update; later excess taps still need their spinner stopped.
  return async (ctx, next) => {
    let passed = false;
    await limiter(ctx, () => {
      passed = true;
      return next();
    });
    if (!passed && ctx.callbackQuery && !notifiedTaps.has(ctx)) await noticeOnSpinner(ctx);
  };
}
