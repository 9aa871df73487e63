import { describe, expect, it } from 'vitest';
import { isHeadline } from '../../src/answer/across-quotes.js';

describe('isHeadline', () => {
  it('takes a title or subtitle line without a closing mark for a headline', () => {
    expect(isHeadline('冲刺四季度 打好收官战')).toBe(true);
    expect(isHeadline('骆高燕在渝鄂湘黔边际区域中心城市建设推进大会上强调')).toBe(true);
  });

  it('takes a closed sentence, however short, for a reporting sentence', () => {
    expect(isHeadline('同时,狠抓招商引资。')).toBe(false);
    expect(isHeadline('要全力攻坚冲刺四季度,抓好年度任务目标;')).toBe(false);
  });
});
