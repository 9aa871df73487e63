import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile, rmdir, utimes, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_CHUNKING, DEFAULT_LOCAL_DIMENSION } from '../../src/app.js';
import { IndexLockedError } from '../../src/errors.js';
import { createLogger } from '../../src/logger.js';
import { readSearchIndex } from '../../src/search/index-store.js';
import { type IngestOptions, ingest } from '../../src/search/ingest.js';
import { ingestLockPath, withIngestLock } from '../../src/search/ingest-lock.js';
import { createLocalEmbedder } from '../../src/search/local-embedder.js';
import { DEFAULT_HNSW } from '../../src/search/vector-index.js';
import { copySeeds, createTempDir, type TempDir } from '../helpers/seed-index.js';

const temporary: TempDir[] = [];

afterEach(async () => {
  for (const dir of temporary.splice(0)) await dir.remove();
});

async function setup(): Promise<{ seedsDir: string; indexDir: string; lines: string[]; options: IngestOptions }> {
  const seeds = await copySeeds();
  const index = await createTempDir('meeting-bot-lock-');
  temporary.push(seeds, index);
  const lines: string[] = [];
  const options: IngestOptions = {
    seedsDir: seeds.path,
    indexDir: index.path,
    embedder: createLocalEmbedder(DEFAULT_LOCAL_DIMENSION),
    chunking: DEFAULT_CHUNKING,
    hnsw: DEFAULT_HNSW,
    logger: createLogger({ write: (line) => lines.push(line) }),
  };
  return { seedsDir: seeds.path, indexDir: index.path, lines, options };
}

const expectation = {
  embedder: { id: createLocalEmbedder(DEFAULT_LOCAL_DIMENSION).id, dimension: DEFAULT_LOCAL_DIMENSION },
  chunking: DEFAULT_CHUNKING,
  hnsw: DEFAULT_HNSW,
};

async function until(condition: () => boolean, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await sleep(20);
  }
}

/** Appends a line to every seed file, the way an operator edits most files before re-ingesting. */
async function editSeeds(seedsDir: string, line: string): Promise<void> {
  for (const name of await readdir(seedsDir)) {
    const path = join(seedsDir, name);
    await writeFile(path, `${await readFile(path, 'utf8')}\n${line}\n`);
  }
}

describe('ingest lock', () => {
  it('makes a second ingest wait for the first, with one log line, and touch nothing meanwhile', async () => {
    const { indexDir, lines, options } = await setup();
    let releaseFirst = () => {};
    const firstHolds = new Promise<void>((resolve) => {
      releaseFirst = resolve;
    });
    const first = withIngestLock(indexDir, {}, () => firstHolds);

    await until(() => existsSync(ingestLockPath(indexDir)));
    const second = ingest(options);
    await until(() => lines.some((line) => line.includes('Another ingest is writing the index')));
    await sleep(300);

    expect(await readdir(indexDir)).toEqual(['ingest.lock']);
    releaseFirst();
    await first;
    const { report } = await second;
    expect(report.documents).toBe(5);
    expect(lines.filter((line) => line.includes('Another ingest is writing the index'))).toHaveLength(1);
    expect((await readSearchIndex(indexDir, expectation)).meetings).toHaveLength(5);
  });

  it('gives up with IndexLockedError naming the lock when the wait runs out', async () => {
    const { indexDir, options } = await setup();
    let releaseFirst = () => {};
    const first = withIngestLock(
      indexDir,
      {},
      () =>
        new Promise<void>((resolve) => {
          releaseFirst = resolve;
        }),
    );
    await until(() => existsSync(ingestLockPath(indexDir)));

    const error = await ingest({ ...options, lock: { waitMs: 300 } }).catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(IndexLockedError);
    expect((error as IndexLockedError).message).toContain(ingestLockPath(indexDir));
    expect((error as IndexLockedError).userMessage).toMatch(/Another ingest is running/);
    expect(await readdir(indexDir)).toEqual(['ingest.lock']);
    releaseFirst();
    await first;
  });

  it('takes over a lock left behind by an ingest killed with kill -9', async () => {
    const { indexDir, options } = await setup();
    await mkdir(ingestLockPath(indexDir), { recursive: true });
    const longAgo = new Date(Date.now() - 60_000);
    await utimes(ingestLockPath(indexDir), longAgo, longAgo);

    const { report } = await ingest({ ...options, lock: { staleMs: 2000, waitMs: 10_000 } });

    expect(report.documents).toBe(5);
    expect((await readSearchIndex(indexDir, expectation)).meetings).toHaveLength(5);
  });

  it('runs two ingests started together one after the other, leaving an index of the edited files', async () => {
    const { seedsDir, indexDir, options } = await setup();
    await ingest(options);
    await editSeeds(seedsDir, '本段为修改后新增的测试段落，区政府同意增设夜市管理岗位。');

    const [a, b] = await Promise.all([ingest(options), ingest(options)]);

    expect([a.report.embedded.length, b.report.embedded.length].sort()).toEqual([0, 5]);
    const index = await readSearchIndex(indexDir, expectation);
    expect(index.meetings.every((m) => m.paragraphs.some((p) => p.text.includes('夜市管理岗位')))).toBe(true);
    expect(index.chunks.size).toBe(a.report.chunks);
  });

  it('starts over instead of writing when another ingest took the lock over meanwhile', async () => {
    const { indexDir, lines } = await setup();
    const lockPath = ingestLockPath(indexDir);
    const logger = createLogger({ write: (line) => lines.push(line) });
    let runs = 0;
    let othersLockSurvived = false;

    const result = await withIngestLock(indexDir, { staleMs: 2000, logger }, async (assertLockHeld) => {
      runs += 1;
      if (runs === 1) {
        // What a second waiter's stale takeover does: remove the lock directory and make its own.
        await rmdir(lockPath);
        await mkdir(lockPath);
        setTimeout(async () => {
          othersLockSurvived = existsSync(lockPath);
          await rmdir(lockPath).catch(() => undefined);
        }, 400);
      }
      await assertLockHeld();
      return runs;
    });

    expect(result).toBe(2);
    expect(othersLockSurvived).toBe(true);
    expect(lines.some((line) => line.includes('Lost the index lock to another ingest'))).toBe(true);
  });
});
