import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { InvalidQuestionError } from '../../src/errors.js';
import { commandEval, parseKs } from '../../src/eval/command.js';
import { silentLogger } from '../../src/logger.js';

const SEEDS = fileURLToPath(new URL('../../seeds', import.meta.url));

describe('parseKs', () => {
  it('sorts and deduplicates the cut-offs', () => {
    expect(parseKs('5, 1,3,1')).toEqual([1, 3, 5]);
  });

  it('rejects a cut-off that is not a positive integer', () => {
    expect(() => parseKs('1,x')).toThrow(InvalidQuestionError);
  });
});

describe('commandEval', () => {
  let dir = '';
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'eval-command-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('prints the JSON report for a QA file over a corpus indexed into a temporary folder', async () => {
    const qa = join(dir, 'qa.jsonl');
    await writeFile(qa, '{"id":"o1","question":"怎么做红烧肉？","offtopic":true}\n');
    const config = loadConfig({ SEEDS_DIR: join(dir, 'unused'), INDEX_DIR: join(dir, 'unused-index') });
    const engine = { seedsDir: config.seedsDir, indexDir: config.indexDir, logger: silentLogger };
    const output: string[] = [];
    await commandEval(['--json', '--qa', qa, '--corpus', SEEDS, '--k', '1,10'], {
      config,
      logger: silentLogger,
      engine,
      write: (text) => output.push(text),
    });
    const report = JSON.parse(output.join(''));
    expect(report).toMatchObject({ questions: 1, recall: { '1': 0, '10': 0 }, abstain: { correct: 1, total: 1 } });
  });
});

describe('commandEval --store', () => {
  const config = loadConfig({});
  const engine = { seedsDir: SEEDS, indexDir: join(tmpdir(), 'unused-eval-index'), logger: silentLogger };
  const qaFile = fileURLToPath(new URL('../fixtures/qa.jsonl', import.meta.url));

  it('ranks a corpus ingested into an embedded PGlite exactly as the local index does', async () => {
    const run = async (store: string) => {
      const output: string[] = [];
      const args = ['--json', '--qa', qaFile, '--corpus', SEEDS, '--ranking', 'retriever', '--store', store];
      await commandEval(args, { config, logger: silentLogger, engine, write: (text) => output.push(text) });
      const { latencyMs: _latency, ...report } = JSON.parse(output.join(''));
      return report;
    };
    const pglite = await run('pglite');
    expect(pglite.questions).toBeGreaterThan(40);
    expect(pglite).toEqual(await run('local'));
  });

  it('refuses --store postgres without DATABASE_URL, naming the embedded alternative', async () => {
    await expect(
      commandEval(['--store', 'postgres'], { config, logger: silentLogger, engine, write: () => {} }),
    ).rejects.toThrow('--store postgres needs DATABASE_URL (or use --store pglite');
  });
});
