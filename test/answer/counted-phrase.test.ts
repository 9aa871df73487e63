import { describe, expect, it } from 'vitest';
import { countedChars } from '../../src/answer/counted-phrase.js';
import { normalizePhrase } from '../../src/eval/completeness.js';
import { useSeedAssistant } from '../helpers/seed-assistant.js';

describe('countedChars', () => {
  it('reads the length a question gives a formula, in numerals or digits', () => {
    expect(countedChars('那个十六字方针是什么')).toBe(16);
    expect(countedChars('八個字的要求')).toBe(8);
    expect(countedChars('二十字方针')).toBe(20);
    expect(countedChars('12字要求')).toBe(12);
  });

  it('ignores a named character and lengths too short to be a formula', () => {
    expect(countedChars('围绕一个“稳”字提了什么')).toBeUndefined();
    expect(countedChars('两字')).toBeUndefined();
    expect(countedChars('招商工作怎么做')).toBeUndefined();
  });
});

describe('a question naming a formula by its length', () => {
  const suite = useSeedAssistant();

  it('quotes the four four-character phrases for 十六字 rather than the paragraph that ranks first', async () => {
    const answer = await suite.assistant.ask('钟楼区招商引资的十六字是哪些');

    const text = normalizePhrase(answer.answer);
    for (const phrase of ['主动出击', '盯住不放', '快速签约', '尽早落地']) expect(text).toContain(phrase);
    expect(answer.citations[0]?.paragraph).toBe(4);
  });

  it('quotes the eight-character slogans for 八字 in the question’s script', async () => {
    const answer = await suite.assistant.ask('鐘樓區拆遷工作那幾個八字要求');

    expect(answer.answer).toContain('統一政策、嚴格執行');
  });
});
