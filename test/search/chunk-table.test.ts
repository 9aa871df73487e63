import { describe, expect, it } from 'vitest';
import { decodeChunkTable, encodeChunkTable } from '../../src/search/chunk-table.js';
import type { StoredChunk } from '../../src/search/index-store.js';

const CHUNKS: StoredChunk[] = [
  { label: 0, meetingId: '000_大观区', paragraph: 1, start: 0, end: 120 },
  { label: 1, meetingId: '000_大观区', paragraph: 2, start: 0, end: 80 },
  { label: 5, meetingId: 'b.pdf', paragraph: 7, start: 200, end: 260 },
];

describe('chunk table', () => {
  it('decodes what it encoded, in label order, meeting ids in any script', () => {
    const decoded = decodeChunkTable(encodeChunkTable(CHUNKS));

    expect([...decoded.values()]).toEqual(CHUNKS);
    expect(decoded.get(5)?.meetingId).toBe('b.pdf');
  });

  it('decodes a table that does not start on a 4-byte boundary', () => {
    const encoded = encodeChunkTable(CHUNKS);
    const shifted = Buffer.alloc(encoded.length + 1);
    encoded.copy(shifted, 1);

    expect([...decodeChunkTable(shifted.subarray(1)).values()]).toEqual(CHUNKS);
  });

  it('refuses a truncated table and a file of another kind', () => {
    const encoded = encodeChunkTable(CHUNKS);

    expect(() => decodeChunkTable(encoded.subarray(0, encoded.length - 4))).toThrow(/chunk table has \d+ bytes/);
    expect(() => decodeChunkTable(Buffer.from('{"meetings":[]}'))).toThrow(/not a chunk table/);
  });
});
