import { access, cp, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  DEFAULT_CHUNKING,
  DEFAULT_LOCAL_DIMENSION,
  openAssistant,
  openIndex,
  openReloadingAssistant,
} from '../src/app.js';
import { createLogger, silentLogger } from '../src/logger.js';
import { ingest } from '../src/search/ingest.js';
import { createLocalEmbedder } from '../src/search/local-embedder.js';
import { DEFAULT_HNSW } from '../src/search/vector-index.js';
import {
  buildSeedIndex,
  copySeeds,
  createTempDir,
  SEED_IDS,
  type SeedIndex,
  type TempDir,
} from './helpers/seed-index.js';

describe('openIndex', () => {
  let built: SeedIndex;
  const dirs: TempDir[] = [];

  beforeAll(async () => {
    built = await buildSeedIndex();
  });

  afterAll(async () => {
    await built.remove();
  });

  afterEach(async () => {
    for (const dir of dirs.splice(0)) await dir.remove();
  });

  /** Private copies of the seeds and, when `withIndex`, of their built index. */
  async function folders(withIndex = false): Promise<{ seedsDir: string; indexDir: string }> {
    const seeds = await copySeeds();
    const index = await createTempDir();
    dirs.push(seeds, index);
    if (withIndex) await cp(built.indexDir, index.path, { recursive: true });
    return { seedsDir: seeds.path, indexDir: index.path };
  }

  it('builds the index when there is none and reports the build', async () => {
    const paths = await folders();

    const { index, report } = await openIndex(paths);

    expect(report).toMatchObject({ documents: 5, embedded: Object.values(SEED_IDS), removed: [], failed: [] });
    expect(report?.rebuiltBecause).toBeUndefined();
    expect(index.meetings).toHaveLength(5);
  });

  it('loads an existing index without building it again', async () => {
    const paths = await folders(true);

    const { index, report } = await openIndex(paths);

    expect(report).toBeUndefined();
    expect(index.manifest.generation).toBe(built.index.manifest.generation);
    expect(index.chunks.size).toBe(built.index.chunks.size);
  });

  it('rebuilds an index written by an embedder of another dimension and says why', async () => {
    const paths = await folders();
    await openIndex({ ...paths, embedder: createLocalEmbedder(256) });
    const lines: string[] = [];

    const { index, report } = await openIndex({
      ...paths,
      logger: createLogger({ write: (line) => lines.push(line) }),
    });

    expect(report?.rebuiltBecause).toMatch(new RegExp(`256 dims.*${DEFAULT_LOCAL_DIMENSION} dims`));
    expect(index.manifest.embedder.dimension).toBe(DEFAULT_LOCAL_DIMENSION);
    expect(lines.some((line) => line.includes('Rebuilding the index'))).toBe(true);
  });

  it('rebuilds a corrupt index rather than failing', async () => {
    const paths = await folders(true);
    await writeFile(join(paths.indexDir, 'manifest.json'), '{"generation": 42');

    const { index, report } = await openIndex(paths);

    expect(report?.rebuiltBecause).toMatch(/unreadable/);
    expect(index.meetings).toHaveLength(5);
    expect(JSON.parse(await readFile(join(paths.indexDir, 'manifest.json'), 'utf8'))).toMatchObject({
      generation: index.manifest.generation,
    });
  });
});

describe('openAssistant', () => {
  const dirs: TempDir[] = [];

  afterEach(async () => {
    for (const dir of dirs.splice(0)) await dir.remove();
  });

  it('opens an offline assistant over freshly built seeds that answers with a citation', async () => {
    const seeds = await copySeeds();
    const index = await createTempDir();
    dirs.push(seeds, index);

    const assistant = await openAssistant({ seedsDir: seeds.path, indexDir: index.path });
    const answer = await assistant.ask('童子河的规划设计要求什么时候全面动工？');

    expect(answer).toMatchObject({ mode: 'extractive', found: true });
    expect(answer.answer).toContain('秋冬期全面动工');
    expect(answer.citations[0]).toMatchObject({ meeting: { id: SEED_IDS['004'] }, paragraph: 4 });
  });

  it('warns when the documents folder holds no meetings', async () => {
    const seeds = await createTempDir();
    const index = await createTempDir();
    dirs.push(seeds, index);
    const lines: string[] = [];

    const assistant = await openAssistant({
      seedsDir: seeds.path,
      indexDir: index.path,
      logger: createLogger({ write: (line) => lines.push(line) }),
    });

    expect(assistant.meetings()).toEqual([]);
    expect(lines.some((line) => line.includes('WARN') && line.includes('no meetings'))).toBe(true);
    expect((await assistant.ask('童子河什么时候动工？')).found).toBe(false);
  });
});

describe('openReloadingAssistant', () => {
  const dirs: TempDir[] = [];

  afterEach(async () => {
    for (const dir of dirs.splice(0)) await dir.remove();
  });

  async function until(condition: () => boolean, timeoutMs = 5_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!condition()) {
      if (Date.now() > deadline) throw new Error('condition not met in time');
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  it('serves a meeting added by a separate ingest without a restart', async () => {
    const seeds = await copySeeds();
    const index = await createTempDir();
    dirs.push(seeds, index);
    const options = { seedsDir: seeds.path, indexDir: index.path };
    const { assistant, close } = await openReloadingAssistant(options, 20);
    try {
      await writeFile(join(seeds.path, '005_new.txt'), '钟楼区召开防汛工作会议\n会议要求各街道6月10日前完成河道清淤。');
      await ingest({
        ...options,
        embedder: createLocalEmbedder(DEFAULT_LOCAL_DIMENSION),
        chunking: DEFAULT_CHUNKING,
        hnsw: DEFAULT_HNSW,
        logger: silentLogger,
      });

      await until(() => assistant.meetings().length === 6);

      expect(assistant.resolveMeeting('005')?.title).toBe('钟楼区召开防汛工作会议');
    } finally {
      close();
    }
  });

  it('keeps serving, and does not build in-process, when the index disappears', async () => {
    const seeds = await copySeeds();
    const index = await createTempDir();
    dirs.push(seeds, index);
    const { assistant, close } = await openReloadingAssistant({ seedsDir: seeds.path, indexDir: index.path }, 20);
    try {
      await rm(join(index.path, 'manifest.json'));
      await new Promise((resolve) => setTimeout(resolve, 200));

      expect(assistant.meetings()).toHaveLength(5);
      await expect(access(join(index.path, 'manifest.json'))).rejects.toThrow();
    } finally {
      close();
    }
  });
});
