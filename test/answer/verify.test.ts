import { describe, expect, it } from 'vitest';
import {
  parseCitedSentences,
  SUPPORT_THRESHOLD,
  supportRatio,
  verifyDraft,
  verifyReply,
} from '../../src/answer/verify.js';

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

    expect(verified.text).toBe('要持续改善空气质量。[1]');
    expect(verified.sources).toEqual([2]);
    expect(verified.dangling).toBe(1);
  });

  it('drops a citation whose sentence has nothing to do with the cited paragraph', () => {
    const verified = verifyReply('要持续改善空气质量。[2]今年春节联欢晚会的收视率创新高。[1]', PASSAGES);

    expect(verified.text).toBe('要持续改善空气质量。[1]');
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

  it('drops a sentence whose only citation is removed, and counts it', () => {
    const verified = verifyReply('要持续改善空气质量。[2]此外还要求建设月球基地。[99]', PASSAGES);

    expect(verified.text).toBe('要持续改善空气质量。[1]');
    expect(verified.droppedSentences).toBe(1);
  });

  it('drops a sentence that carries no citation', () => {
    const verified = verifyReply('要持续改善空气质量。[2]会议决定解散区政府。', PASSAGES);

    expect(verified.text).toBe('要持续改善空气质量。[1]');
    expect(verified.droppedSentences).toBe(1);
  });

  it('drops a sentence that adds a claim of its own to words of the cited paragraph', () => {
    const verified = verifyReply('深入实施大气污染防治行动计划,向火星移民一百万人。[2]', PASSAGES);

    expect(verified.text).toBe('');
    expect(verified.unsupported).toBe(1);
  });

  it('drops a sentence that states a number the cited paragraph does not', () => {
    const verified = verifyReply('童子河要确保2030年秋冬期全面动工。[1]', PASSAGES);

    expect(verified.sources).toEqual([]);
  });

  it('drops an English sentence that quotes no Chinese evidence, whatever it cites', () => {
    const verified = verifyReply('The meeting decided to relocate the district government to Mars.[1][2]', PASSAGES);

    expect(verified).toMatchObject({ text: '', sources: [], unsupported: 2, droppedSentences: 1 });
  });

  it('keeps an English sentence whose quoted Chinese evidence the cited paragraph contains', () => {
    const verified = verifyReply(
      'The Tongzi River works must start this autumn 「确保今年秋冬期全面动工」.[1]',
      PASSAGES,
    );

    expect(verified.sources).toEqual([1]);
    expect(verified.text).toContain('Tongzi River');
  });

  it('separates English sentences by a space even when they quote Chinese', () => {
    const verified = verifyReply(
      'Start this autumn 「确保今年秋冬期全面动工」.[1] Improve the air 「持续改善空气质量」.[2]',
      PASSAGES,
    );

    expect(verified.text).toBe(
      'Start this autumn 「确保今年秋冬期全面动工」.[1] Improve the air 「持续改善空气质量」.[2]',
    );
  });

  it('drops an English sentence whose quoted evidence is not in the cited paragraph', () => {
    const verified = verifyReply('The district moves to Mars 「区政府整体搬迁至火星」.[1]', PASSAGES);

    expect(verified.sources).toEqual([]);
  });
});

describe('verifyDraft', () => {
  it('shows the complete verified sentences of a reply still streaming and holds back the last one', () => {
    const passages = PASSAGES;

    expect(verifyDraft('要持续改善空气质量。[2]会议决定', passages).text).toBe('要持续改善空气质量。[1]');
    expect(verifyDraft('要持续改善空气质量。', passages).text).toBe('');
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

describe('parseCitedSentences in lists', () => {
  it('keeps the number of a numbered list with its item', () => {
    expect(
      parseCitedSentences('1. 要持续改善空气质量。[2]\n2. 要全面落实河长制湖长制。[3]').map((s) => s.text),
    ).toEqual(['1. 要持续改善空气质量。', '2. 要全面落实河长制湖长制。']);
  });
});

describe('verifyReply of a numbered list', () => {
  it('checks each item without its number', () => {
    const verified = verifyReply('1. 要持续改善空气质量。[2]\n2. 要全面落实河长制湖长制。[3]', PASSAGES);

    expect(verified.text).toBe('1. 要持续改善空气质量。[1]\n2. 要全面落实河长制湖长制。[2]');
    expect(verified.droppedSentences).toBe(0);
  });
});

describe('parseCitedSentences in English', () => {
  it('splits at full stops before a space or a citation, not inside numbers', () => {
    expect(parseCitedSentences('It rose 3.5 percent.[1] Then it fell. [2]').map((s) => [s.text, s.citations])).toEqual([
      ['It rose 3.5 percent.', [1]],
      ['Then it fell.', [2]],
    ]);
  });
});
