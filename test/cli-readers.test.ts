import { execFile, spawn } from 'node:child_process';
import { readdir, readFile, stat, truncate } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildSeedIndex, createTempDir, type SeedIndex } from './helpers/seed-index.js';

const run = promisify(execFile);
/** One paragraph of 340,000 characters, as the issue found in a real upload (no line breaks, no sentence ends). */
const HUGE = '巨幅段落测试区关于夜市管理的规定要求各街道做好摊位登记和卫生检查工作'.repeat(10_000);
let seed: SeedIndex;

async function cli(
  indexDir: string,
  args: string[],
  env: Record<string, string> = {},
): Promise<{ stdout: string; stderr: string; code: number }> {
  try {
    const { stdout, stderr } = await run(process.execPath, ['--import', 'tsx', 'src/cli.ts', ...args], {
      env: {
        ...process.env,
        SEEDS_DIR: seed.seedsDir,
        INDEX_DIR: indexDir,
        OPENAI_API_KEY: '',
        OPENAI_BASE_URL: '',
        TELEGRAM_BOT_TOKEN: '',
        ...env,
      },
      timeout: 60_000,
      maxBuffer: 16 * 1024 * 1024,
    });
    return { stdout, stderr, code: 0 };
  } catch (error) {
    const failed = error as { stdout: string; stderr: string; code: number };
    return { stdout: failed.stdout, stderr: failed.stderr, code: failed.code };
  }
}

/** Names and modification times of every file in `dir`, to prove a command wrote nothing. */
async function snapshot(dir: string): Promise<string[]> {
  const names = (await readdir(dir)).sort();
  return Promise.all(names.map(async (name) => `${name}@${(await stat(join(dir, name))).mtimeMs}`));
}

beforeAll(async () => {
  seed = await buildSeedIndex({
    '900_night_market.txt': `某区召开夜市管理工作会议\n\n${HUGE}\n\n会议要求各部门认真落实。\n`,
  });
}, 120_000);

afterAll(() => seed.remove());

describe('cli readers never write the index', () => {
  it('says to run ingest when there is no index, exits 1 and creates nothing', async () => {
    const empty = await createTempDir();

    const { stderr, code } = await cli(empty.path, ['search', '夜市']);

    expect(code).toBe(1);
    expect(stderr).toContain('No index yet: run `npm run ingest`');
    expect(await readdir(empty.path)).toEqual([]);
    await empty.remove();
  });

  it('reports a damaged index as damaged and leaves it as it was instead of rebuilding it', async () => {
    const copy = await createTempDir();
    await run('cp', ['-r', `${seed.indexDir}/.`, copy.path]);
    const { generation } = JSON.parse(await readFile(join(copy.path, 'manifest.json'), 'utf8')) as {
      generation: string;
    };
    await truncate(join(copy.path, `vectors.${generation}.hnsw`), 100);
    const before = await snapshot(copy.path);

    const { stderr, code } = await cli(copy.path, ['search', '夜市']);

    expect(code).toBe(1);
    expect(stderr).toContain('The index is damaged: run `npm run ingest`');
    expect(await snapshot(copy.path)).toEqual(before);
    await copy.remove();
  });

  it('reports an index built with another embedder dimension as a mismatch and does not rebuild it', async () => {
    const before = await snapshot(seed.indexDir);

    const { stderr, code } = await cli(seed.indexDir, ['ask', '夜市摊位登记有什么要求？'], {
      EMBEDDING_DIMENSION: '256',
    });

    expect(code).toBe(1);
    expect(stderr).toMatch(/incompatible: built with embedder .*128 dims.*256 dims/);
    expect(stderr).toContain('built with other settings');
    expect(await snapshot(seed.indexDir)).toEqual(before);
  });
});

describe('npm start', () => {
  it('rebuilds a damaged index in the ingest worker, then answers from it', async () => {
    const copy = await createTempDir();
    await run('cp', ['-r', `${seed.indexDir}/.`, copy.path]);
    const { generation } = JSON.parse(await readFile(join(copy.path, 'manifest.json'), 'utf8')) as {
      generation: string;
    };
    await truncate(join(copy.path, `vectors.${generation}.hnsw`), 100);

    const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli.ts', 'start'], {
      env: {
        ...process.env,
        SEEDS_DIR: seed.seedsDir,
        INDEX_DIR: copy.path,
        OPENAI_API_KEY: '',
        OPENAI_BASE_URL: '',
        TELEGRAM_BOT_TOKEN: '',
      },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString('utf8');
    });
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString('utf8');
    });
    child.stdin.end('童子河的规划设计要求什么时候全面动工？\n');
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));

    expect(code).toBe(0);
    expect(stderr).toContain('rebuilding it in the ingest worker');
    expect(stdout).toContain('童子河');
    const manifest = JSON.parse(await readFile(join(copy.path, 'manifest.json'), 'utf8')) as { generation: string };
    expect(manifest.generation).not.toBe(generation);
    await copy.remove();
  }, 90_000);
});

describe('cli display caps', () => {
  it('caps a 340,000-character paragraph in search --json and gives its full length', async () => {
    const { stdout, code } = await cli(seed.indexDir, ['search', '--json', '--k', '3', '夜市摊位登记']);

    expect(code).toBe(0);
    const { results } = JSON.parse(stdout) as { results: { text: string; truncated: boolean; length: number }[] };
    const huge = results.find((r) => r.length === HUGE.length);
    expect(huge?.truncated).toBe(true);
    expect(huge?.text.length).toBeLessThanOrEqual(1001);
    expect(HUGE.startsWith(huge?.text.slice(0, -1) ?? 'x')).toBe(true);
    expect(results.filter((r) => r !== huge).every((r) => !r.truncated && r.text.length === r.length)).toBe(true);
    expect(stdout.length).toBeLessThan(10_000);
  });

  it('prints the whole paragraph with search --full', async () => {
    const { stdout } = await cli(seed.indexDir, ['search', '--json', '--full', '--k', '1', '夜市摊位登记']);

    const { results } = JSON.parse(stdout) as { results: { text: string; truncated: boolean }[] };
    expect(results[0]?.text).toBe(HUGE);
    expect(results[0]?.truncated).toBe(false);
  });

  it('caps the quoted answer and the citation in ask --json, keeping the citation marker', async () => {
    const { stdout, code } = await cli(seed.indexDir, ['ask', '--json', '夜市摊位登记有什么要求？']);

    expect(code).toBe(0);
    const answer = JSON.parse(stdout) as {
      answer: string;
      answerTruncated: boolean;
      answerLength: number;
      citations: { n: number; text: string; truncated: boolean; length: number; paragraph: number }[];
    };
    expect(answer.answerTruncated).toBe(true);
    expect(answer.answerLength).toBeGreaterThan(300_000);
    // The quote is cut before its marker; the related passages' markers may follow it.
    expect(answer.answer).toMatch(/…\[1\](\[\d+\])*$/);
    expect(answer.citations[0]).toMatchObject({ n: 1, paragraph: 2, truncated: true, length: HUGE.length });
    expect(stdout.length).toBeLessThan(10_000);
  });
});
