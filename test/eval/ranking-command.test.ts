import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { InvalidQuestionError } from '../../src/errors.js';
import { commandEval } from '../../src/eval/command.js';
import { loadQa } from '../../src/eval/qa.js';
import { formatRankingRun, runRanking } from '../../src/eval/ranking-command.js';
import { silentLogger } from '../../src/logger.js';

const SEEDS = fileURLToPath(new URL('../../seeds', import.meta.url));
const FIXTURE_QA = fileURLToPath(new URL('../fixtures/qa.jsonl', import.meta.url));

describe('runRanking', () => {
  let dir = '';
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'ranking-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('ranks the seed QA gold paragraphs first more often than the naive bigram BM25 does', async () => {
    const engine = { seedsDir: SEEDS, indexDir: join(dir, 'index') };
    const qa = await loadQa(FIXTURE_QA);

    const retriever = await runRanking(engine, qa, [1, 5], 'retriever');
    const baseline = await runRanking(engine, qa, [1, 5], 'bm25');

    expect(retriever.questions).toBe(46);
    expect(baseline.questions).toBe(46);
    expect(retriever.recall['1']).toBeGreaterThan(baseline.recall['1'] ?? 1);
    expect(retriever.recall['5']).toBeGreaterThanOrEqual(baseline.recall['5'] ?? 1);
  });

  it('lists an item whose key is in no paragraph and scores the others', async () => {
    const engine = { seedsDir: SEEDS, indexDir: join(dir, 'index') };
    const qa = [
      { id: 'river', question: '童子河的规划设计要求什么时候全面动工？', doc: '004', key: '童子河的规划设计' },
      { id: 'ghost', question: '火星移民计划是什么？', doc: '004', key: '火星移民计划' },
    ];

    const run = await runRanking(engine, qa, [1], 'retriever');

    expect(run.questions).toBe(1);
    expect(run.recall['1']).toBe(1);
    expect(formatRankingRun(run)).toMatch(/Unresolved, not scored .*\(1\):\n {2}ghost: key "火星移民计划"/);
  });
});

describe('commandEval --ranking', () => {
  let dir = '';
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'ranking-command-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  function context(output: string[]) {
    const config = loadConfig({ SEEDS_DIR: join(dir, 'unused'), INDEX_DIR: join(dir, 'unused-index') });
    const engine = { seedsDir: config.seedsDir, indexDir: config.indexDir, logger: silentLogger };
    return { config, logger: silentLogger, engine, write: (text: string) => output.push(text) };
  }

  it('prints the naive BM25 baseline as JSON over a corpus', async () => {
    const qa = join(dir, 'qa.jsonl');
    await writeFile(
      qa,
      '{"id":"r","question":"童子河的规划设计要求什么时候全面动工？","doc":"004","key":"童子河的规划设计"}\n',
    );
    const output: string[] = [];

    await commandEval(['--json', '--qa', qa, '--corpus', SEEDS, '--ranking', 'bm25'], context(output));

    expect(JSON.parse(output.join(''))).toMatchObject({ ranker: 'bm25', questions: 1, unresolved: [] });
  });

  it('rejects an unknown ranker', async () => {
    await expect(commandEval(['--ranking', 'dense'], context([]))).rejects.toThrow(InvalidQuestionError);
  });
});
