import { describe, expect, it } from 'vitest';
import { pickFactQuotes } from '../../src/answer/extractive.js';
import type { Meeting } from '../../src/corpus/meeting.js';
import type { Passage } from '../../src/search/retriever.js';

const title = '西城区召开招商引资推进会';
const first = title;
const second = '会议要求,招商项目要做到签约一个、落地一个,限时办结。';
const meeting = {
  id: 'w',
  number: 1,
  title,
  place: '西城区',
  date: '',
  paragraphs: [
    { n: 1, text: first },
    { n: 2, text: second },
  ],
} as unknown as Meeting;

function passage(n: number, text: string): Passage {
  return {
    meeting,
    paragraph: { n, text },
    score: 1,
    chunk: { start: 0, end: text.length, text },
    similarity: 0,
    coverage: 0.5,
  };
}

describe('pickFactQuotes and the title line', () => {
  it('does not quote the title, which ¶1 holds alone, as an answer though ¶1 ranks first', () => {
    const quotes = pickFactQuotes('西城区招商引资推进会对项目落地有什么要求', [passage(1, first), passage(2, second)]);

    expect(quotes.map((q) => q.text)).not.toContain(title);
    expect(quotes.some((q) => q.text.includes('签约一个、落地一个'))).toBe(true);
  });
});
