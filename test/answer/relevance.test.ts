import { describe, expect, it } from 'vitest';
import { asksOnlyOfItsName, contentWords, coversQuestion, relevantPassages } from '../../src/answer/relevance.js';
import type { Meeting } from '../../src/corpus/meeting.js';
import { coreWords, type Passage, queryCoverage } from '../../src/search/retriever.js';
import { tokenizeWords } from '../../src/search/tokenize.js';

function passage(text: string, title = '测试会议', query = '', match = 0): Passage {
  const meeting = {
    id: 'm',
    number: 1,
    title,
    place: '',
    date: '',
    paragraphs: [{ n: 1, text }],
  } as unknown as Meeting;
  return {
    meeting,
    paragraph: { n: 1, text },
    score: 1,
    chunk: { start: 0, end: text.length, text },
    similarity: 0,
    coverage: queryCoverage(coreWords(tokenizeWords(query)), text),
    match,
  };
}

describe('contentWords', () => {
  it('drops the words that only ask', () => {
    expect(contentWords('中华人民共和国的国庆是几月几日？')).toEqual(['中华人民共和国', '国庆']);
  });
});

describe('coversQuestion', () => {
  it('counts the meeting title as part of the paragraph for content words', () => {
    const question = '西双版纳傣族自治州的东南方与哪一个国家比邻？';
    const text = '本州东南方与老挝接壤，西南方与缅甸相连。';

    expect(coversQuestion(contentWords(question), passage(text, '测试会议', question))).toBe(false);
    expect(coversQuestion(contentWords(question), passage(text, '西双版纳傣族自治州', question))).toBe(true);
  });

  it('does not take one shared word for the topic of a question', () => {
    const question = '北京到上海的高铁票多少钱？';
    const text = '组织赴北京、深圳、苏州、无锡考察学习。';

    expect(coversQuestion(contentWords(question), passage(text, '测试会议', question))).toBe(false);
  });
});

describe('coversQuestion with partial words and one matching sentence', () => {
  const question = '什么交通工具在苏利南主要用于货运？';
  const words = contentWords(question);

  it('counts a long word the paragraph holds only in parts', () => {
    expect(coversQuestion(words, passage('苏利南以公路为主。', '测试会议', question))).toBe(false);
    expect(coversQuestion(words, passage('苏利南的交通以公路为主。', '测试会议', question))).toBe(true);
  });

  it('lets one sentence that says much of the question stand in for a second content word', () => {
    expect(coversQuestion(words, passage('苏利南以公路为主。', '测试会议', question, 0.1))).toBe(false);
    expect(coversQuestion(words, passage('苏利南以公路为主。', '测试会议', question, 0.3))).toBe(true);
  });

  it('still needs a quarter of the content words when a sentence matches', () => {
    expect(coversQuestion(words, passage('会议要求抓好安全生产工作。', '测试会议', question, 0.3))).toBe(false);
  });
});

describe('asksOnlyOfItsName', () => {
  const qianjiang = passage('黔江区召开推进大会,部署四季度工作。', '黔江区推进大会').meeting;

  it('holds when the question shares only the meeting’s name and asks what no meeting says', () => {
    expect(asksOnlyOfItsName(contentWords('后天黔江的气温是多少度？'), qianjiang, [qianjiang])).toBe(true);
  });

  it('does not hold when a word asked besides the name is in some meeting', () => {
    const other = passage('东区要做好下个月的气温监测。').meeting;

    expect(asksOnlyOfItsName(contentWords('后天黔江的气温是多少度？'), qianjiang, [qianjiang, other])).toBe(false);
  });

  it('does not hold for one unknown word, which may be the question’s wording of the report’s', () => {
    expect(asksOnlyOfItsName(contentWords('黔江要常抓不懈的五项工作是什么？'), qianjiang, [qianjiang])).toBe(false);
  });

  it('does not hold for a question about the report as a record', () => {
    expect(asksOnlyOfItsName(contentWords('黔江这篇稿件的作者是谁？'), qianjiang, [qianjiang])).toBe(false);
  });
});

describe('relevantPassages', () => {
  it('does not count the words that only frame the question (如果, 没有, 可能)', () => {
    const question = '如果没有铁路，台北府可能不会设置吗？';
    const about = passage('一八七五年奏请设立台北府，自此台北独立设治。', '测试会议', question);

    expect(coversQuestion(contentWords(question), about)).toBe(false);
    expect(relevantPassages(question, [about])).toEqual([about]);
  });

  it('keeps the passages about the question in their order', () => {
    const question = '台湾月均最高气温出现在哪个月？';
    const about = passage('台湾各地月均最高气温多出现在七月。', '测试会议', question);
    const other = passage('会议要求抓好安全生产工作。', '测试会议', question);

    expect(relevantPassages(question, [other, about])).toEqual([about]);
  });
});
