import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import iconv from 'iconv-lite';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { cleanText } from '../../src/corpus/clean.js';
import { type Corpus, loadCorpus } from '../../src/corpus/meeting.js';
import { DocumentError } from '../../src/errors.js';
import { copySeeds, createTempDir, readSeed, SEED_IDS, SEEDS_DIR, type TempDir } from '../helpers/seed-index.js';

describe('loadCorpus', () => {
  let seeds: Corpus;
  const temporary: TempDir[] = [];

  beforeAll(async () => {
    seeds = await loadCorpus(SEEDS_DIR);
  });

  afterEach(async () => {
    for (const dir of temporary.splice(0)) await dir.remove();
  });

  it('loads every seed meeting, numbered in id order, without errors', () => {
    expect(seeds.errors).toEqual([]);
    expect(seeds.meetings.map((m) => [m.number, m.id])).toEqual(Object.values(SEED_IDS).map((id, i) => [i + 1, id]));
  });

  it('numbers paragraphs 1..n and gives them the same numbers on a second load', async () => {
    const again = await loadCorpus(SEEDS_DIR);

    for (const meeting of seeds.meetings) {
      expect(meeting.paragraphs.map((p) => p.n)).toEqual(meeting.paragraphs.map((_, i) => i + 1));
    }
    expect(again.meetings.map((m) => m.paragraphs)).toEqual(seeds.meetings.map((m) => m.paragraphs));
  });

  it('reads a GBK copy of 001 and a Big5 copy of 004 like their UTF-8 originals', async () => {
    const dir = await createTempDir();
    temporary.push(dir);
    const paragraphs004 = cleanText(await readSeed('004')).paragraphs.join('\n');
    await writeFile(join(dir.path, `${SEED_IDS['001']}.txt`), iconv.encode(await readSeed('001'), 'gbk'));
    await writeFile(join(dir.path, `${SEED_IDS['004']}.txt`), iconv.encode(paragraphs004, 'big5'));

    const corpus = await loadCorpus(dir.path);

    const [gbk, big5] = corpus.meetings;
    const original001 = seeds.meetings[1];
    const original004 = seeds.meetings[4];
    expect(corpus.errors).toEqual([]);
    expect(gbk?.encoding).toBe('gb18030');
    expect(gbk?.paragraphs).toEqual(original001?.paragraphs);
    expect(gbk?.title).toBe(original001?.title);
    expect(big5?.encoding).toBe('big5');
    expect(big5?.paragraphs).toEqual(original004?.paragraphs);
    expect(big5?.title).toBe('鐘樓區召開四套班子領導干部(擴大)會議');
  });

  it('reports a binary file as an unreadable DocumentError naming it while the other files still load', async () => {
    const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0xff, 0xd8]);
    const dir = await copySeeds({ 'scan.txt': Buffer.concat([png, Buffer.alloc(64, 0xff)]) });
    temporary.push(dir);

    const corpus = await loadCorpus(dir.path);

    expect(corpus.meetings.map((m) => m.id)).toEqual(Object.values(SEED_IDS));
    expect(corpus.errors).toHaveLength(1);
    const [error] = corpus.errors;
    expect(error).toBeInstanceOf(DocumentError);
    expect(error?.file).toBe('scan.txt');
    expect(error?.message).toMatch(/^scan\.txt: .*binary/);
    expect(error?.userMessage).toContain('scan.txt');
  });

  it('reports a document with nothing but page furniture as having no text', async () => {
    const dir = await createTempDir();
    temporary.push(dir);
    await writeFile(join(dir.path, 'ad.txt'), '掃一掃在手機打開當前頁 |\n预览阅读已结束,若您需要全文或代笔。\n');

    const corpus = await loadCorpus(dir.path);

    expect(corpus.meetings).toEqual([]);
    expect(corpus.errors.map((e) => e.message)).toEqual(['ad.txt: no text left after cleaning']);
  });

  it('reads .txt and .md documents in subfolders and skips README.md and other files', async () => {
    const dir = await createTempDir();
    temporary.push(dir);
    await writeFile(join(dir.path, 'README.md'), '# 说明\n这里放会议文件。');
    await writeFile(join(dir.path, 'notes.json'), '{"会议": true}');
    await mkdir(join(dir.path, '2024'));
    await writeFile(join(dir.path, '2024', 'a.md'), '区委书记主持召开常委会议,研究部署四月份工作。');

    const corpus = await loadCorpus(dir.path);

    expect(corpus.meetings.map((m) => m.file)).toEqual([join('2024', 'a.md')]);
  });
});
