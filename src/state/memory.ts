/** The default state of one bot process: chat history in memory, LRU-bounded, as it has always been. */
import type { Citation, Exchange } from '../answer/types.js';
import type { ChatHistory, StateStore } from './types.js';

/** Options of the chat history (shared by both stores). */
export interface ChatHistoryOptions {
  /** Exchanges kept per chat (default 3). */
  size?: number;
  /** Exchanges older than this are dropped (default 30 minutes). */
  ttlMs?: number;
  /** Chats remembered in memory; the least recently used is evicted first (default 1000). */
  maxChats?: number;
  /** Clock in epoch milliseconds (tests). */
  now?: () => number;
}

/** Defaults of the chat history: 3 exchanges for 30 minutes. */
export const DEFAULT_HISTORY = { size: 3, ttlMs: 30 * 60_000 } as const;

interface ChatEntry {
  exchanges: { exchange: Exchange; atMs: number }[];
  citations: Citation[];
}

/** Creates an in-memory, LRU-bounded chat history (defaults: 3 exchanges, 30 min, 1000 chats). */
export function createMemoryChatHistory(options: ChatHistoryOptions = {}): ChatHistory {
  const { size = DEFAULT_HISTORY.size, ttlMs = DEFAULT_HISTORY.ttlMs, maxChats = 1000, now = Date.now } = options;
  const chats = new Map<number, ChatEntry>();

  const touch = (chatId: number): ChatEntry => {
    const entry = chats.get(chatId) ?? { exchanges: [], citations: [] };
    chats.delete(chatId);
    chats.set(chatId, entry);
    while (chats.size > maxChats) {
      const oldest = chats.keys().next().value;
      if (oldest === undefined) break;
      chats.delete(oldest);
    }
    return entry;
  };

  return {
    async exchanges(chatId) {
      const entry = chats.get(chatId);
      if (!entry) return [];
      entry.exchanges = entry.exchanges.filter((item) => now() - item.atMs < ttlMs);
      return entry.exchanges.map((item) => item.exchange);
    },
    async add(chatId, exchange) {
      if (size <= 0) return;
      const entry = touch(chatId);
      entry.exchanges = [...entry.exchanges, { exchange, atMs: now() }].slice(-size);
    },
    async setLastCitations(chatId, citations) {
      touch(chatId).citations = citations;
    },
    async lastCitations(chatId) {
      return chats.get(chatId)?.citations ?? [];
    },
    async clear(chatId) {
      chats.delete(chatId);
    },
  };
}

/** The state of one process: memory history; rate limits and summaries use their own defaults. */
export function createMemoryStateStore(options: ChatHistoryOptions = {}): StateStore {
  return { kind: 'memory', history: createMemoryChatHistory(options), close: async () => {} };
}
