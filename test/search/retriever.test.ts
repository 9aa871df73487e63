import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRetriever, type Passage, type Retriever } from '../../src/search/retriever.js';
import {
  buildSeedIndex,
  goldParagraphs,
  loadQaSet,
  type OnTopicQuestion,
  paragraphKey,
  SEED_IDS,
  type SeedIndex,
} from '../helpers/seed-index.js';

function keysOf(passages: Passage[]): string[] {
  return passages.map((p) => paragraphKey(p.meeting.id, p.paragraph.n));
}

describe('createRetriever', () => {
  let seed: SeedIndex;
  let retriever: Retriever;
  let onTopic: OnTopicQuestion[];

  beforeAll(async () => {
    seed = await buildSeedIndex();
    retriever = createRetriever({ store: seed.store, embedder: seed.embedder });
    onTopic = (await loadQaSet()).onTopic;
  });

  afterAll(async () => {
    await seed.remove();
  });

  it('finds a paragraph written in traditional script for a simplified question', async () => {
    const passages = await retriever.search('钟楼区四月份要抓好哪五个精心组织？', { k: 3 });

    expect(keysOf(passages)).toContain(paragraphKey(SEED_IDS['004'], 3));
    expect(passages.find((p) => p.paragraph.n === 3)?.paragraph.text).toContain('要抓好五個“精心組織”');
  });

  it('finds a paragraph written in simplified script for a traditional question', async () => {
    const passages = await retriever.search('如何持續改善空氣質量？', { k: 3 });

    expect(keysOf(passages)).toContain(paragraphKey(SEED_IDS['001'], 5));
  });

  it('ranks a gold paragraph in the top 3 for at least 95% of the QA questions', async () => {
    let hits = 0;
    for (const item of onTopic) {
      const gold = goldParagraphs(seed.index.meetings, item);
      const passages = await retriever.search(item.question, { k: 3 });
      if (keysOf(passages).some((key) => gold.includes(key))) hits++;
    }

    expect(onTopic).toHaveLength(46);
    expect(hits / onTopic.length).toBeGreaterThanOrEqual(0.95);
  });

  it('returns only paragraphs of the meeting it is restricted to', async () => {
    const passages = await retriever.search('精心组织 招商引资 项目建设', { k: 5, meetingId: SEED_IDS['001'] });

    expect(passages.length).toBeGreaterThan(0);
    expect(new Set(passages.map((p) => p.meeting.id))).toEqual(new Set([SEED_IDS['001']]));
  });

  it('returns at most k distinct paragraphs, each with the chunk that matched', async () => {
    const passages = await retriever.search('招商引资', { k: 4 });

    expect(passages).toHaveLength(4);
    expect(new Set(keysOf(passages)).size).toBe(4);
    for (const passage of passages) {
      expect(passage.paragraph.text.slice(passage.chunk.start, passage.chunk.end)).toBe(passage.chunk.text);
      expect(passage.coverage).toBeGreaterThanOrEqual(0);
      expect(passage.coverage).toBeLessThanOrEqual(1);
    }
  });

  it('gives low word coverage to an off-topic question', async () => {
    const passages = await retriever.search('怎么做红烧肉？');

    expect(Math.max(0, ...passages.map((p) => p.coverage))).toBeLessThan(0.35);
  });

  it('returns nothing for a query of punctuation only', async () => {
    expect(await retriever.search('？？！…')).toEqual([]);
  });

  it('gives the local hashed vectors no weight but keeps the vector channel for a learned embedder', async () => {
    const learned = createRetriever({
      store: seed.store,
      embedder: { ...seed.embedder, id: 'learned-test' },
    });

    const local = await retriever.search('如何持續改善空氣質量？', { k: 3 });
    const withVectors = await learned.search('如何持續改善空氣質量？', { k: 3 });

    expect(local.every((p) => p.similarity === 0)).toBe(true);
    expect(withVectors.some((p) => p.similarity > 0)).toBe(true);
  });

  it('falls back to the vectors for a question with no word to match, so a decline can name the nearest meetings', async () => {
    const passages = await retriever.search('What is the capital of France?');

    expect(passages.length).toBeGreaterThan(0);
    expect(Math.max(...passages.map((p) => p.coverage))).toBeLessThan(0.35);
  });

  it('ranks the QA gold paragraph first at least as often as its best single channel does', async () => {
    const channels = {
      hybrid: retriever,
      paragraphBm25: createRetriever({
        ...seed,
        tuning: { bm25Weight: 1, sentenceWeight: 0, coverageWeight: 0, listBonus: 0 },
      }),
      chunkBm25: createRetriever({
        ...seed,
        tuning: {
          paragraphWeight: 0,
          chunkWeight: 1,
          fusedWeight: 1,
          bm25Weight: 0,
          sentenceWeight: 0,
          coverageWeight: 0,
          listBonus: 0,
        },
      }),
      vectors: createRetriever({
        ...seed,
        tuning: {
          paragraphWeight: 0,
          chunkWeight: 0,
          vectorWeight: 1,
          fusedWeight: 1,
          bm25Weight: 0,
          sentenceWeight: 0,
          coverageWeight: 0,
          listBonus: 0,
        },
      }),
    };
    const firsts: Record<string, number> = {};
    for (const [name, channel] of Object.entries(channels)) {
      firsts[name] = 0;
      for (const item of onTopic) {
        const [first] = await channel.search(item.question, { k: 1 });
        if (
          first &&
          goldParagraphs(seed.index.meetings, item).includes(paragraphKey(first.meeting.id, first.paragraph.n))
        )
          firsts[name] = (firsts[name] ?? 0) + 1;
      }
    }

    const best = Math.max(firsts.paragraphBm25 ?? 0, firsts.chunkBm25 ?? 0, firsts.vectors ?? 0);
    expect(firsts.hybrid).toBeGreaterThanOrEqual(best);
    expect((firsts.hybrid ?? 0) / onTopic.length).toBeGreaterThanOrEqual(0.9);
  });
});
