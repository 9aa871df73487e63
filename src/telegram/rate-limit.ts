/** Per-user rate limiting of messages with a friendly notice, via @grammyjs/ratelimiter. */
import { limit } from '@grammyjs/ratelimiter';
import type { Context, MiddlewareFn } from 'grammy';
import { textsFor } from './texts.js';

/** How many messages one user may send per window. */
export interface RateLimit {
  windowMs: number;
  limit: number;
}

/** Default: 10 messages per user per minute. */
export const DEFAULT_RATE_LIMIT: RateLimit = { windowMs: 60_000, limit: 10 };

/** Middleware limiting each user's messages (button taps are not counted); the first excess message gets a notice. */
export function createRateLimit(rateLimit: RateLimit = DEFAULT_RATE_LIMIT): MiddlewareFn<Context> {
  return limit<Context, never>({
    timeFrame: rateLimit.windowMs,
    limit: rateLimit.limit,
    keyGenerator: (ctx) => (ctx.message && ctx.from ? String(ctx.from.id) : undefined),
    onLimitExceeded: async (ctx) => {
      await ctx.reply(textsFor(ctx.from?.language_code).rateLimited);
    },
  });
}
