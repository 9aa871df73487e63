import { describe, expect, it } from 'vitest';
import { percentile, ratio } from '../../src/eval/stats.js';

describe('percentile', () => {
  it('interpolates between the closest ranks', () => {
    expect(percentile([4, 1, 3, 2], 50)).toBe(2.5);
  });

  it('returns the largest value at the 100th percentile', () => {
    expect(percentile([5, 9, 1], 100)).toBe(9);
  });

  it('returns 0 for no values', () => {
    expect(percentile([], 95)).toBe(0);
  });
});

describe('ratio', () => {
  it('is 0 when there is nothing to divide by', () => {
    expect(ratio(3, 0)).toBe(0);
  });
});
