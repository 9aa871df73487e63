/** Chat history in Postgres: one row per exchange, so replicas answering the same chat never overwrite each other. */
import type { Pool } from 'pg';
import type { Citation, Exchange } from '../../answer/types.js';
import { type ChatHistoryOptions, DEFAULT_HISTORY } from '../memory.js';
import type { ChatHistory } from '../types.js';

/**
 * Creates the shared chat history (defaults: 3 exchanges for 30 minutes; the database's clock decides expiry).
 * Each `add` appends a row and prunes the chat to its newest `size` rows and every chat's expired ones.
 */
export function createPostgresChatHistory(
  pool: Pool,
  options: Pick<ChatHistoryOptions, 'size' | 'ttlMs'> = {},
): ChatHistory {
  const { size = DEFAULT_HISTORY.size, ttlMs = DEFAULT_HISTORY.ttlMs } = options;
  const ttl = `${ttlMs} milliseconds`;
  return {
    async exchanges(chatId) {
      const { rows } = await pool.query<{ exchange: Exchange }>(
        `SELECT exchange FROM state_exchanges
         WHERE chat_id = $1 AND at > now() - $2::interval
         ORDER BY id DESC LIMIT $3`,
        [chatId, ttl, size],
      );
      return rows.map((row) => row.exchange).reverse();
    },
    async add(chatId, exchange) {
      if (size <= 0) return;
      await pool.query('INSERT INTO state_exchanges (chat_id, exchange) VALUES ($1, $2)', [
        chatId,
        JSON.stringify(exchange),
      ]);
      await pool.query(
        `DELETE FROM state_exchanges
         WHERE at <= now() - $2::interval
            OR (chat_id = $1 AND id < (SELECT min(id) FROM (
                 SELECT id FROM state_exchanges WHERE chat_id = $1 ORDER BY id DESC LIMIT $3) AS newest))`,
        [chatId, ttl, size],
      );
    },
    async setLastCitations(chatId, citations) {
      await pool.query(
        `INSERT INTO state_citations (chat_id, citations) VALUES ($1, $2)
         ON CONFLICT (chat_id) DO UPDATE SET citations = EXCLUDED.citations, at = now()`,
        [chatId, JSON.stringify(citations)],
      );
    },
    async lastCitations(chatId) {
      const { rows } = await pool.query<{ citations: Citation[] }>(
        'SELECT citations FROM state_citations WHERE chat_id = $1',
        [chatId],
      );
      return rows[0]?.citations ?? [];
    },
    async clear(chatId) {
      await pool.query('DELETE FROM state_exchanges WHERE chat_id = $1', [chatId]);
      await pool.query('DELETE FROM state_citations WHERE chat_id = $1', [chatId]);
    },
  };
}
