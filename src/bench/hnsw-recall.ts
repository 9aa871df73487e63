import type { VectorIndex } from '../search/vector-index.js';

/** Live vectors copied out of the HNSW index into one matrix, for exact (brute-force) search. */
export interface VectorMatrix {
  labels: number[];
  dimension: number;
  rows: Float32Array;
}

/** Copies the stored (normalized) vectors of `labels` out of the index. */
export function copyVectors(vectors: VectorIndex, labels: readonly number[]): VectorMatrix {
  const dimension = vectors.dimension;
  const rows = new Float32Array(labels.length * dimension);
  labels.forEach((label, i) => {
    rows.set(vectors.vectorOf(label), i * dimension);
  });
  return { labels: [...labels], dimension, rows };
}

/** The similarity of the k-th most similar row to `query` (cosine, rows and query normalized). */
function kthExactSimilarity(matrix: VectorMatrix, query: Float32Array, k: number): number {
  const top = new Float64Array(k).fill(-Infinity);
  const { rows, dimension } = matrix;
  for (let row = 0; row < matrix.labels.length; row++) {
    let dot = 0;
    const offset = row * dimension;
    for (let d = 0; d < dimension; d++) dot += (rows[offset + d] as number) * (query[d] as number);
    if (dot <= (top[k - 1] as number)) continue;
    let i = k - 1;
    while (i > 0 && (top[i - 1] as number) < dot) {
      top[i] = top[i - 1] as number;
      i--;
    }
    top[i] = dot;
  }
  return top[k - 1] as number;
}

/**
 * Mean recall@k of HNSW search against exact search over the same vectors; tie-aware: an HNSW hit counts when its
 * similarity reaches the exact k-th similarity (within 1e-4), so duplicate vectors do not count as misses.
 */
export function measureHnswRecall(
  vectors: VectorIndex,
  matrix: VectorMatrix,
  queries: readonly Float32Array[],
  k = 10,
): number {
  const depth = Math.min(k, matrix.labels.length);
  const usable = queries.filter((query) => query.some((value) => value !== 0));
  if (depth === 0 || usable.length === 0) return 0;
  let total = 0;
  for (const query of usable) {
    const threshold = kthExactSimilarity(matrix, query, depth) - 1e-4;
    const hits = vectors.search(query, depth);
    total += Math.min(depth, hits.filter((hit) => hit.similarity >= threshold).length) / depth;
  }
  return total / usable.length;
}
