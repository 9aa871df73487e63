import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ANSWER_BUDGET_CHARS, answerExtractively, answerItem, itemSegment } from '../../src/answer/extractive.js';
import { detectReplyLanguage } from '../../src/answer/language.js';
import { loadCorpus } from '../../src/corpus/meeting.js';
import { createRetriever, type Retriever } from '../../src/search/retriever.js';
import {
  buildSeedIndex,
  citedRuns,
  loadQaSet,
  matchForm,
  type OnTopicQuestion,
  SEED_IDS,
  SEEDS_DIR,
  type SeedIndex,
} from '../helpers/seed-index.js';

describe('answerExtractively', () => {
  let seed: SeedIndex;
  let retriever: Retriever;
  let onTopic: OnTopicQuestion[];

  beforeAll(async () => {
    seed = await buildSeedIndex();
    retriever = createRetriever({ index: seed.index, embedder: seed.embedder });
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

  it('answers a list question with its lead sentence and then the items in order', async () => {
    const { text, sources } = await answer('钟楼区四月份要抓好哪五个精心组织？');

    expect(sources[0]?.meeting.id).toBe(SEED_IDS['004']);
    expect(text).toMatch(/^徐伟南指出,当前,要抓好五个“精心组织”。\[1\]一是精心组织文明城市创建活动。\[1\]二是/u);
  });

  it('quotes in the script of the reader', async () => {
    const question = '钟楼区四月份要抓好哪五个精心组织？';

    expect((await answer(question, 'zh-Hant')).text).toContain('精心組織文明城市創建活動');
    expect((await answer(question, 'zh-Hans')).text).toContain('精心组织文明城市创建活动');
  });

  it('introduces Chinese quotes with an English line for an English reader', async () => {
    const { text } = await answer('童子河的规划设计要求什么时候全面动工？', 'en');

    expect(text).toMatch(/^The meetings say \(quoted in Chinese\): .*童子河的規劃設計/u);
  });

  it('returns no text and no sources when there are no passages', () => {
    expect(answerExtractively('童子河什么时候动工？', [], 'zh-Hans')).toEqual({ text: '', sources: [] });
  });
});

describe('itemSegment', () => {
  const paragraph =
    '徐偉南指出,當前,要抓好五個“精心組織”。一是精心組織文明城市創建活動。文明城市是科學發展的名片。' +
    '二是精心組織經濟生產正常運行。要開好全區經濟工作分析會議。三是精心組織城市建設、旅游工作的招商考察工作。';

  it('returns the head of an enumerated item and its details, stopping at the next item', () => {
    expect(itemSegment(paragraph, 2)).toEqual(['二是精心組織經濟生產正常運行。', '要開好全區經濟工作分析會議。']);
  });

  it('returns nothing for an item the paragraph does not have', () => {
    expect(itemSegment(paragraph, 5)).toEqual([]);
  });
});

describe('answerItem', () => {
  it('quotes the asked-for item in the reader’s script with a citation', async () => {
    const meeting = (await loadCorpus(SEEDS_DIR)).meetings[4];
    const paragraph = meeting?.paragraphs[2];
    if (!meeting || !paragraph) throw new Error('seed 004 ¶3 is missing');
    const passage = { meeting, paragraph, score: 1, similarity: 1, coverage: 1, chunk: { start: 0, end: 0, text: '' } };

    const quoted = answerItem(passage, 2, 'zh-Hans');

    expect(quoted?.text).toMatch(/^二是精心组织经济生产正常运行。\[1\]要开好全区经济工作分析会议/u);
    expect(quoted?.text).not.toContain('三是');
    expect(quoted?.sources).toEqual([passage]);
  });
});
