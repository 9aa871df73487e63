import { describe, expect, it } from 'vitest';
import { hasPieces, phraseShare, pieceCoverage, piecesOf, wordCredit } from '../../src/answer/topic-pieces.js';

describe('piecesOf', () => {
  it('splits a long word into the two-character words jieba finds in it', () => {
    expect(piecesOf('第四季度')).toEqual(expect.arrayContaining(['四季', '季度']));
    expect(piecesOf('文明城市')).toEqual(expect.arrayContaining(['文明', '城市']));
  });

  it('keeps a two-character word whole, so it is said or not', () => {
    expect(piecesOf('安全')).toEqual(['安全']);
    expect(hasPieces('安全')).toBe(false);
    expect(hasPieces('招商引资')).toBe(true);
  });
});

describe('wordCredit', () => {
  it('credits a word the reports use for it with most of the word', () => {
    expect(wordCredit('冲刺', '全力决胜四季度')).toBeCloseTo(0.8);
    expect(wordCredit('招商引资', '精心组织好各地区招商活动')).toBeGreaterThanOrEqual(0.8);
    expect(wordCredit('冲刺', '全力做好四季度工作')).toBe(0);
  });

  it('gives full credit to a text that holds the word', () => {
    expect(wordCredit('招商引资', '狠抓招商引资')).toBe(1);
  });

  it('credits 四季度 with most of 第四季度 but 二季度 with less than half', () => {
    expect(wordCredit('第四季度', '全力决胜四季度')).toBeGreaterThan(0.6);
    expect(wordCredit('第四季度', '奋战二季度')).toBeLessThan(0.5);
  });

  it('gives nothing for the last piece alone, which says only what kind of thing the word is', () => {
    expect(wordCredit('二季度', '全力决胜四季度')).toBe(0);
    expect(wordCredit('招商引资', '抓好招商活动')).toBeGreaterThan(0.3);
  });

  it('gives a word said only in scattered pieces less than most of a topic', () => {
    expect(wordCredit('城市建设', '精致建设，实施城市提质工程')).toBeLessThan(0.66);
    expect(wordCredit('城市建设', '精致建设，实施城市提质工程')).toBeGreaterThan(0.5);
  });
});

describe('pieceCoverage', () => {
  it('finds most of 创建文明城市 in 文明创建 and little of it in a text that only says 城市', () => {
    expect(pieceCoverage(['创建', '文明城市'], '通报了一季度文明创建情况')).toBeGreaterThan(0.66);
    expect(pieceCoverage(['创建', '文明城市'], '不断优化城市功能')).toBeLessThan(0.34);
  });

  it('is 0 for no words', () => {
    expect(pieceCoverage([], '任何文字')).toBe(0);
  });
});

describe('phraseShare', () => {
  it('tells a text that says a phrase as written from one that says its words apart', () => {
    expect(phraseShare(['文明城市', '创建'], '精心组织文明城市创建活动')).toBe(1);
    expect(phraseShare(['文明城市', '创建'], '迎接全国文明城市暗访测评，巩固卫生城市创建成果')).toBeCloseTo(4 / 6);
    expect(phraseShare(['文明城市', '创建'], '安全生产')).toBe(0);
  });

  it('takes the words in either order, as 创建文明城市 is also said 文明城市创建', () => {
    expect(phraseShare(['创建', '文明城市'], '精心组织文明城市创建活动')).toBe(1);
  });
});
