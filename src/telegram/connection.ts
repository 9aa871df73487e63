/**
 * Keeps the bot connected through a bad day: an API transformer that retries network failures, 5xx answers and
 * 409 conflicts with capped backoff, logs each outage once (and its end), and leaves 401 to the caller as fatal.
 */
import { HttpError, type Transformer } from 'grammy';
import type { Logger } from '../logger.js';

/** Backoff of the connection guard, in milliseconds. */
export interface RetryPolicy {
  /** First wait after a failure (default 250). */
  initialDelayMs: number;
  /** Longest wait between attempts (default 2000), so a recovered Bot API is noticed within that much. */
  maxDelayMs: number;
  /** Longest wait between attempts while another instance holds the updates (409; default 10000). */
  maxConflictDelayMs: number;
  /** How long a send (any method but getUpdates/getMe/webhook calls) keeps retrying before it fails (default 60000). */
  sendRetryBudgetMs: number;
  /** Per-attempt timeout of calls other than getUpdates (default 15000); getUpdates gets its long-poll timeout + this. */
  attemptTimeoutMs: number;
}

/** Defaults: answers within about 2 s of the Bot API coming back. */
export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  initialDelayMs: 250,
  maxDelayMs: 2000,
  maxConflictDelayMs: 10_000,
  sendRetryBudgetMs: 60_000,
  attemptTimeoutMs: 15_000,
};

/** Methods that keep the bot connected: retried until they succeed or the bot stops. */
const CONNECTION_METHODS = new Set(['getUpdates', 'getMe', 'deleteWebhook', 'setWebhook']);

/** Delay before retry number `attempt` (0-based): doubling from `initialMs`, never above `maxMs`. */
export function backoffDelayMs(attempt: number, initialMs: number, maxMs: number): number {
  return Math.min(maxMs, initialMs * 2 ** Math.min(attempt, 30));
}

function pause(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const done = () => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal?.addEventListener('abort', done, { once: true });
  });
}

/** A signal that aborts with `parent` or after `timeoutMs`; works with any EventTarget-style parent signal. */
function abortAfter(parent: AbortSignal | undefined, timeoutMs: number): { signal: AbortSignal; release(): void } {
  const controller = new AbortController();
  const abort = () => controller.abort();
  const timer = setTimeout(abort, timeoutMs);
  if (parent?.aborted) abort();
  else parent?.addEventListener('abort', abort, { once: true });
  return {
    signal: controller.signal,
    release: () => {
      clearTimeout(timer);
      parent?.removeEventListener('abort', abort);
    },
  };
}

type Failure = { kind: 'outage'; detail: string } | { kind: 'conflict'; detail: string };

function classify(result: { ok: boolean; error_code?: number; description?: string }): Failure | undefined {
  if (result.ok || result.error_code === undefined) return undefined;
  if (result.error_code === 409) return { kind: 'conflict', detail: result.description ?? 'Conflict' };
  if (result.error_code >= 500) return { kind: 'outage', detail: `${result.error_code} ${result.description ?? ''}` };
  return undefined;
}

/**
 * Creates the transformer. 401 answers pass through unchanged (the caller treats them as fatal); 429 is left to
 * auto-retry; network errors and 5xx are retried (connection methods forever, sends within the budget).
 */
export function createConnectionGuard(logger: Logger, policy: RetryPolicy = DEFAULT_RETRY_POLICY): Transformer {
  let down: { since: number; kind: Failure['kind'] } | undefined;

  const noteFailure = (method: string, failure: Failure) => {
    if (down?.kind === failure.kind) return;
    down = { since: down?.since ?? Date.now(), kind: failure.kind };
    if (failure.kind === 'conflict') {
      logger.warn('another bot instance is polling with this token (409 Conflict); retrying with backoff', {
        method,
        detail: failure.detail,
      });
    } else {
      logger.warn('the Telegram Bot API is unreachable or failing; retrying with backoff', {
        method,
        detail: failure.detail,
      });
    }
  };
  /** Only an answer to a request sent after the outage began shows that it is over. */
  const noteSuccess = (sentAt: number) => {
    if (!down || sentAt < down.since) return;
    logger.info('the Telegram Bot API is reachable again', { downForMs: Date.now() - down.since });
    down = undefined;
  };

  return async (prev, method, payload, shimSignal) => {
    // grammY types its signal with the abort-controller shim; at runtime it is Node's own AbortSignal.
    const signal = shimSignal as unknown as AbortSignal | undefined;
    type ShimSignal = NonNullable<typeof shimSignal>;
    const isConnection = CONNECTION_METHODS.has(method);
    const started = Date.now();
    const longPollMs = method === 'getUpdates' ? Number((payload as { timeout?: number }).timeout ?? 0) * 1000 : 0;
    for (let attempt = 0; ; attempt++) {
      const attemptAbort = abortAfter(signal, longPollMs + policy.attemptTimeoutMs);
      const attemptSignal = attemptAbort.signal;
      const sentAt = Date.now();
      let failure: Failure;
      let result: Awaited<ReturnType<typeof prev>> | undefined;
      try {
        result = await prev(method, payload, attemptSignal as unknown as ShimSignal);
        const classified = classify(result);
        if (!classified) {
          if (result.ok || isConnection) noteSuccess(sentAt);
          return result;
        }
        failure = classified;
      } catch (error) {
        if (signal?.aborted || !(error instanceof HttpError)) throw error;
        failure = { kind: 'outage', detail: error.message };
      } finally {
        attemptAbort.release();
      }
      noteFailure(method, failure);
      const maxMs = failure.kind === 'conflict' ? policy.maxConflictDelayMs : policy.maxDelayMs;
      const delay = backoffDelayMs(attempt, policy.initialDelayMs, maxMs);
      if (!isConnection && Date.now() + delay - started > policy.sendRetryBudgetMs) {
        if (result) return result;
        throw new HttpError(`${method} kept failing for ${policy.sendRetryBudgetMs} ms: ${failure.detail}`, failure);
      }
      await pause(delay, signal);
      if (signal?.aborted) {
        if (result) return result;
        throw new HttpError(`${method} aborted while the Bot API was unreachable`, failure);
      }
    }
  };
}
