import { describe, expect, it } from 'vitest';
import { LexicalIndex } from '../../src/search/lexical-index.js';
import { decodeLexicalIndex, encodeLexicalIndex } from '../../src/search/lexical-store.js';
import { lexicalTerms } from '../../src/search/tokenize.js';

const CHUNKS = [
  '一是持续改善空气质量。深入实施大气污染防治行动计划,严格控制扬尘污染。',
  '二是切實保護水資源。全面落實河長制湖長制,加強飲用水水源地保護。',
  '二是深化医疗卫生体制改革。推进分级诊疗制度建设,提升基层医疗卫生服务能力。',
];

function build(): LexicalIndex {
  const index = new LexicalIndex();
  CHUNKS.forEach((text, label) => {
    index.add(label, lexicalTerms(text));
  });
  return index;
}

describe('LexicalIndex', () => {
  it('ranks the chunk that shares the query words first', () => {
    const hits = build().search(lexicalTerms('如何改善空气质量？'), 3);

    expect(hits[0]?.label).toBe(0);
    expect(hits.map((hit) => hit.score)).toEqual([...hits.map((hit) => hit.score)].sort((a, b) => b - a));
  });

  it('matches a simplified query against traditional text', () => {
    const hits = build().search(lexicalTerms('河长制湖长制'), 3);

    expect(hits[0]?.label).toBe(1);
  });

  it('no longer returns removed chunks', () => {
    const index = build();

    index.remove([0]);

    expect(index.size).toBe(2);
    expect(index.search(lexicalTerms('空气质量 扬尘污染'), 3).map((hit) => hit.label)).not.toContain(0);
  });

  it('returns only accepted labels when given a filter', () => {
    const hits = build().search(lexicalTerms('二是 医疗 水资源'), 3, (label) => label === 2);

    expect(hits.map((hit) => hit.label)).toEqual([2]);
  });

  it('returns nothing for words no chunk contains', () => {
    expect(build().search(lexicalTerms('量子计算机'), 3)).toEqual([]);
  });

  it('searches the same after a round trip through its persisted form', () => {
    const index = build();
    index.remove([1]);
    const query = lexicalTerms('医疗卫生 空气质量 水资源');

    const encoded = encodeLexicalIndex(index);
    const restored = decodeLexicalIndex(encoded.terms, Buffer.from(encoded.postings));

    expect(restored.size).toBe(2);
    expect(restored.search(query, 3)).toEqual(index.search(query, 3));
  });

  it('keeps accepting chunks after a round trip through its persisted form', () => {
    const encoded = encodeLexicalIndex(build());
    const restored = decodeLexicalIndex(encoded.terms, encoded.postings);

    restored.add(3, lexicalTerms('持续改善空气质量'));
    restored.remove([0]);

    expect(restored.size).toBe(3);
    expect(restored.search(lexicalTerms('空气质量'), 3).map((hit) => hit.label)).toEqual([3]);
  });

  it('rejects a postings file that does not match its term table', () => {
    const encoded = encodeLexicalIndex(build());

    expect(() => decodeLexicalIndex(encoded.terms, encoded.postings.subarray(0, encoded.postings.length - 2))).toThrow(
      /expected/,
    );
    expect(() => decodeLexicalIndex('["空气"]', encoded.postings)).toThrow(/term table/);
  });
});
