/** What a bot process keeps per chat and per update, behind interfaces a replica can share through Postgres. */

import type { SummaryCache } from '../answer/summary-cache.js';
import type { Citation, Exchange } from '../answer/types.js';

/** Recent exchanges and the last cited sources of each chat (for follow-ups, /source and citation buttons). */
export interface ChatHistory {
  /** Recent, unexpired exchanges of a chat, oldest first. */
  exchanges(chatId: number): Promise<Exchange[]>;
  /** Records an answered question; keeps only the newest `size`. */
  add(chatId: number, exchange: Exchange): Promise<void>;
  /** Remembers the citations of the last answer or summary. */
  setLastCitations(chatId: number, citations: Citation[]): Promise<void>;
  lastCitations(chatId: number): Promise<Citation[]>;
  /** Forgets everything about a chat. */
  clear(chatId: number): Promise<void>;
}

/**
 * A hit counter per key and fixed time window, in the shape `@grammyjs/ratelimiter` takes for Redis: `incr` counts
 * one hit in the current window and returns the window's total; `pexpire` lets old windows go.
 */
export interface RateCounter {
  incr(key: string): Promise<number>;
  pexpire(key: string, milliseconds: number): Promise<number>;
}

/** What `claim` found: the update is now ours, another live replica holds it, or it was already answered. */
export type ClaimOutcome = 'claimed' | 'busy' | 'done';

/**
 * Claims of incoming updates, so an update delivered to two replicas (or redelivered after one died) is answered
 * once: a claim is a lease that its holder renews while it works and that another replica takes over once expired.
 */
export interface UpdateClaims {
  /** Claims `updateId` (of chat `chatId`, if any) for this replica unless a live lease or a finished answer exists. */
  claim(updateId: number, chatId?: number): Promise<ClaimOutcome>;
  /** True while an earlier update of `chatId` is unfinished and its holder's lease is live (answer in order). */
  hasEarlierInProgress(updateId: number, chatId: number): Promise<boolean>;
  /** Extends this replica's lease on `updateId`; false when the claim was lost. */
  renew(updateId: number): Promise<boolean>;
  /** Marks `updateId` answered, so retries of it are acknowledged without answering again. */
  finish(updateId: number): Promise<void>;
  /** Lease length in milliseconds (renew well before it runs out). */
  readonly leaseMs: number;
}

/** How to register a webhook and check that the Bot API still has it. */
export interface WebhookRegistration {
  /** True when Telegram still reports this webhook (it may have been deleted since, e.g. by a polling run). */
  isCurrent(): Promise<boolean>;
  /** Calls setWebhook. */
  register(): Promise<void>;
}

/** Runs `register` (setWebhook) on one replica only, unless the same settings were registered before. */
export interface WebhookRegistry {
  /**
   * Registers unless a replica already registered `fingerprint` (URL, secret, update types) and it is still current.
   * Returns true when this call registered.
   */
  registerOnce(fingerprint: string, registration: WebhookRegistration): Promise<boolean>;
}

/** All per-process state of a bot, from memory (one process) or Postgres (replicas). */
export interface StateStore {
  readonly kind: 'memory' | 'postgres';
  history: ChatHistory;
  /** Rate-limit counter for `windowMs` windows; undefined means the rate limiter's own in-memory store. */
  rateCounter?: (windowMs: number) => RateCounter;
  /** Shared cache of LLM summaries; undefined means the index folder's file cache. */
  summaries?: SummaryCache;
  /** Update claims for webhook replicas; undefined in memory (one process never receives an update twice). */
  claims?: UpdateClaims;
  webhook?: WebhookRegistry;
  /** Releases connections. */
  close(): Promise<void>;
}
