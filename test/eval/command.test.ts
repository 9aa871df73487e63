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
