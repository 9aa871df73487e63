import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isOffTopic, loadQa, parseQa } from '../../src/eval/qa.js';

describe('parseQa', () => {
  it('reads on-topic and off-topic items and skips blank lines', () => {
    const items = parseQa(
      '{"id":"q1","question":"童子河什么时候动工？","doc":"004","key":"童子河"}\n\n{"id":"o1","question":"天气？","offtopic":true}\n',
    );
    expect(items.map((item) => [item.id, isOffTopic(item)])).toEqual([
      ['q1', false],
      ['o1', true],
    ]);
  });

  it('names the file and line of an item without a key', () => {
    expect(() => parseQa('{"id":"q1","question":"x？","doc":"004"}', 'qa.jsonl')).toThrow(/qa\.jsonl:1: "key"/);
  });

  it('rejects a duplicate id', () => {
    const line = '{"id":"o1","question":"天气？","offtopic":true}';
    expect(() => parseQa(`${line}\n${line}`)).toThrow(/duplicate id "o1"/);
  });

  it('rejects a line that is not JSON', () => {
    expect(() => parseQa('{"id":', 'qa.jsonl')).toThrow(/qa\.jsonl:1: not valid JSON/);
  });
});

describe('loadQa', () => {
  it('reads a JSONL file from disk', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'qa-'));
    try {
      const file = join(dir, 'qa.jsonl');
      await writeFile(file, '{"id":"o1","question":"天气？","offtopic":true}\n');
      expect(await loadQa(file)).toEqual([{ id: 'o1', question: '天气？', offtopic: true }]);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
