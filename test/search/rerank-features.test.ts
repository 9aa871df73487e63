import { describe, expect, it } from 'vitest';
import { quotedMatch, quotedTitles, rerankScore } from '../../src/search/rerank-features.js';

describe('quotedTitles', () => {
  it('lists the distinct spans quoted as 《…》, 「…」, 『…』 or “…”', () => {
    expect(quotedTitles('《光学》的作者是谁？《光学》与《几何原本》')).toEqual(['光学', '几何原本']);
    expect(quotedTitles('「blucher」是由谁制作的？“放管服”改革')).toEqual(['blucher', '放管服']);
    expect(quotedTitles('光学的作者是谁？')).toEqual([]);
  });
});

describe('quotedMatch', () => {
  it('scores a paragraph that quotes the title above one that names it bare', () => {
    const titles = ['山路'];
    expect(quotedMatch(titles, '他尚有另一部作品《山路》，以抗日战争为背景。')).toBe(1);
    expect(quotedMatch(titles, '沿着山路走到村口。')).toBe(0.5);
    expect(quotedMatch(titles, '他演出了一部战争片。')).toBe(0);
  });

  it('takes any quotation marks in the paragraph for quoting', () => {
    expect(quotedMatch(['blucher'], '他建造了「blucher」号机车。')).toBe(1);
    expect(quotedMatch(['放管服'], '深化“放管服”改革。')).toBe(1);
  });

  it('is 0 for a query that quotes no title', () => {
    expect(quotedMatch([], '《山路》')).toBe(0);
  });
});

describe('rerankScore', () => {
  it('sums the features by their weights', () => {
    const features = { fused: 0, bm25: 0.5, sentence: 1, coverage: 0.5, list: 1, quoted: 1 };
    const weights = { fused: 0, bm25: 1, sentence: 1, coverage: 0.3, list: 0.15, quoted: 1 };
    expect(rerankScore(features, weights)).toBeCloseTo(0.5 + 1 + 0.15 + 0.15 + 1);
  });
});
