import { describe, expect, it } from 'vitest';
import { copyVectors, measureHnswRecall } from '../../src/bench/hnsw-recall.js';
import { createRandom } from '../../src/bench/random.js';
import { VectorIndex } from '../../src/search/vector-index.js';

function randomUnitVectors(count: number, dimension: number, seed: number): Float32Array[] {
  const random = createRandom(seed);
  return Array.from({ length: count }, () => {
    const vector = Float32Array.from({ length: dimension }, () => random.next() - 0.5);
    const norm = Math.hypot(...vector);
    return vector.map((value) => value / norm);
  });
}

describe('measureHnswRecall', () => {
  const vectors = randomUnitVectors(300, 16, 1);
  const queries = randomUnitVectors(20, 16, 2);

  it('is 1 when the search is wide enough to be exact', () => {
    const index = VectorIndex.create(16, { m: 16, efConstruction: 200, efSearch: 300 });
    index.add(vectors.map((vector, label) => ({ label, vector })));
    const matrix = copyVectors(
      index,
      vectors.map((_, label) => label),
    );
    expect(measureHnswRecall(index, matrix, queries, 10)).toBe(1);
  });

  it('falls below 1 when the graph is starved of links and candidates', () => {
    const index = VectorIndex.create(16, { m: 2, efConstruction: 2, efSearch: 1 });
    index.add(vectors.map((vector, label) => ({ label, vector })));
    const matrix = copyVectors(
      index,
      vectors.map((_, label) => label),
    );
    expect(measureHnswRecall(index, matrix, queries, 10)).toBeLessThan(1);
  });
});
