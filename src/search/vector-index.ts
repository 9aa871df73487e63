import hnswlib from 'hnswlib-node';
import { readVectorHeader, shardPath, writeVectorHeader } from './vector-file.js';

/** HNSW build and search parameters. */
export interface HnswOptions {
  /** Links per node (M). */
  m: number;
  efConstruction: number;
  /** Candidate list size at query time, per shard; hnswlib's default of 10 is far too low for good recall. */
  efSearch: number;
  /**
   * Independent HNSW graphs a new index is split into (label modulo shards), built in parallel by ingest's worker
   * threads and all searched per query (default 2, for two cores). An existing index keeps the count it was built with.
   */
  shards?: number;
}

/**
 * At 300k chunks of 128-dim local vectors in 2 shards: efConstruction 80 and efSearch 1536 per shard give recall@10
 * ≥ 0.95 (a single 300k graph reached only 0.913; README, Scale).
 */
export const DEFAULT_HNSW: HnswOptions = { m: 16, efConstruction: 80, efSearch: 1536, shards: 2 };

export interface VectorHit {
  label: number;
  /** Cosine similarity, 1 is identical. */
  similarity: number;
}

type Hnsw = InstanceType<typeof hnswlib.HierarchicalNSW>;

/** Creates one empty cosine HNSW graph with room for `capacity` vectors; used by the index and by build workers. */
export function createHnsw(dimension: number, options: HnswOptions, capacity: number): Hnsw {
  const graph = new hnswlib.HierarchicalNSW('cosine', dimension);
  graph.initIndex({
    maxElements: Math.max(16, capacity),
    m: options.m,
    efConstruction: options.efConstruction,
    randomSeed: 42,
  });
  graph.setEf(options.efSearch);
  return graph;
}

/** Grows a graph geometrically so that `extra` more vectors fit. */
export function reserveHnsw(graph: Hnsw, extra: number): void {
  const needed = graph.getCurrentCount() + extra;
  if (needed > graph.getMaxElements()) graph.resizeIndex(Math.max(needed, graph.getMaxElements() * 2));
}

/** Merges per-shard hits into the `k` best: similarity descending, then label ascending, so ties are deterministic. */
export function mergeHits(lists: readonly VectorHit[][], k: number): VectorHit[] {
  return lists
    .flat()
    .sort((a, b) => b.similarity - a.similarity || a.label - b.label)
    .slice(0, k);
}

/**
 * A cosine HNSW index over chunk labels (hnswlib-node), split into shards by label modulo the shard count: every
 * search asks each shard for `k` and merges by similarity. With deletions and persistence (a small header file
 * naming the shards, each shard in its own hnswlib file beside it).
 */
export class VectorIndex {
  private readonly live = new Set<number>();
  private readonly liveByShard: number[];

  private constructor(
    readonly dimension: number,
    private readonly options: HnswOptions,
    private readonly shards: Hnsw[],
  ) {
    this.liveByShard = shards.map(() => 0);
  }

  /** Creates an empty index of `options.shards` shards with room for `capacity` vectors in all (it grows as needed). */
  static create(dimension: number, options: HnswOptions, capacity = 1024): VectorIndex {
    const count = Math.max(1, options.shards ?? 1);
    const perShard = Math.ceil(capacity / count);
    return new VectorIndex(
      dimension,
      options,
      Array.from({ length: count }, () => createHnsw(dimension, options, perShard)),
    );
  }

  /** Reads an index written by `save`; `labels` are the live ones (deleted labels stay marked). Throws on a bad file. */
  static load(path: string, dimension: number, options: HnswOptions, labels: Iterable<number>): VectorIndex {
    const header = readVectorHeader(path, dimension);
    const shards = header.shardBytes.map((_, i) => {
      const graph = new hnswlib.HierarchicalNSW('cosine', dimension);
      graph.readIndexSync(shardPath(path, i));
      return graph;
    });
    return VectorIndex.assemble(dimension, options, shards, labels);
  }

  /** `load`, with the shards read in parallel off the main thread (hnswlib's async reader); `labels` may come later. */
  static async read(
    path: string,
    dimension: number,
    options: HnswOptions,
    labels: Iterable<number> | PromiseLike<Iterable<number>>,
  ): Promise<VectorIndex> {
    const header = readVectorHeader(path, dimension);
    const shards = await Promise.all(header.shardBytes.map((_, i) => readShard(shardPath(path, i), dimension)));
    return VectorIndex.assemble(dimension, options, shards, await labels);
  }

  private static assemble(dimension: number, options: HnswOptions, shards: Hnsw[], labels: Iterable<number>) {
    const vectors = new VectorIndex(dimension, { ...options, shards: shards.length }, shards);
    for (const graph of shards) graph.setEf(options.efSearch);
    vectors.markLive(labels);
    return vectors;
  }

  private markLive(labels: Iterable<number>): void {
    for (const label of labels) {
      if (this.live.has(label)) continue;
      this.live.add(label);
      const shard = this.shardOf(label);
      this.liveByShard[shard] = (this.liveByShard[shard] ?? 0) + 1;
    }
  }

  get size(): number {
    return this.live.size;
  }

  /** Number of shards (fixed when the index was created). */
  get shardCount(): number {
    return this.shards.length;
  }

  /** The shard that holds (or will hold) a label. */
  shardOf(label: number): number {
    return label % this.shards.length;
  }

  /** Adds vectors under their labels, growing capacity geometrically. */
  add(items: { label: number; vector: Float32Array }[]): void {
    const byShard = this.shards.map(() => [] as { label: number; vector: Float32Array }[]);
    for (const item of items) byShard[this.shardOf(item.label)]?.push(item);
    byShard.forEach((shardItems, shard) => {
      const graph = this.shards[shard] as Hnsw;
      reserveHnsw(graph, shardItems.length);
      for (const { label, vector } of shardItems) graph.addPoint(Array.from(vector), label);
      this.markLive(shardItems.map((item) => item.label));
    });
  }

  /** Marks labels deleted; they no longer appear in results. */
  remove(labels: Iterable<number>): void {
    for (const label of labels) {
      if (!this.live.delete(label)) continue;
      const shard = this.shardOf(label);
      this.liveByShard[shard] = (this.liveByShard[shard] ?? 1) - 1;
      this.shards[shard]?.markDelete(label);
    }
  }

  /** Returns the `k` most similar live vectors over all shards, best first (ties by label); `accept` filters labels. */
  search(vector: Float32Array, k: number, accept?: (label: number) => boolean): VectorHit[] {
    if (k <= 0 || this.live.size === 0) return [];
    const query = Array.from(vector);
    const lists = this.shards.map((graph, shard) => {
      const n = Math.min(k, this.liveByShard[shard] ?? 0);
      if (n === 0) return [];
      const result = accept ? graph.searchKnn(query, n, accept) : graph.searchKnn(query, n);
      return result.neighbors.map((label, i) => ({ label, similarity: 1 - (result.distances[i] ?? 1) }));
    });
    return mergeHits(lists, k);
  }

  /** The stored vector of a label (hnswlib keeps cosine vectors normalized). */
  vectorOf(label: number): number[] {
    return (this.shards[this.shardOf(label)] as Hnsw).getPoint(label);
  }

  /** Share of stored vectors that are deleted (a rebuild is worth it past about a third). */
  get deletedShare(): number {
    const total = this.shards.reduce((sum, graph) => sum + graph.getCurrentCount(), 0);
    return total === 0 ? 0 : (total - this.live.size) / total;
  }

  /** Vectors stored in one shard, deleted ones included. */
  storedInShard(shard: number): number {
    return this.shards[shard]?.getCurrentCount() ?? 0;
  }

  /** Writes one shard to its own hnswlib file (for a build worker to continue from). */
  saveShard(shard: number, path: string): void {
    (this.shards[shard] as Hnsw).writeIndexSync(path);
  }

  /**
   * Reads the graphs build workers wrote (`paths[shard]`: the shard's old graph plus `added[shard]` labels) off the
   * main thread and returns a function that swaps them all in at once; throws, changing nothing, when one is unreadable.
   */
  async prepareShards(paths: readonly string[], added: readonly (readonly number[])[]): Promise<() => void> {
    if (paths.length !== this.shards.length)
      throw new Error(`expected ${this.shards.length} shard files, got ${paths.length}`);
    const graphs = await Promise.all(paths.map((path) => readShard(path, this.dimension)));
    return () => {
      graphs.forEach((graph, shard) => {
        graph.setEf(this.options.efSearch);
        this.shards[shard] = graph;
        this.markLive(added[shard] ?? []);
      });
    };
  }

  /** Writes the shards, then the header naming them (`path`); the header records each shard's size for load checks. */
  save(path: string): void {
    this.shards.forEach((graph, i) => {
      graph.writeIndexSync(shardPath(path, i));
    });
    writeVectorHeader(path, this.dimension, this.shards.length);
  }

  get hnsw(): HnswOptions {
    return this.options;
  }
}

/** Reads one shard file asynchronously; throws when hnswlib cannot read it. */
async function readShard(path: string, dimension: number): Promise<Hnsw> {
  const graph = new hnswlib.HierarchicalNSW('cosine', dimension);
  await graph.readIndex(path);
  return graph;
}
