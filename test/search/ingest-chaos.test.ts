/**
 * Chaos: real `ingest` child processes (the CLI entry) run two or three at a time over a small corpus that changes
 * every round, one of them is killed with SIGKILL at a random moment, and readers load the index all the while.
 * Every load must be one whole version of the corpus (never a mix, never older than a version already seen) and
 * answerable; every ingest that was not killed must exit 0. Bounded: new rounds start only in the first 15 s, at
 * least two rounds (25–45 s in all on the shared 2-core machine). The kill schedule comes from a seeded PRNG.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_CHUNKING, DEFAULT_LOCAL_DIMENSION } from '../../src/app.js';
import { readSearchIndex } from '../../src/search/index-store.js';
import { createLocalEmbedder } from '../../src/search/local-embedder.js';
import { createLocalSnapshot } from '../../src/search/local-store.js';
import { createRetriever } from '../../src/search/retriever.js';
import { DEFAULT_HNSW } from '../../src/search/vector-index.js';
import { createTempDir, SEED_IDS, SEEDS_DIR, type TempDir } from '../helpers/seed-index.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const BUDGET_MS = 15_000;
const MIN_ROUNDS = 2;
const MAX_ROUNDS = 8;
const ALWAYS = [SEED_IDS['000'], SEED_IDS['002'], SEED_IDS['004']];
/** In odd versions only: exercises removal of a meeting as well as changes. */
const SOMETIMES = SEED_IDS['001'];
const MARKER = /本轮核对版本号V(\d+)号/;
const embedder = createLocalEmbedder(DEFAULT_LOCAL_DIMENSION);
const EXPECTED = {
  embedder: { id: embedder.id, dimension: DEFAULT_LOCAL_DIMENSION },
  chunking: DEFAULT_CHUNKING,
  hnsw: DEFAULT_HNSW,
};

/** A small deterministic PRNG (mulberry32), so every run draws the same kill schedule. */
function createRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function idsOf(version: number): string[] {
  return (version % 2 === 1 ? [...ALWAYS, SOMETIMES] : ALWAYS).slice().sort();
}

let seeds: TempDir;
let index: TempDir;

async function writeVersion(version: number): Promise<void> {
  for (const id of [...ALWAYS, SOMETIMES]) {
    const target = join(seeds.path, `${id}.txt`);
    if (!idsOf(version).includes(id)) {
      await rm(target, { force: true });
      continue;
    }
    const text = await readFile(join(SEEDS_DIR, `${id}.txt`), 'utf8');
    await writeFile(target, `${text}\n\n本轮核对版本号V${version}号，各部门按此版本落实。\n`);
  }
}

interface Run {
  child: ChildProcess;
  exit: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  stderr: string[];
}

function startIngest(): Run {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli.ts', 'ingest'], {
    cwd: ROOT,
    stdio: ['ignore', 'ignore', 'pipe'],
    env: {
      ...process.env,
      SEEDS_DIR: seeds.path,
      INDEX_DIR: index.path,
      OPENAI_API_KEY: '',
      OPENAI_BASE_URL: '',
      TELEGRAM_BOT_TOKEN: '',
      LOG_LEVEL: 'warn',
      INGEST_LOCK_STALE_MS: '3000',
      INGEST_LOCK_WAIT_MS: '60000',
      // The harshest setting: every generation but the current and the previous one is deleted at each commit.
      INDEX_GENERATION_GRACE_MS: '1',
    },
  });
  const stderr: string[] = [];
  child.stderr?.on('data', (chunk: Buffer) => stderr.push(chunk.toString('utf8')));
  const exit = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on('exit', (code, signal) => resolve({ code, signal })),
  );
  return { child, exit, stderr };
}

/** Loads the index once and returns the version it holds, or throws saying what is inconsistent. */
async function loadVersion(): Promise<number> {
  const loaded = await readSearchIndex(index.path, EXPECTED);
  const versions = loaded.meetings.map((meeting) => {
    const marked = meeting.paragraphs.map((p) => MARKER.exec(p.text)?.[1]).find((v) => v !== undefined);
    if (marked === undefined) throw new Error(`meeting ${meeting.id} has no version marker`);
    return Number(marked);
  });
  const version = versions[0] ?? -1;
  if (!versions.every((v) => v === version)) throw new Error(`mixed versions ${versions.join(',')}`);
  const ids = loaded.meetings.map((m) => m.id).sort();
  if (JSON.stringify(ids) !== JSON.stringify(idsOf(version))) throw new Error(`version ${version} has ${ids}`);
  if (loaded.vectors.size !== loaded.chunks.size || loaded.lexical.size !== loaded.chunks.size) {
    throw new Error(`sizes differ: ${loaded.chunks.size} chunks, ${loaded.vectors.size} vectors`);
  }
  const [top] = await createRetriever({ store: createLocalSnapshot(loaded), embedder }).search(
    `本轮核对版本号V${version}号`,
    { k: 3 },
  );
  if (!top?.paragraph.text.includes(`版本号V${version}号`)) throw new Error(`version ${version} is not answerable`);
  return version;
}

beforeAll(async () => {
  seeds = await createTempDir('meeting-bot-chaos-seeds-');
  index = await createTempDir('meeting-bot-chaos-index-');
  await writeVersion(0);
  const first = startIngest();
  const { code } = await first.exit;
  if (code !== 0) throw new Error(`initial ingest failed: ${first.stderr.join('')}`);
}, 60_000);

afterAll(async () => {
  await seeds.remove();
  await index.remove();
});

describe('ingest under chaos', () => {
  it('keeps every load a whole, answerable version while ingests race and get killed with SIGKILL', async () => {
    const random = createRandom(12);
    const failures: string[] = [];
    let loads = 0;
    let lastSeen = 0;
    let reading = true;
    const reader = (async () => {
      while (reading) {
        try {
          const version = await loadVersion();
          if (version < lastSeen) failures.push(`load went back from version ${lastSeen} to ${version}`);
          lastSeen = Math.max(lastSeen, version);
          loads += 1;
        } catch (error) {
          failures.push(`load ${loads + 1}: ${(error as Error).message}`);
        }
        await sleep(5);
      }
    })();

    const started = Date.now();
    let round = 0;
    let killedWhileRunning = 0;
    while (round < MIN_ROUNDS || (round < MAX_ROUNDS && Date.now() - started < BUDGET_MS)) {
      round += 1;
      await writeVersion(round);
      const runs: Run[] = [];
      const count = 2 + Math.floor(random() * 2);
      for (let i = 0; i < count; i++) {
        runs.push(startIngest());
        await sleep(Math.floor(random() * 100));
      }
      const victim = runs[Math.floor(random() * runs.length)] as Run;
      await sleep(150 + Math.floor(random() * 2500));
      if (victim.child.exitCode === null) killedWhileRunning += 1;
      victim.child.kill('SIGKILL');
      const exits = await Promise.all(runs.map((run) => run.exit));
      exits.forEach((exit, i) => {
        const run = runs[i] as Run;
        if (run !== victim && exit.code !== 0)
          failures.push(`round ${round}: ingest exited ${exit.code}: ${run.stderr.join('')}`);
      });
      const committed = await loadVersion().catch((error: Error) => {
        failures.push(`round ${round}: ${error.message}`);
        return -1;
      });
      if (committed !== round) failures.push(`round ${round}: the index holds version ${committed}`);
    }
    reading = false;
    await reader;

    expect(failures).toEqual([]);
    expect(round).toBeGreaterThanOrEqual(MIN_ROUNDS);
    expect(loads).toBeGreaterThan(round);
    expect(lastSeen).toBe(round);
    console.info(
      `chaos: ${round} rounds, ${killedWhileRunning} kills of a live ingest process, ${loads} consistent loads`,
    );
  }, 60_000);
});
