import { describe, expect, it } from 'vitest';
import { normalizeText } from '../../src/corpus/script.js';
import { sentenceMatch, weighQueryFeatures } from '../../src/search/sentence-match.js';

const query = weighQueryFeatures(normalizeText('童子河什么时候全面动工？'), ['全面动工'], () => 1);

describe('sentenceMatch', () => {
  it('scores a paragraph that says the question words in one sentence above one that scatters them', () => {
    const together = normalizeText('會議要求童子河年內全面動工。其他工作照常。');
    const scattered = normalizeText('童子河的規劃已經完成。下半年全面推進。項目動工在即。');

    expect(sentenceMatch(query, together)).toBeGreaterThan(sentenceMatch(query, scattered));
  });

  it('finds the scattered words when the window spans the sentences that hold them', () => {
    const scattered = normalizeText('童子河的規劃已經完成。下半年全面推進。項目動工在即。');

    expect(sentenceMatch(query, scattered, 3)).toBeGreaterThan(sentenceMatch(query, scattered, 1));
  });

  it('gives 0 to a paragraph without any of the question words and at most 1 to any paragraph', () => {
    expect(sentenceMatch(query, normalizeText('今年糧食產量穩定。'))).toBe(0);
    expect(sentenceMatch(query, normalizeText('童子河什么时候全面动工'))).toBeLessThanOrEqual(1);
  });
});
