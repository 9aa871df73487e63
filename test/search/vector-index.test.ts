import { truncateSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_HNSW, mergeHits, VectorIndex } from '../../src/search/vector-index.js';
import { createTempDir, type TempDir } from '../helpers/seed-index.js';

/** Four well-separated unit vectors: each leans on its own axis. */
function unitVectors(): Float32Array[] {
  return [0, 1, 2, 3].map((axis) => {
    const vector = new Float32Array(64).fill(0.05);
    vector[axis * 7] = 1;
    const norm = Math.hypot(...vector);
    return vector.map((value) => value / norm);
  });
}

async function build(): Promise<{ index: VectorIndex; vectors: Float32Array[] }> {
  const vectors = unitVectors();
  const index = VectorIndex.create(64, DEFAULT_HNSW, 2);
  index.add(vectors.map((vector, label) => ({ label, vector })));
  return { index, vectors };
}

describe('VectorIndex', () => {
  let dir: TempDir | undefined;

  afterEach(async () => {
    await dir?.remove();
    dir = undefined;
  });

  it('finds a stored vector as its own nearest neighbour, growing past its initial capacity', async () => {
    const { index, vectors } = await build();

    const [hit] = index.search(vectors[2] as Float32Array, 1);

    expect(index.size).toBe(4);
    expect(hit?.label).toBe(2);
    expect(hit?.similarity).toBeCloseTo(1, 5);
  });

  it('no longer returns removed labels', async () => {
    const { index, vectors } = await build();

    index.remove([2]);

    expect(index.size).toBe(3);
    expect(index.search(vectors[2] as Float32Array, 4).map((hit) => hit.label)).not.toContain(2);
  });

  it('returns only accepted labels when given a filter', async () => {
    const { index, vectors } = await build();

    const hits = index.search(vectors[0] as Float32Array, 4, (label) => label % 2 === 1);

    expect(hits.map((hit) => hit.label).sort()).toEqual([1, 3]);
  });

  it('loads what it saved', async () => {
    dir = await createTempDir();
    const path = join(dir.path, 'vectors.hnsw');
    const { index, vectors } = await build();
    index.save(path);

    const loaded = VectorIndex.load(path, 64, DEFAULT_HNSW, [0, 1, 2, 3]);

    expect(loaded.size).toBe(4);
    expect(loaded.search(vectors[1] as Float32Array, 1)[0]?.label).toBe(1);
  });

  it('refuses a vectors file of another dimension', async () => {
    dir = await createTempDir();
    const path = join(dir.path, 'vectors.hnsw');
    (await build()).index.save(path);

    expect(() => VectorIndex.load(path, 32, DEFAULT_HNSW, [0, 1, 2, 3])).toThrow(/dimension/);
  });

  it('spreads labels over its shards by label and searches every shard', async () => {
    const { index, vectors } = await build();

    const found = vectors.map((vector) => index.search(vector, 1)[0]?.label);

    expect(index.shardCount).toBe(2);
    expect([index.storedInShard(0), index.storedInShard(1)]).toEqual([2, 2]);
    expect(found).toEqual([0, 1, 2, 3]);
  });

  it('refuses a truncated shard file, naming it', async () => {
    dir = await createTempDir();
    const path = join(dir.path, 'vectors.hnsw');
    (await build()).index.save(path);
    truncateSync(`${path}.1`, 100);

    expect(() => VectorIndex.load(path, 64, DEFAULT_HNSW, [0, 1, 2, 3])).toThrow(/vectors\.hnsw\.1 has 100 bytes/);
    await expect(VectorIndex.read(path, 64, DEFAULT_HNSW, [0, 1, 2, 3])).rejects.toThrow(/truncated/);
  });
});

describe('mergeHits', () => {
  it('orders hits from all shards by similarity and keeps the k best', () => {
    const merged = mergeHits(
      [
        [
          { label: 4, similarity: 0.9 },
          { label: 2, similarity: 0.5 },
        ],
        [
          { label: 3, similarity: 0.7 },
          { label: 1, similarity: 0.2 },
        ],
      ],
      3,
    );

    expect(merged.map((hit) => hit.label)).toEqual([4, 3, 2]);
  });

  it('breaks similarity ties by the smaller label, whichever shard answered first', () => {
    const tie = (labels: number[]) => labels.map((label) => ({ label, similarity: 0.5 }));

    expect(mergeHits([tie([7]), tie([2, 5])], 3).map((hit) => hit.label)).toEqual([2, 5, 7]);
    expect(mergeHits([tie([2, 5]), tie([7])], 2).map((hit) => hit.label)).toEqual([2, 5]);
  });
});
