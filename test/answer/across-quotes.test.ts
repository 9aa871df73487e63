import { describe, expect, it } from 'vitest';
import { asWritten, isDirective, isHeadline } from '../../src/answer/across-quotes.js';

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

describe('isDirective', () => {
  it('takes a sentence that starts by telling what to do for a directive', () => {
    expect(isDirective('要以拼的韌性,著力提高招商精準度;')).toBe(true);
    expect(isDirective('必须紧扣全年目标任务,奋战二季度。')).toBe(true);
  });

  it('takes a report of what was said or done for no directive', () => {
    expect(isDirective('会上,各工作专班汇报了四季度工作安排。')).toBe(false);
    expect(isDirective('就做好二季度工作,他强调,要坚持问题导向。')).toBe(false);
  });
});

describe('asWritten', () => {
  it('scores a sentence holding the run whole above one holding part of it', () => {
    const whole = asWritten(['二季度工作'], '就做好二季度工作,他强调');
    const part = asWritten(['二季度工作'], '奋战二季度,确保双过半');

    expect(whole).toBe(1);
    expect(part).toBeCloseTo(0.6);
  });

  it('gives 0 without runs', () => {
    expect(asWritten([], '任何句子')).toBe(0);
  });
});
