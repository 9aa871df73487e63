/** Per-chat memory for follow-up questions: a few recent exchanges that expire, for a bounded number of chats. */
import type { Citation, Exchange } from '../answer/types.js';

/** Remembers recent exchanges and the last cited sources of each chat. */
export interface ChatHistory {
  /** Recent, unexpired exchanges of a chat, oldest first. */
  exchanges(chatId: number): Exchange[];
  /** Records an answered question; keeps only the newest `size`. */
  add(chatId: number, exchange: Exchange): void;
  /** Remembers the citations of the last answer or summary (for /source and citation buttons). */
  setLastCitations(chatId: number, citations: Citation[]): void;
  lastCitations(chatId: number): Citation[];
  /** Forgets everything about a chat. */
  clear(chatId: number): void;
}

/** Options of `createChatHistory`. */
export interface ChatHistoryOptions {
  /** Exchanges kept per chat (default 3). */
  size?: number;
  /** Exchanges older than this are dropped (default 30 minutes). */
  ttlMs?: number;
  /** Chats remembered; the least recently used is evicted first (default 1000). */
  maxChats?: number;
  /** Clock in epoch milliseconds (tests). */
  now?: () => number;
}

interface ChatEntry {
  exchanges: { exchange: Exchange; atMs: number }[];
  citations: Citation[];
}

/** Creates an in-memory, LRU-bounded chat history (defaults: 3 exchanges, 30 min, 1000 chats). */
export function createChatHistory(options: ChatHistoryOptions = {}): ChatHistory {
  const { size = 3, ttlMs = 30 * 60_000, maxChats = 1000, now = Date.now } = options;
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
    exchanges(chatId) {
      const entry = chats.get(chatId);
      if (!entry) return [];
      entry.exchanges = entry.exchanges.filter((item) => now() - item.atMs < ttlMs);
      return entry.exchanges.map((item) => item.exchange);
    },
    add(chatId, exchange) {
      if (size <= 0) return;
      const entry = touch(chatId);
      entry.exchanges = [...entry.exchanges, { exchange, atMs: now() }].slice(-size);
    },
    setLastCitations(chatId, citations) {
      touch(chatId).citations = citations;
    },
    lastCitations(chatId) {
      return chats.get(chatId)?.citations ?? [];
    },
    clear(chatId) {
      chats.delete(chatId);
    },
  };
}
