import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ANSWER_BUDGET_CHARS, answerExtractively } from '../../src/answer/extractive.js';
import { detectReplyLanguage } from '../../src/answer/language.js';
import { createRetriever, type Retriever } from '../../src/search/retriever.js';
import {
  buildSeedIndex,
  citedRuns,
  loadQaSet,
  matchForm,
  type OnTopicQuestion,
  type SeedIndex,
} from '../helpers/seed-index.js';

describe('answerExtractively', () => {
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

  async function answer(question: string, language = detectReplyLanguage(question)) {
    return answerExtractively(question, await retriever.search(question), language);
  }

  it('quotes only sentences of the paragraphs it cites, each followed by its [n]', async () => {
    for (const item of onTopic) {
      const { text, sources } = await answer(item.question);
      const { runs, uncited } = citedRuns(text);

      expect(uncited, item.id).toBe('');
      expect(runs.length, item.id).toBeGreaterThan(0);
      for (const run of runs) {
        for (const n of run.citations) expect(n, item.id).toBeLessThanOrEqual(sources.length);
        const quoted = run.text.split('…').filter((part) => part.length > 0);
        const cited = run.citations.map((n) => matchForm(sources[n - 1]?.paragraph.text ?? ''));
        for (const part of quoted)
          expect(
            cited.some((p) => p.includes(matchForm(part))),
            `${item.id}: ${part}`,
          ).toBe(true);
      }
    }
  });

  it('keeps answers within about 300 characters, citation markers not counted', async () => {
    const lengths: number[] = [];
    for (const item of onTopic) lengths.push((await answer(item.question)).text.replace(/\[\d+\]/g, '').length);

    const within = lengths.filter((length) => length <= ANSWER_BUDGET_CHARS).length;
    expect(within / lengths.length).toBeGreaterThanOrEqual(0.9);
    expect(Math.max(...lengths)).toBeLessThanOrEqual(ANSWER_BUDGET_CHARS + 100);
  });

  it('numbers sources by first use, so the answer starts with [1]', async () => {
    const { text, sources } = await answer('如何推动城乡一体化供水？');

    expect(citedRuns(text).runs[0]?.citations).toEqual([1]);
    expect(sources[0]?.paragraph.text).toContain('城乡一体化供水工程');
  });

  it('quotes in the script of the reader', async () => {
    const question = '童子河的规划设计要求什么时候全面动工？';

    expect((await answer(question, 'zh-Hant')).text).toContain('童子河的規劃設計');
    expect((await answer(question, 'zh-Hans')).text).toContain('童子河的规划设计');
  });

  it('introduces Chinese quotes with an English line for an English reader', async () => {
    const { text } = await answer('童子河的规划设计要求什么时候全面动工？', 'en');

    expect(text).toMatch(/^The meetings say \(quoted in Chinese\): .*童子河的規劃設計/u);
  });

  it('returns no text and no sources when there are no passages', () => {
    expect(answerExtractively('童子河什么时候动工？', [], 'zh-Hans')).toEqual({ text: '', sources: [] });
  });
});
