import { describe, expect, it } from 'vitest';
import { createRandom } from '../../src/bench/random.js';
import { LexicalIndex } from '../../src/search/lexical-index.js';

/** A corpus with a skewed vocabulary (a few terms in most chunks, many rare ones), as long postings make real ones. */
function makeCorpus(chunks: number, vocabulary: number, seed: number): string[][] {
  const random = createRandom(seed);
  return Array.from({ length: chunks }, () =>
    Array.from({ length: random.int(5, 40) }, () => `t${Math.floor(vocabulary * random.next() ** 3)}`),
  );
}

function makeQueries(count: number, vocabulary: number, seed: number): string[][] {
  const random = createRandom(seed);
  return Array.from({ length: count }, () =>
    Array.from({ length: random.int(1, 12) }, () => `t${Math.floor(vocabulary * random.next() ** 2)}`),
  );
}

function bm25(idf: number, tf: number, k1: number, b: number, length: number, average: number): number {
  return (idf * tf * (k1 + 1)) / (tf + k1 * (1 - b + (b * length) / average));
}

/** Plain BM25 over documents given as term lists: every term summed in query order, top k by score then document. */
function naiveTopK(
  documents: (string[] | undefined)[],
  query: string[],
  k: number,
  settings: { k1: number; b: number; weightOf?: (term: string) => number },
) {
  const live = documents.flatMap((terms, doc) => (terms ? [{ doc, terms }] : []));
  const average = live.reduce((sum, { terms }) => sum + terms.length, 0) / Math.max(1, live.length);
  const scores = new Map<number, number>();
  for (const term of new Set(query)) {
    const weight = settings.weightOf?.(term) ?? 1;
    const matching = live.filter(({ terms }) => terms.includes(term));
    if (matching.length === 0 || weight <= 0) continue;
    const idf = Math.log(1 + (live.length - matching.length + 0.5) / (matching.length + 0.5)) * weight;
    for (const { doc, terms } of matching) {
      const tf = terms.filter((t) => t === term).length;
      scores.set(doc, (scores.get(doc) ?? 0) + bm25(idf, tf, settings.k1, settings.b, terms.length, average));
    }
  }
  return [...scores]
    .sort((x, y) => y[1] - x[1] || x[0] - y[0])
    .slice(0, k)
    .map(([label, score]) => ({ label, score }));
}

describe('BM25 top k with MaxScore pruning', () => {
  const corpus = makeCorpus(1500, 400, 11);
  const queries = makeQueries(60, 400, 12);
  const index = new LexicalIndex();
  corpus.forEach((terms, label) => {
    index.add(label, terms);
  });

  it('returns exactly the chunks and scores of scoring every term in full', () => {
    for (const query of queries) {
      for (const k of [1, 10, 50]) {
        expect(index.search(query, k)).toEqual(naiveTopK(corpus, query, k, { k1: 1.2, b: 0.75 }));
      }
    }
  });

  it('returns exactly the paragraphs and scores of BM25 over whole paragraphs, chunks grouped out of label order', () => {
    const random = createRandom(13);
    // Groups of one to three chunks whose numbers do not follow label order, as after incremental ingests.
    const groupOf = new Int32Array(corpus.length).fill(-1);
    const labels: number[][] = [];
    for (let label = 0; label < corpus.length; ) {
      const size = Math.min(random.int(1, 3), corpus.length - label);
      labels.push(Array.from({ length: size }, (_, i) => label + i));
      label += size;
    }
    const order = labels.map((_, i) => i).sort(() => random.next() - 0.5);
    const grouped = order.map((i) => labels[i] as number[]);
    grouped.forEach((members, group) => {
      for (const label of members) groupOf[label] = group;
    });
    const paragraphs = grouped.map((members) => members.flatMap((label) => corpus[label] ?? []));
    const groupLengths = Float64Array.from(paragraphs, (terms) => terms.length);
    const groups = {
      groupOf,
      groupLengths,
      groupCount: grouped.length,
      totalLength: groupLengths.reduce((sum, length) => sum + length, 0),
      labels: grouped,
    };
    const weightOf = (term: string) => (term.length % 2 === 0 ? 2 : 1);
    for (const query of queries) {
      for (const k of [1, 20, 50]) {
        const pruned = index.searchGroups(query, k, groups, { k1: 0.9, b: 0.3, weightOf });
        expect(pruned).toEqual(naiveTopK(paragraphs, query, k, { k1: 0.9, b: 0.3, weightOf }));
        const { labels: _labels, ...unpruned } = groups;
        expect(index.searchGroups(query, k, unpruned, { k1: 0.9, b: 0.3, weightOf })).toEqual(pruned);
      }
    }
  });

  it('searches the changed postings after chunks are removed and added', () => {
    const changed = new LexicalIndex();
    const documents: (string[] | undefined)[] = [...corpus];
    corpus.forEach((terms, label) => {
      changed.add(label, terms);
    });
    const groupsOf = (docs: (string[] | undefined)[]) => {
      const groupLengths = Float64Array.from(docs, (terms) => terms?.length ?? 0);
      return {
        groupOf: Int32Array.from(docs, (terms, label) => (terms ? label : -1)),
        groupLengths,
        groupCount: docs.filter(Boolean).length,
        totalLength: groupLengths.reduce((sum, length) => sum + length, 0),
        labels: docs.map((terms, label) => (terms ? [label] : [])),
      };
    };
    const removed = Array.from({ length: 500 }, (_, i) => i * 3);
    changed.remove(removed);
    for (const label of removed) documents[label] = undefined;
    changed.add(corpus.length, ['t0', 't1', 't1']);
    documents.push(['t0', 't1', 't1']);

    for (const q of queries.slice(0, 10)) {
      expect(changed.search(q, 10)).toEqual(naiveTopK(documents, q, 10, { k1: 1.2, b: 0.75 }));
      expect(changed.searchGroups(q, 10, groupsOf(documents), { k1: 0.9, b: 0.3 })).toEqual(
        naiveTopK(documents, q, 10, { k1: 0.9, b: 0.3 }),
      );
    }
  });
});
