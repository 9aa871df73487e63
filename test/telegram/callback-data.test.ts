import { describe, expect, it } from 'vitest';
import { type CallbackAction, decodeCallback, encodeCallback } from '../../src/telegram/callback-data.js';

describe('callback data', () => {
  it('round-trips every action and stays within 64 bytes for large numbers', () => {
    const actions: CallbackAction[] = [
      { kind: 'paragraph', meeting: 999_999, paragraph: 9_999_999 },
      { kind: 'navigate', meeting: 4, paragraph: 12 },
      { kind: 'summary', meeting: 5 },
    ];
    for (const action of actions) {
      const data = encodeCallback(action);
      expect(Buffer.byteLength(data)).toBeLessThanOrEqual(64);
      expect(decodeCallback(data)).toEqual(action);
    }
  });

  it('rejects data it did not make', () => {
    expect(decodeCallback('p:1')).toBeUndefined();
    expect(decodeCallback('x:1:2')).toBeUndefined();
  });
});
