/** Paces the calls a streaming preview repeats, with @grammyjs/transformer-throttler, so they never trip flood limits. */
import { apiThrottler } from '@grammyjs/transformer-throttler';
import type { Transformer } from 'grammy';
import { DEFAULT_STREAM_INTERVALS, STREAM_METHODS } from './stream-reply.js';

/**
 * Creates a transformer throttling only drafts and edits (Telegram: ~30 calls/s overall, ~20 a minute per group):
 * answers and typing indicators pass at once, so many chats asking together are not slowed down.
 */
export function createStreamThrottler(): Transformer {
  const throttle = apiThrottler({
    global: { reservoir: 30, reservoirRefreshAmount: 30, reservoirRefreshInterval: 1000 },
    group: { maxConcurrent: 1, minTime: DEFAULT_STREAM_INTERVALS.groupMs },
    out: { maxConcurrent: 1, minTime: Math.min(DEFAULT_STREAM_INTERVALS.privateMs, 300) },
  });
  return (prev, method, payload, signal) =>
    STREAM_METHODS.has(method) ? throttle(prev, method, payload, signal) : prev(method, payload, signal);
}
