import { execFileSync } from 'node:child_process';
import { cp, open, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_CHUNKING, DEFAULT_LOCAL_DIMENSION } from '../../src/app.js';
import { IndexCorruptError, IndexMismatchError, IndexMissingError } from '../../src/errors.js';
import { generationFiles, planPrune } from '../../src/search/generations.js';
import {
  type IndexExpectation,
  type IndexManifest,
  readSearchIndex,
  writeSearchIndex,
} from '../../src/search/index-store.js';
import { createLocalEmbedder } from '../../src/search/local-embedder.js';
import { DEFAULT_HNSW } from '../../src/search/vector-index.js';
import { buildSeedIndex, createTempDir, type SeedIndex, type TempDir } from '../helpers/seed-index.js';

const EXPECTED: IndexExpectation = {
  embedder: { id: createLocalEmbedder(DEFAULT_LOCAL_DIMENSION).id, dimension: DEFAULT_LOCAL_DIMENSION },
  chunking: DEFAULT_CHUNKING,
  hnsw: DEFAULT_HNSW,
};
const NOW = Date.parse('2026-12-01T12:00:00Z');
const MINUTE = 60_000;

let seed: SeedIndex;

beforeAll(async () => {
  seed = await buildSeedIndex();
});

afterAll(async () => {
  await seed.remove();
});

async function copyIndex(): Promise<TempDir> {
  const dir = await createTempDir('meeting-bot-generations-');
  await cp(seed.indexDir, dir.path, { recursive: true });
  return dir;
}

async function readManifest(dir: string): Promise<IndexManifest> {
  return JSON.parse(await readFile(join(dir, 'manifest.json'), 'utf8')) as IndexManifest;
}

function filesOf(generation: string, modifiedMs: number) {
  return Object.values(generationFiles(generation)).map((name) => ({ name, modifiedMs }));
}

describe('planPrune', () => {
  it('keeps the generation just replaced however old its files are', () => {
    const plan = planPrune({
      files: [...filesOf('new', NOW), ...filesOf('old', NOW - 60 * MINUTE)],
      current: 'new',
      previous: 'old',
      retired: [],
      now: NOW,
      graceMs: 5 * MINUTE,
    });

    expect(plan.remove).toEqual([]);
    expect(plan.retired).toEqual([{ generation: 'old', retiredAt: new Date(NOW).toISOString() }]);
  });

  it('removes a retired generation once its grace period has passed, not before', () => {
    const plan = planPrune({
      files: [...filesOf('c', NOW), ...filesOf('b', NOW - 9 * MINUTE), ...filesOf('a', NOW - 20 * MINUTE)],
      current: 'c',
      previous: 'b',
      retired: [
        { generation: 'a', retiredAt: new Date(NOW - 6 * MINUTE).toISOString() },
        { generation: 'z', retiredAt: new Date(NOW - 1 * MINUTE).toISOString() },
      ],
      now: NOW,
      graceMs: 5 * MINUTE,
    });

    expect(plan.remove.sort()).toEqual(Object.values(generationFiles('a')).sort());
    expect(plan.retired.map((entry) => entry.generation)).toEqual(['b', 'z']);
  });

  it('removes files a killed ingest left behind only once they are older than the grace period', () => {
    const plan = planPrune({
      files: [
        ...filesOf('c', NOW),
        ...filesOf('killed-long-ago', NOW - 10 * MINUTE),
        ...filesOf('being-written', NOW - 1000),
        { name: 'manifest.json.0a1b2c3d.tmp', modifiedMs: NOW - 10 * MINUTE },
        { name: 'manifest.json.9f8e7d6c.tmp', modifiedMs: NOW },
      ],
      current: 'c',
      retired: [],
      now: NOW,
      graceMs: 5 * MINUTE,
    });

    expect(plan.remove.sort()).toEqual(
      [...Object.values(generationFiles('killed-long-ago')), 'manifest.json.0a1b2c3d.tmp'].sort(),
    );
  });

  it('never removes files that are not index data', () => {
    const old = NOW - 60 * MINUTE;
    const plan = planPrune({
      files: ['README.md', 'embedding-cache.jsonl', 'summaries', 'ingest.lock', 'manifest.json', 'notes.tmp'].map(
        (name) => ({ name, modifiedMs: old }),
      ),
      current: 'c',
      retired: [],
      now: NOW,
      graceMs: 0,
    });

    expect(plan.remove).toEqual([]);
  });
});

describe('writeSearchIndex generations', () => {
  it('keeps the generation a reader may have pinned across the next ingest', async () => {
    const copy = await copyIndex();
    const dir = copy.path;
    const pinned = await readManifest(dir);
    const index = await readSearchIndex(dir, EXPECTED);

    await writeSearchIndex(dir, index);
    await writeSearchIndex(dir, index);

    const names = await readdir(dir);
    for (const name of Object.values(generationFiles(pinned.generation))) expect(names).toContain(name);
    expect((await readManifest(dir)).retired?.map((entry) => entry.generation)).toHaveLength(2);
    await copy.remove();
  });

  it('drops generations older than the previous one when the grace period is over', async () => {
    const copy = await copyIndex();
    const dir = copy.path;
    const first = await readManifest(dir);
    const index = await readSearchIndex(dir, EXPECTED);

    const second = await writeSearchIndex(dir, index, { graceMs: 1 });
    await new Promise((resolve) => setTimeout(resolve, 5));
    const third = await writeSearchIndex(dir, index, { graceMs: 1 });

    const generations = new Set((await readdir(dir)).map((name) => /^\w+\.(.+)\.\w+$/.exec(name)?.[1]));
    expect(generations.has(first.generation)).toBe(false);
    expect(generations.has(second.generation)).toBe(true);
    expect(generations.has(third.generation)).toBe(true);
    await copy.remove();
  });
});

describe('readSearchIndex pinning', () => {
  it('retries once with the new generation when the pinned one vanishes while it loads', async () => {
    const copy = await copyIndex();
    const dir = copy.path;
    const good = await readManifest(dir);
    // A generation "being replaced": its data file is a FIFO, so the reader blocks on it until the test writes.
    const doomed = 'doomed-000000';
    for (const [role, name] of Object.entries(generationFiles(good.generation))) {
      if (role !== 'data') await cp(join(dir, name), join(dir, generationFiles(doomed)[role as 'vectors']));
    }
    execFileSync('mkfifo', [join(dir, generationFiles(doomed).data)]);
    await writeFile(join(dir, 'manifest.json'), JSON.stringify({ ...good, generation: doomed }));

    const reading = readSearchIndex(dir, EXPECTED);
    const fifo = await open(join(dir, generationFiles(doomed).data), 'w'); // resolves once the reader opened it
    await writeFile(join(dir, 'manifest.json'), JSON.stringify(good)); // an ingest swaps the manifest back
    for (const name of Object.values(generationFiles(doomed))) await rm(join(dir, name), { force: true });
    await fifo.write('{"meetings": ['); // and the pinned generation's data ends mid-file
    await fifo.close();

    const index = await reading;
    expect(index.manifest.generation).toBe(good.generation);
    expect(index.meetings).toHaveLength(5);
    await copy.remove();
  });

  it('reports a generation that is broken while the manifest still names it as corrupt', async () => {
    const copy = await copyIndex();
    const dir = copy.path;
    const { generation } = await readManifest(dir);
    await rm(join(dir, generationFiles(generation).lexicalPostings));

    const error = await readSearchIndex(dir, EXPECTED).catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(IndexCorruptError);
    expect((error as IndexCorruptError).userMessage).toMatch(/damaged/);
    await copy.remove();
  });
});

describe('index errors', () => {
  it('names a folder without a manifest IndexMissingError', async () => {
    const empty = await createTempDir();
    const error = await readSearchIndex(empty.path, EXPECTED).catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(IndexMissingError);
    expect((error as IndexMissingError).userMessage).toMatch(/npm run ingest/);
    await empty.remove();
  });

  it('names an index of another embedder dimension IndexMismatchError, telling to rebuild', async () => {
    const error = await readSearchIndex(seed.indexDir, {
      ...EXPECTED,
      embedder: { id: createLocalEmbedder(256).id, dimension: 256 },
    }).catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(IndexMismatchError);
    expect((error as IndexMismatchError).userMessage).toMatch(/other settings/);
  });

  it('names an unparsable manifest IndexCorruptError', async () => {
    const copy = await copyIndex();
    const dir = copy.path;
    await writeFile(join(dir, 'manifest.json'), '{"generation": ');

    const error = await readSearchIndex(dir, EXPECTED).catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(IndexCorruptError);
    await copy.remove();
  });
});
