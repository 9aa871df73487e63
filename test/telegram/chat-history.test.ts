import { describe, expect, it } from 'vitest';
import type { Exchange } from '../../src/answer/types.js';
import { createChatHistory } from '../../src/telegram/chat-history.js';

const exchange = (question: string): Exchange => ({
  question,
  answer: { question, answer: '答', mode: 'extractive', found: false, citations: [] },
});

describe('createChatHistory', () => {
  it('keeps only the newest exchanges of a chat, oldest first', () => {
    const history = createChatHistory({ size: 2 });
    for (const question of ['一', '二', '三']) history.add(1, exchange(question));
    expect(history.exchanges(1).map((item) => item.question)).toEqual(['二', '三']);
  });

  it('forgets exchanges older than the ttl', () => {
    let now = 0;
    const history = createChatHistory({ ttlMs: 1000, now: () => now });
    history.add(1, exchange('旧'));
    now = 600;
    history.add(1, exchange('新'));
    now = 1200;
    expect(history.exchanges(1).map((item) => item.question)).toEqual(['新']);
  });

  it('evicts the least recently used chat when too many chats are remembered', () => {
    const history = createChatHistory({ maxChats: 2 });
    history.add(1, exchange('a'));
    history.add(2, exchange('b'));
    history.add(1, exchange('c'));
    history.add(3, exchange('d'));
    expect(history.exchanges(2)).toEqual([]);
    expect(history.exchanges(1)).toHaveLength(2);
  });

  it('clears exchanges and remembered citations of one chat', () => {
    const history = createChatHistory();
    history.add(1, exchange('a'));
    history.setLastCitations(1, [
      { n: 1, meeting: { id: 'm', number: 1, title: 't', date: '' }, paragraph: 1, text: 'x' },
    ]);
    history.clear(1);
    expect(history.exchanges(1)).toEqual([]);
    expect(history.lastCitations(1)).toEqual([]);
  });
});
