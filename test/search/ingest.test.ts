import { appendFile, cp, readdir, readFile, rm, stat, truncate, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_CHUNKING, DEFAULT_LOCAL_DIMENSION } from '../../src/app.js';
import { silentLogger } from '../../src/logger.js';
import type { Embedder } from '../../src/search/embedder.js';
import { INDEX_FORMAT_VERSION, readSearchIndex } from '../../src/search/index-store.js';
import { type IngestOptions, ingest } from '../../src/search/ingest.js';
import { createLocalEmbedder } from '../../src/search/local-embedder.js';
import { createLocalSnapshot } from '../../src/search/local-store.js';
import { createRetriever } from '../../src/search/retriever.js';
import { DEFAULT_HNSW } from '../../src/search/vector-index.js';
import {
  buildSeedIndex,
  copySeeds,
  createTempDir,
  SEED_IDS,
  type SeedIndex,
  type TempDir,
} from '../helpers/seed-index.js';

/** The offline embedder, remembering every text it was asked to embed. */
function createRecordingEmbedder(dimension = DEFAULT_LOCAL_DIMENSION): Embedder & { texts: string[] } {
  const inner = createLocalEmbedder(dimension);
  const texts: string[] = [];
  return {
    id: inner.id,
    dimension: inner.dimension,
    texts,
    embed(batch) {
      texts.push(...batch);
      return inner.embed(batch);
    },
  };
}

describe('ingest', () => {
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

  /** Private copies of the seeds and of their built index, and ingest options over them. */
  async function setUp(): Promise<{
    seedsDir: string;
    indexDir: string;
    options: (embedder?: Embedder) => IngestOptions;
  }> {
    const seeds = await createTempDir();
    const index = await createTempDir();
    dirs.push(seeds, index);
    await cp(built.seedsDir, seeds.path, { recursive: true });
    await cp(built.indexDir, index.path, { recursive: true });
    const options = (embedder: Embedder = createRecordingEmbedder()): IngestOptions => ({
      seedsDir: seeds.path,
      indexDir: index.path,
      embedder,
      chunking: DEFAULT_CHUNKING,
      hnsw: DEFAULT_HNSW,
      logger: silentLogger,
    });
    return { seedsDir: seeds.path, indexDir: index.path, options };
  }

  it('embeds every meeting on the first run and reports what it did', async () => {
    const seeds = await copySeeds();
    const index = await createTempDir();
    dirs.push(seeds, index);
    const embedder = createRecordingEmbedder();

    const { report } = await ingest({
      seedsDir: seeds.path,
      indexDir: index.path,
      embedder,
      chunking: DEFAULT_CHUNKING,
      hnsw: DEFAULT_HNSW,
      logger: silentLogger,
    });

    expect(report.embedded).toEqual(Object.values(SEED_IDS));
    expect(report).toMatchObject({ documents: 5, paragraphs: 38, removed: [], failed: [] });
    expect(report.chunks).toBe(embedder.texts.length);
    expect(report.rebuiltBecause).toBeUndefined();
  });

  it('embeds nothing and keeps the index as it is when no file changed', async () => {
    const { indexDir, options } = await setUp();
    const manifestBefore = await readFile(join(indexDir, 'manifest.json'), 'utf8');
    const embedder = createRecordingEmbedder();

    const { report } = await ingest(options(embedder));

    expect(report.embedded).toEqual([]);
    expect(embedder.texts).toEqual([]);
    expect(await readFile(join(indexDir, 'manifest.json'), 'utf8')).toBe(manifestBefore);
  });

  it('re-embeds only the file that changed, and its new text is searchable', async () => {
    const { seedsDir, options } = await setUp();
    await appendFile(join(seedsDir, `${SEED_IDS['002']}.txt`), '\n會議要求,各單位要在五月底前完成防汛物資儲備檢查。\n');
    const embedder = createRecordingEmbedder();

    const { index, report } = await ingest(options(embedder));

    expect(report.embedded).toEqual([SEED_IDS['002']]);
    expect(embedder.texts.length).toBeGreaterThan(0);
    expect(embedder.texts.every((text) => text.startsWith('大觀區舉行區委常委會擴大會議'))).toBe(true);
    const [top] = await createRetriever({ store: createLocalSnapshot(index), embedder }).search(
      '防汛物资储备检查什么时候完成？',
    );
    expect(top?.meeting.id).toBe(SEED_IDS['002']);
    expect(top?.paragraph.text).toContain('防汛物資儲備檢查');
  });

  it('drops the chunks of a removed file from the index on disk', async () => {
    const { seedsDir, indexDir, options } = await setUp();
    await rm(join(seedsDir, `${SEED_IDS['000']}.txt`));

    const { report } = await ingest(options());

    expect(report.removed).toEqual([SEED_IDS['000']]);
    expect(report.embedded).toEqual([]);
    const stored = await readSearchIndex(indexDir, {
      ...options(),
      embedder: createLocalEmbedder(DEFAULT_LOCAL_DIMENSION),
    });
    expect(stored.meetings.map((m) => m.id)).not.toContain(SEED_IDS['000']);
    expect([...stored.chunks.values()].filter((c) => c.meetingId === SEED_IDS['000'])).toEqual([]);
    expect(stored.meetings.map((m) => m.number)).toEqual([1, 2, 3, 4]);
    const passages = await createRetriever({
      store: createLocalSnapshot(stored),
      embedder: createLocalEmbedder(DEFAULT_LOCAL_DIMENSION),
    }).search('東區如何推進扶貧幫困？');
    expect(passages.map((p) => p.meeting.id)).not.toContain(SEED_IDS['000']);
  });

  it('keeps the previous version of a file that has become unreadable and names it', async () => {
    const { seedsDir, options } = await setUp();
    await writeFile(join(seedsDir, `${SEED_IDS['003']}.txt`), Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x00, 0x00, 0xff]));

    const { index, report } = await ingest(options());

    expect(report.failed).toEqual([
      { file: `${SEED_IDS['003']}.txt`, message: expect.stringContaining(`${SEED_IDS['003']}.txt`) },
    ]);
    expect(report.removed).toEqual([]);
    expect(index.meetings.map((m) => m.id)).toContain(SEED_IDS['003']);
    expect([...index.chunks.values()].some((c) => c.meetingId === SEED_IDS['003'])).toBe(true);
  });

  it('rebuilds an index written by an embedder of another dimension, saying why', async () => {
    const { options } = await setUp();
    const embedder = createRecordingEmbedder(256);

    const { index, report } = await ingest(options(embedder));

    expect(report.rebuiltBecause).toMatch(new RegExp(`${DEFAULT_LOCAL_DIMENSION} dims.*256 dims`));
    expect(report.embedded).toEqual(Object.values(SEED_IDS));
    expect(index.manifest.embedder).toEqual({ id: embedder.id, dimension: 256 });
  });

  it('rebuilds an index of an older format version, saying why', async () => {
    const { indexDir, options } = await setUp();
    const path = join(indexDir, 'manifest.json');
    const manifest = JSON.parse(await readFile(path, 'utf8')) as Record<string, unknown>;
    await writeFile(path, JSON.stringify({ ...manifest, formatVersion: INDEX_FORMAT_VERSION - 1 }));

    const { report } = await ingest(options());

    expect(report.rebuiltBecause).toContain(`index format ${INDEX_FORMAT_VERSION - 1}`);
    expect(report.embedded).toHaveLength(5);
  });

  it('rebuilds rather than crashes when the vectors file was truncated', async () => {
    const { indexDir, options } = await setUp();
    const vectors = (await readdir(indexDir)).find((name) => name.endsWith('.hnsw')) ?? '';
    await truncate(join(indexDir, vectors), Math.floor((await stat(join(indexDir, vectors))).size / 3));

    const { report } = await ingest(options());

    expect(report.rebuiltBecause).toMatch(/unreadable/);
    expect(report.embedded).toHaveLength(5);
    expect((await readSearchIndex(indexDir, options())).chunks.size).toBe(report.chunks);
  });

  it('rebuilds rather than crashes when the manifest is garbage', async () => {
    const { indexDir, options } = await setUp();
    await writeFile(join(indexDir, 'manifest.json'), 'garbage');

    const { report } = await ingest(options());

    expect(report.rebuiltBecause).toMatch(/unreadable/);
    expect((await readSearchIndex(indexDir, options())).meetings).toHaveLength(5);
  });
});
