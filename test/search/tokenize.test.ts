import { describe, expect, it } from 'vitest';
import { hanBigrams, lexicalTerms, tokenizeWords } from '../../src/search/tokenize.js';

describe('lexicalTerms', () => {
  it('gives the same terms for traditional and simplified writing', () => {
    expect(lexicalTerms('鐘樓區精心組織文明城市創建活動')).toEqual(lexicalTerms('钟楼区精心组织文明城市创建活动'));
  });

  it('combines words with ~-prefixed character bigrams', () => {
    const terms = lexicalTerms('改善空气质量');

    expect(terms).toContain('空气质量');
    expect(terms).toContain('~改善');
    expect(terms).toContain('~气质');
  });
});

describe('tokenizeWords', () => {
  it('drops punctuation, question words and particles', () => {
    const words = tokenizeWords('如何推进城乡一体化供水？');

    expect(words).toContain('城乡');
    expect(words).toContain('供水');
    expect(words).not.toContain('如何');
    expect(words).not.toContain('？');
  });
});

describe('hanBigrams', () => {
  it('pairs neighbouring Han characters within each run, ignoring quotation marks', () => {
    expect(hanBigrams('五个“精心组织”,ok')).toEqual(['五个', '个精', '精心', '心组', '组织']);
  });
});
