import { describe, expect, it } from 'vitest';
import { parseCitedSentences, SUPPORT_THRESHOLD, supportRatio, verifyReply } from '../../src/answer/verify.js';

/** Three paragraphs as the seeds write them: 004 in traditional script, 001 in simplified. */
const PASSAGES = [
  '五是全力以赴推進水利工程建設。特別是童子河的規劃設計,確保今年秋冬期全面動工。',
  '一是持续改善空气质量。深入实施大气污染防治行动计划,强化工业污染源治理,严格控制扬尘污染。',
  '二是切实保护水资源。全面落实河长制湖长制,加强饮用水水源地保护。',
];

describe('verifyReply', () => {
  it('keeps a citation whose sentence the cited paragraph supports, in either script', () => {
    const verified = verifyReply('童子河的规划设计要确保今年秋冬期全面动工。[1]', PASSAGES);

    expect(verified).toMatchObject({
      text: '童子河的规划设计要确保今年秋冬期全面动工。[1]',
      sources: [1],
      dangling: 0,
    });
  });

  it('drops a citation that points to no passage', () => {
    const verified = verifyReply('要持续改善空气质量。[2]要全面落实河长制湖长制。[9]', PASSAGES);

    expect(verified.text).toBe('要持续改善空气质量。[1]要全面落实河长制湖长制。');
    expect(verified.sources).toEqual([2]);
    expect(verified.dangling).toBe(1);
  });

  it('drops a citation whose sentence has nothing to do with the cited paragraph', () => {
    const verified = verifyReply('要持续改善空气质量。[2]今年春节联欢晚会的收视率创新高。[1]', PASSAGES);

    expect(verified.text).toBe('要持续改善空气质量。[1]今年春节联欢晚会的收视率创新高。');
    expect(verified.sources).toEqual([2]);
    expect(verified.unsupported).toBe(1);
  });

  it('renumbers citations by first use', () => {
    const verified = verifyReply(
      '要全面落实河长制湖长制。[3]要持续改善空气质量。[2]河长制要加强水源地保护。[3]',
      PASSAGES,
    );

    expect(verified.text).toBe('要全面落实河长制湖长制。[1]要持续改善空气质量。[2]河长制要加强水源地保护。[1]');
    expect(verified.sources).toEqual([3, 2]);
  });

  it('keeps citations of sentences it cannot check (English) and counts them', () => {
    const verified = verifyReply('The Tongzi River works must start this autumn. [1]', PASSAGES);

    expect(verified.sources).toEqual([1]);
    expect(verified.unchecked).toBe(1);
  });
});

describe('supportRatio', () => {
  it('is high for a quote and low for an unrelated sentence', () => {
    expect(supportRatio('確保今年秋冬期全面動工', PASSAGES[0] ?? '')).toBe(1);
    expect(supportRatio('今年春节联欢晚会的收视率创新高', PASSAGES[0] ?? '')).toBeLessThan(SUPPORT_THRESHOLD);
  });
});

describe('parseCitedSentences', () => {
  it('reads grouped citations like [1, 2] and [1][3]', () => {
    expect(parseCitedSentences('甲。[1, 2]乙。[1][3]')).toEqual([
      { text: '甲。', citations: [1, 2], lineEnd: false },
      { text: '乙。', citations: [1, 3], lineEnd: false },
    ]);
  });
});
