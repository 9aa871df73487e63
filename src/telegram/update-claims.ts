/** Middleware that makes webhook replicas answer each update once, through the shared update claims. */
import type { Context, MiddlewareFn } from 'grammy';
import type { Logger } from '../logger.js';
import type { UpdateClaims } from '../state/types.js';

/** How often a replica waiting on another's claim checks it again. */
const POLL_MS = 200;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls `isWaiting` every POLL_MS until it is false; returns whether it ever had to wait. */
async function waitWhile(isWaiting: () => Promise<boolean>): Promise<boolean> {
  let waited = false;
  while (await isWaiting()) {
    waited = true;
    await sleep(POLL_MS);
  }
  return waited;
}

/**
 * Claims each update before any other middleware runs. A fresh update is handled while its lease is renewed
 * (every third of the lease) and then marked done; an update another live replica is handling is waited on until it
 * is done (acknowledged without answering) or its lease expires (taken over: that replica died mid-update); an
 * update already done is acknowledged at once. Telegram redelivers an update until some replica answers 200.
 * Within a chat, an update also waits for earlier ones other replicas are still answering (what `sequentialize`
 * does inside one process), so a follow-up sees the history of the question before it.
 */
export function createUpdateClaims(claims: UpdateClaims, logger: Logger): MiddlewareFn<Context> {
  return async (ctx, next) => {
    const updateId = ctx.update.update_id;
    const chatId = ctx.chat?.id;
    let outcome = await claims.claim(updateId, chatId);
    const tookOver = outcome === 'busy';
    while (outcome === 'busy') {
      await sleep(POLL_MS);
      outcome = await claims.claim(updateId, chatId);
    }
    if (outcome === 'done') {
      logger.debug('update already answered by a replica; acknowledging', { updateId });
      return;
    }
    if (tookOver) logger.warn('took over an update whose replica stopped renewing its claim', { updateId });
    const renewal = setInterval(() => {
      claims.renew(updateId).then(
        (held) => held || logger.warn('lost the claim of an update in progress', { updateId }),
        (error: unknown) => logger.warn('could not renew the claim of an update', { updateId, error }),
      );
    }, claims.leaseMs / 3);
    renewal.unref();
    try {
      if (chatId !== undefined && (await waitWhile(() => claims.hasEarlierInProgress(updateId, chatId)))) {
        logger.debug('waited for an earlier update of the chat that another replica was answering', { updateId });
      }
      await next();
    } finally {
      clearInterval(renewal);
      // An update that failed was answered by the error boundary: a retry must not answer it again.
      await claims.finish(updateId).catch((error: unknown) => {
        logger.warn('could not mark an update answered', { updateId, error });
      });
    }
  };
}
