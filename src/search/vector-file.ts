/** The on-disk layout of a sharded vector index: a small JSON header beside one hnswlib file per shard. */
import { closeSync, openSync, readFileSync, readSync, statSync, writeFileSync } from 'node:fs';

/** What the header records: the vector dimension and each shard file's size in bytes (checked before loading). */
export interface VectorHeader {
  format: 'hnsw-shards';
  version: 1;
  dimension: number;
  shardBytes: number[];
}

/** The file of shard `shard` of the index whose header is at `path`. */
export function shardPath(path: string, shard: number): string {
  return `${path}.${shard}`;
}

/**
 * Reads the vector dimension from an hnswlib file header (label_offset − offsetData = dimension × 4 bytes);
 * hnswlib itself trusts the dimension it was constructed with.
 */
function readFileDimension(path: string): number {
  const header = Buffer.alloc(48);
  const fd = openSync(path, 'r');
  try {
    if (readSync(fd, header, 0, 48, 0) < 48) throw new Error('vector file is truncated');
  } finally {
    closeSync(fd);
  }
  return Number(header.readBigUInt64LE(32) - header.readBigUInt64LE(40)) / 4;
}

/** Writes the header for `shards` shard files already written beside `path` (their sizes are read now). */
export function writeVectorHeader(path: string, dimension: number, shards: number): void {
  const shardBytes = Array.from({ length: shards }, (_, i) => statSync(shardPath(path, i)).size);
  const header: VectorHeader = { format: 'hnsw-shards', version: 1, dimension, shardBytes };
  writeFileSync(path, JSON.stringify(header));
}

/**
 * Reads and checks the header at `path`: format, dimension, and that every shard file exists with the recorded size
 * and dimension. Throws a plain Error naming what is wrong (the index store turns it into IndexCorruptError).
 */
export function readVectorHeader(path: string, dimension: number): VectorHeader {
  let header: VectorHeader;
  try {
    header = JSON.parse(readFileSync(path, 'utf8')) as VectorHeader;
  } catch (error) {
    throw new Error(`vector header ${path} is unreadable: ${(error as Error).message}`, { cause: error });
  }
  if (header.format !== 'hnsw-shards' || header.version !== 1 || !Array.isArray(header.shardBytes))
    throw new Error(`vector header ${path} is not a sharded HNSW header`);
  if (header.dimension !== dimension)
    throw new Error(`vector file has dimension ${header.dimension}, expected ${dimension}`);
  header.shardBytes.forEach((expected, i) => {
    const file = shardPath(path, i);
    const size = statSync(file, { throwIfNoEntry: false })?.size;
    if (size === undefined) throw new Error(`vector shard ${file} is missing`);
    if (size !== expected) throw new Error(`vector shard ${file} has ${size} bytes, expected ${expected} (truncated?)`);
    const fileDimension = readFileDimension(file);
    if (fileDimension !== dimension)
      throw new Error(`vector shard ${file} has dimension ${fileDimension}, expected ${dimension}`);
  });
  return header;
}
