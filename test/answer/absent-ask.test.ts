import { describe, expect, it } from 'vitest';
import { asksAbsentThing } from '../../src/answer/absent-ask.js';
import { relevantPassages } from '../../src/answer/relevance.js';
import type { Meeting } from '../../src/corpus/meeting.js';
import type { Passage } from '../../src/search/retriever.js';

const text = '会议要求做好南湖旅游节的筹备工作，加快老城区棚户改造，推进小额信贷服务下乡。';
const meeting = {
  id: 'm',
  number: 1,
  title: '南湖区工作会议',
  place: '南湖区',
  date: '',
  paragraphs: [{ n: 1, text }],
};
const corpus = [meeting as unknown as Meeting];

function passage(): Passage {
  return {
    meeting: corpus[0] as Meeting,
    paragraph: { n: 1, text },
    score: 1,
    chunk: { start: 0, end: text.length, text },
    similarity: 0,
    coverage: 0.5,
    match: 0.5,
  };
}

describe('asksAbsentThing', () => {
  it('holds for a ticket, a house price or a loan rate the reports never mention', () => {
    for (const question of ['南湖旅游节的门票多少钱？', '南湖区老城区房价现在怎么样？', '小额信贷的利率是多少？'])
      expect(asksAbsentThing(question, corpus), question).toBe(true);
  });

  it('holds for the price a square metre', () => {
    expect(asksAbsentThing('南湖区老城区多少一平？', corpus)).toBe(true);
  });

  it('does not hold for a question about what the meeting said', () => {
    for (const question of ['南湖旅游节筹备得怎么样？', '老城区棚户改造有什么要求？', '小额信贷下乡怎么推进？'])
      expect(asksAbsentThing(question, corpus), question).toBe(false);
  });

  it('does not hold when a meeting mentions the asked thing', () => {
    const withTickets = [
      { ...meeting, paragraphs: [{ n: 1, text: '旅游节门票收入增长两成。' }] } as unknown as Meeting,
    ];

    expect(asksAbsentThing('南湖旅游节门票收入怎么样？', withTickets)).toBe(false);
  });

  it('makes relevantPassages keep nothing, though the passage names the place or event', () => {
    expect(relevantPassages('南湖旅游节门票在哪买', [passage()], corpus)).toEqual([]);
    expect(relevantPassages('南湖旅游节的筹备工作', [passage()], corpus)).toHaveLength(1);
  });
});
