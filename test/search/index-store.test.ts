import { cp, readdir, readFile, stat, truncate, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_CHUNKING, DEFAULT_LOCAL_DIMENSION } from '../../src/app.js';
import { IndexError } from '../../src/errors.js';
import {
  INDEX_FORMAT_VERSION,
  type IndexExpectation,
  type IndexManifest,
  readSearchIndex,
  writeSearchIndex,
} from '../../src/search/index-store.js';
import { createLocalEmbedder } from '../../src/search/local-embedder.js';
import { createLocalSnapshot } from '../../src/search/local-store.js';
import { createRetriever } from '../../src/search/retriever.js';
import { DEFAULT_HNSW } from '../../src/search/vector-index.js';
import { buildSeedIndex, createTempDir, type SeedIndex, type TempDir } from '../helpers/seed-index.js';

const EXPECTED: IndexExpectation = {
  embedder: { id: createLocalEmbedder(DEFAULT_LOCAL_DIMENSION).id, dimension: DEFAULT_LOCAL_DIMENSION },
  chunking: DEFAULT_CHUNKING,
  hnsw: DEFAULT_HNSW,
};

let seed: SeedIndex;
const copies: TempDir[] = [];

beforeAll(async () => {
  seed = await buildSeedIndex();
});

afterAll(async () => {
  await seed.remove();
});

afterEach(async () => {
  for (const dir of copies.splice(0)) await dir.remove();
});

/** A private copy of the built index that a test may damage. */
async function copyIndex(): Promise<string> {
  const dir = await createTempDir('meeting-bot-index-copy-');
  copies.push(dir);
  await cp(seed.indexDir, dir.path, { recursive: true });
  return dir.path;
}

async function readManifest(dir: string): Promise<IndexManifest> {
  return JSON.parse(await readFile(join(dir, 'manifest.json'), 'utf8')) as IndexManifest;
}

async function failureOf(promise: Promise<unknown>): Promise<IndexError> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  if (!(error instanceof IndexError)) throw new Error(`expected IndexError, got ${String(error)}`);
  return error;
}

describe('readSearchIndex', () => {
  it('reads back the meetings, chunks and both search structures ingest wrote', async () => {
    const index = await readSearchIndex(seed.indexDir, EXPECTED);

    expect(index.meetings.map((m) => m.title)).toEqual(seed.index.meetings.map((m) => m.title));
    expect(index.chunks.size).toBe(seed.index.chunks.size);
    expect(index.lexical.size).toBe(index.chunks.size);
    expect(index.vectors.size).toBe(index.chunks.size);
    const [top] = await createRetriever({ store: createLocalSnapshot(index), embedder: seed.embedder }).search(
      '童子河的规划设计什么时候全面动工？',
    );
    expect(top?.paragraph.text).toContain('童子河的規劃設計,確保今年秋冬期全面動工');
  });

  it('reports a folder without an index as missing', async () => {
    const empty = await createTempDir();
    copies.push(empty);

    expect((await failureOf(readSearchIndex(empty.path, EXPECTED))).reason).toBe('missing');
  });

  it('reports an index built with another embedder dimension as a mismatch', async () => {
    const expected = { ...EXPECTED, embedder: { id: createLocalEmbedder(256).id, dimension: 256 } };

    const error = await failureOf(readSearchIndex(seed.indexDir, expected));

    expect(error.reason).toBe('mismatch');
    expect(error.message).toMatch(new RegExp(`${DEFAULT_LOCAL_DIMENSION} dims.*256 dims`));
  });

  it('reports an index of another format version as a mismatch', async () => {
    const dir = await copyIndex();
    const manifest = await readManifest(dir);
    await writeFile(
      join(dir, 'manifest.json'),
      JSON.stringify({ ...manifest, formatVersion: INDEX_FORMAT_VERSION + 1 }),
    );

    const error = await failureOf(readSearchIndex(dir, EXPECTED));

    expect(error.reason).toBe('mismatch');
    expect(error.message).toContain(`index format ${INDEX_FORMAT_VERSION + 1}`);
  });

  it('reports changed chunking settings as a mismatch', async () => {
    const error = await failureOf(
      readSearchIndex(seed.indexDir, { ...EXPECTED, chunking: { chunkSize: 120, chunkOverlap: 0 } }),
    );

    expect(error.reason).toBe('mismatch');
  });

  it('reports a truncated vectors file as corrupt', async () => {
    const dir = await copyIndex();
    const vectors = (await readdir(dir)).find((name) => name.endsWith('.hnsw')) ?? '';
    await truncate(join(dir, vectors), Math.floor((await stat(join(dir, vectors))).size / 2));

    expect((await failureOf(readSearchIndex(dir, EXPECTED))).reason).toBe('corrupt');
  });

  it('reports a garbage manifest as corrupt', async () => {
    const dir = await copyIndex();
    await writeFile(join(dir, 'manifest.json'), '\u0000\u0001not json at all');

    expect((await failureOf(readSearchIndex(dir, EXPECTED))).reason).toBe('corrupt');
  });

  it('reports a truncated data file as corrupt', async () => {
    const dir = await copyIndex();
    const { generation } = await readManifest(dir);
    await writeFile(join(dir, `data.${generation}.json`), '{"meetings": [');

    expect((await failureOf(readSearchIndex(dir, EXPECTED))).reason).toBe('corrupt');
  });

  it('reports a truncated lexical postings file as corrupt', async () => {
    const dir = await copyIndex();
    const postings = `lexical.${(await readManifest(dir)).generation}.bin`;
    await truncate(join(dir, postings), Math.floor((await stat(join(dir, postings))).size / 2));

    expect((await failureOf(readSearchIndex(dir, EXPECTED))).reason).toBe('corrupt');
  });

  it('still loads the previous index after a crash left files of a new generation behind', async () => {
    const dir = await copyIndex();
    const before = await readManifest(dir);
    await writeFile(join(dir, 'data.zzcrash-000000.json'), '{"meetings": [], "chunks": [');
    await writeFile(join(dir, 'lexical.zzcrash-000000.json'), '{}');
    await writeFile(join(dir, 'manifest.json.abcd1234.tmp'), '{"generation": "zzcrash-000000"');

    const index = await readSearchIndex(dir, EXPECTED);

    expect(index.manifest.generation).toBe(before.generation);
    expect(index.chunks.size).toBe(seed.index.chunks.size);
    expect(index.meetings).toHaveLength(5);
  });
});

describe('writeSearchIndex', () => {
  it('swaps in a new generation, keeps the previous one for readers and removes crash debris', async () => {
    const dir = await copyIndex();
    const before = await readManifest(dir);
    await writeFile(join(dir, 'data.zzcrash-000000.json'), '{');
    await writeFile(join(dir, 'manifest.json.abcd1234.tmp'), '{');
    const index = await readSearchIndex(dir, EXPECTED);

    const manifest = await writeSearchIndex(dir, index, { graceMs: 0 });

    expect(manifest.generation).not.toBe(before.generation);
    expect((await readdir(dir)).sort()).toEqual(
      [
        'manifest.json',
        ...[manifest.generation, before.generation].flatMap((generation) => [
          `data.${generation}.json`,
          `lexical.${generation}.json`,
          `lexical.${generation}.bin`,
          `vectors.${generation}.hnsw`,
        ]),
      ].sort(),
    );
    expect((await readSearchIndex(dir, EXPECTED)).chunks.size).toBe(seed.index.chunks.size);
  });
});
