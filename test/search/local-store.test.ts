import { describe, expect, it } from 'vitest';
import type { SearchIndex, StoredChunk } from '../../src/search/index-store.js';
import { LexicalIndex } from '../../src/search/lexical-index.js';
import { createLocalSnapshot } from '../../src/search/local-store.js';
import { lexicalTerms } from '../../src/search/tokenize.js';
import { VectorIndex } from '../../src/search/vector-index.js';

/** A paragraph's chunks stored under labels that do not follow their start (as after an incremental update). */
function indexWithShuffledLabels(): SearchIndex {
  const chunks: StoredChunk[] = [
    { label: 0, meetingId: 'b', paragraph: 1, start: 40, end: 60 },
    { label: 1, meetingId: 'a', paragraph: 2, start: 0, end: 20 },
    { label: 2, meetingId: 'b', paragraph: 1, start: 0, end: 20 },
    { label: 3, meetingId: 'b', paragraph: 1, start: 20, end: 40 },
  ];
  const lexical = new LexicalIndex();
  for (const chunk of chunks) lexical.add(chunk.label, lexicalTerms(`推进城市更新项目建设第${chunk.label}段`));
  return {
    manifest: {} as SearchIndex['manifest'],
    meetings: [],
    chunks: new Map(chunks.map((chunk) => [chunk.label, chunk])),
    lexical,
    vectors: VectorIndex.create(8, { m: 8, efConstruction: 50, efSearch: 20 }),
  };
}

describe('createLocalSnapshot', () => {
  it('numbers a paragraph’s chunks by their start, whatever their labels', async () => {
    const snapshot = createLocalSnapshot(indexWithShuffledLabels());
    const hits = await snapshot.searchLexical(lexicalTerms('城市更新'), { k: 10 });
    const ordinals = hits
      .map(({ chunk }) => `${chunk.meetingId}#${chunk.paragraph}@${chunk.start}:${chunk.ordinal}`)
      .sort();
    expect(ordinals).toEqual(['a#2@0:0', 'b#1@0:0', 'b#1@20:1', 'b#1@40:2']);
  });
});
