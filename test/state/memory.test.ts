import { describe, expect, it } from 'vitest';
import type { Exchange } from '../../src/answer/types.js';
import { createMemoryChatHistory } from '../../src/state/memory.js';

const exchange = (question: string): Exchange => ({
  question,
  answer: { question, answer: '答', mode: 'extractive', found: false, citations: [] },
});

describe('createMemoryChatHistory', () => {
  it('keeps only the newest exchanges of a chat, oldest first', async () => {
    const history = createMemoryChatHistory({ size: 2 });
    for (const question of ['一', '二', '三']) await history.add(1, exchange(question));
    expect((await history.exchanges(1)).map((item) => item.question)).toEqual(['二', '三']);
  });

  it('forgets exchanges older than the ttl', async () => {
    let now = 0;
    const history = createMemoryChatHistory({ ttlMs: 1000, now: () => now });
    await history.add(1, exchange('旧'));
    now = 600;
    await history.add(1, exchange('新'));
    now = 1200;
    expect((await history.exchanges(1)).map((item) => item.question)).toEqual(['新']);
  });

  it('evicts the least recently used chat when too many chats are remembered', async () => {
    const history = createMemoryChatHistory({ maxChats: 2 });
    await history.add(1, exchange('a'));
    await history.add(2, exchange('b'));
    await history.add(1, exchange('c'));
    await history.add(3, exchange('d'));
    expect(await history.exchanges(2)).toEqual([]);
    expect(await history.exchanges(1)).toHaveLength(2);
  });

  it('clears exchanges and remembered citations of one chat', async () => {
    const history = createMemoryChatHistory();
    await history.add(1, exchange('a'));
    await history.setLastCitations(1, [
      { n: 1, meeting: { id: 'm', number: 1, title: 't', date: '' }, paragraph: 1, text: 'x' },
    ]);
    await history.clear(1);
    expect(await history.exchanges(1)).toEqual([]);
    expect(await history.lastCitations(1)).toEqual([]);
  });
});
