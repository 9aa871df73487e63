import { describe, expect, it } from 'vitest';
import { growthQuote } from '../../src/answer/indicators.js';
import type { Passage } from '../../src/search/retriever.js';

const passages = [
  {
    meeting: { id: '009_test' },
    paragraph: { text: '会议指出,今年以来全区经济运行总体平稳、稳中向好。明年要确保完成各项目标任务。' },
  },
] as unknown as Passage[];

describe('growthQuote', () => {
  it('quotes how the economy did for a growth figure the report does not give', () => {
    expect(growthQuote('全区地区生产总值增长了多少', passages)?.text).toContain('经济运行总体平稳');
  });

  it('leaves a question about a growth target alone, since how the economy did does not answer it', () => {
    expect(growthQuote('明年经济增长目标是多少', passages)).toBeUndefined();
    expect(growthQuote('经济增长的预期是多少', passages)).toBeUndefined();
  });
});
