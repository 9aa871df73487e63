import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { LexicalIndex } from '../../src/search/lexical-index.js';
import { decodeLexicalIndex, encodeLexicalIndex, writeLexicalIndex } from '../../src/search/lexical-store.js';
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

  it('writes the same bytes to disk as it encodes in memory', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'lexical-'));
    const index = build();

    await writeLexicalIndex(join(dir, 'terms.json'), join(dir, 'postings.bin'), index);

    const encoded = encodeLexicalIndex(index);
    expect(await readFile(join(dir, 'terms.json'), 'utf8')).toBe(encoded.terms);
    expect((await readFile(join(dir, 'postings.bin'))).equals(encoded.postings)).toBe(true);
    await rm(dir, { recursive: true, force: true });
  });

  it('merges postings built over interleaved labels into what adding every chunk gives', () => {
    const even = new LexicalIndex();
    const odd = new LexicalIndex();
    const all = new LexicalIndex();
    CHUNKS.forEach((text, label) => {
      (label % 2 === 0 ? even : odd).add(label, lexicalTerms(text));
      all.add(label, lexicalTerms(text));
    });
    const merged = new LexicalIndex();

    merged.addData([odd.toData(), even.toData()]);

    const query = lexicalTerms('空气质量 医疗卫生');
    expect(merged.size).toBe(all.size);
    expect(merged.search(query, 5)).toEqual(all.search(query, 5));
    expect([...merged.labelLengths()]).toEqual([...all.labelLengths()]);
  });

  it('refuses to merge a label it already holds, and stays as it was', () => {
    const index = build();
    const other = new LexicalIndex();
    other.add(1, lexicalTerms('空气质量'));
    const before = index.search(lexicalTerms('空气质量'), 5);

    expect(() => index.addData([other.toData()])).toThrow(/label 1 is already indexed/);
    expect(index.search(lexicalTerms('空气质量'), 5)).toEqual(before);
  });

  it('rejects a postings file that does not match its term table', () => {
    const encoded = encodeLexicalIndex(build());

    expect(() => decodeLexicalIndex(encoded.terms, encoded.postings.subarray(0, encoded.postings.length - 2))).toThrow(
      /expected/,
    );
    expect(() => decodeLexicalIndex('["空气"]', encoded.postings)).toThrow(/term table/);
  });

  it('scores a paragraph split into chunks exactly as one document holding all its terms', () => {
    const chunked = new LexicalIndex();
    const whole = new LexicalIndex();
    // Paragraph 0 is chunks 0 and 1; paragraphs 1 and 2 are one chunk each.
    CHUNKS.forEach((text, label) => {
      chunked.add(label, lexicalTerms(text));
    });
    chunked.add(3, lexicalTerms('加强饮用水水源地保护,改善空气质量。'));
    const groupOf = Int32Array.from([0, 0, 1, 2]);
    const lengths = [0, 1, 2, 3].map((label) => chunked.labelLengths()[label] ?? 0);
    const groups = {
      groupOf,
      groupLengths: Float64Array.from([(lengths[0] ?? 0) + (lengths[1] ?? 0), lengths[2] ?? 0, lengths[3] ?? 0]),
      groupCount: 3,
      totalLength: lengths.reduce((sum, length) => sum + length, 0),
    };
    whole.add(0, [...lexicalTerms(CHUNKS[0] ?? ''), ...lexicalTerms(CHUNKS[1] ?? '')]);
    whole.add(1, lexicalTerms(CHUNKS[2] ?? ''));
    whole.add(2, lexicalTerms('加强饮用水水源地保护,改善空气质量。'));
    const query = lexicalTerms('如何保护饮用水水源地并改善空气质量？');

    const grouped = chunked.searchGroups(query, 3, groups);
    const expected = whole.search(query, 3);

    expect(grouped.map((hit) => hit.label)).toEqual(expected.map((hit) => hit.label));
    grouped.forEach((hit, i) => {
      expect(hit.score).toBeCloseTo(expected[i]?.score ?? Number.NaN, 9);
    });
  });

  it('leaves out groups the filter rejects and terms weighted zero', () => {
    const index = build();
    const groupLengths = Float64Array.from([0, 1, 2].map((label) => index.labelLengths()[label] ?? 0));
    const groups = {
      groupOf: Int32Array.from([0, 1, 2]),
      groupLengths,
      groupCount: 3,
      totalLength: groupLengths.reduce((sum, length) => sum + length, 0),
    };

    const filtered = index.searchGroups(lexicalTerms('空气质量 河长制'), 3, groups, { only: (group) => group !== 0 });
    const weighted = index.searchGroups(lexicalTerms('空气质量'), 3, groups, { weightOf: () => 0 });

    expect(filtered.map((hit) => hit.label)).toEqual([1]);
    expect(weighted).toEqual([]);
  });
});
