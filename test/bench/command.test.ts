import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { commandBench } from '../../src/bench/command.js';
import { loadConfig } from '../../src/config.js';
import { InvalidQuestionError } from '../../src/errors.js';
import { silentLogger } from '../../src/logger.js';

const SEEDS = fileURLToPath(new URL('../../seeds', import.meta.url));

describe('commandBench', () => {
  const config = loadConfig({ SEEDS_DIR: SEEDS });

  it('prints one JSON report and sends progress lines elsewhere', { timeout: 120_000 }, async () => {
    const output: string[] = [];
    const notes: string[] = [];
    await commandBench(['--json', '--chunks', '200', '--repeats', '1', '--queries', '20'], {
      config,
      logger: silentLogger,
      write: (text) => output.push(text),
      note: (line) => notes.push(line),
    });
    expect(JSON.parse(output.join('')).chunks).toBe(200);
    expect(notes.length).toBeGreaterThan(0);
  });

  it('rejects a chunk count that is not a positive integer', async () => {
    await expect(commandBench(['--chunks', '0'], { config, logger: silentLogger })).rejects.toThrow(
      InvalidQuestionError,
    );
  });
});
