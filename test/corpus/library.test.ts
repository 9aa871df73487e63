import { cp, readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_CHUNKING, openAssistant } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { createMeetingLibrary, fileNameForUrl, safeFileName } from '../../src/corpus/library.js';
import { AddMeetingError } from '../../src/errors.js';
import { silentLogger } from '../../src/logger.js';
import { ingest } from '../../src/search/ingest.js';
import { createIngestRunner } from '../../src/search/ingest-runner.js';
import { createLocalEmbedder } from '../../src/search/local-embedder.js';
import { DEFAULT_HNSW } from '../../src/search/vector-index.js';
import { makeChinesePdf, makeDocx } from '../helpers/documents.js';
import { createTempDir, SEEDS_DIR, type TempDir } from '../helpers/seed-index.js';

async function failureOf(promise: Promise<unknown>): Promise<AddMeetingError> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  if (!(error instanceof AddMeetingError)) throw new Error(`expected AddMeetingError, got ${String(error)}`);
  return error;
}

const documents = async (dir: string) => (await readdir(dir)).filter((file) => !file.startsWith('.')).sort();

describe('createMeetingLibrary', () => {
  let seeds: TempDir;
  let index: TempDir;
  const embedder = createLocalEmbedder(128);
  const reindexInProcess = async () => {
    const { index: built, report } = await ingest({
      seedsDir: seeds.path,
      indexDir: index.path,
      embedder,
      chunking: DEFAULT_CHUNKING,
      hnsw: DEFAULT_HNSW,
      logger: silentLogger,
    });
    return { report, meetings: built.meetings.map((m) => ({ ...m, paragraphs: m.paragraphs.length })) };
  };
  const manifest = () => readFile(join(index.path, 'manifest.json'), 'utf8');

  beforeEach(async () => {
    seeds = await createTempDir();
    index = await createTempDir();
    await cp(SEEDS_DIR, seeds.path, { recursive: true });
    await reindexInProcess();
  });

  afterEach(async () => {
    await seeds.remove();
    await index.remove();
  });

  it('takes a corrupt file out again, leaving the index as it was and every meeting answerable', async () => {
    const library = createMeetingLibrary({ seedsDir: seeds.path, reindex: reindexInProcess });
    const before = await documents(seeds.path);

    const error = await failureOf(library.addFile(Buffer.from('%PDF-1.7\nthis is not a pdf'), 'broken.pdf'));

    expect(error.reason).toBe('no-text');
    expect(error.userMessage).toMatch(/^无法读取 Not added: not a readable PDF/);
    expect(await documents(seeds.path)).toEqual(before);
    const assistant = await openAssistant({ seedsDir: seeds.path, indexDir: index.path, build: false });
    expect(assistant.meetings()).toHaveLength(before.length);
    expect((await assistant.ask('钟楼区四月份要抓好哪五个精心组织？')).found).toBe(true);
  });

  it('undoes the add when the re-index fails midway, so the folder matches the untouched index', async () => {
    const indexBefore = await manifest();
    const library = createMeetingLibrary({
      seedsDir: seeds.path,
      reindex: () => Promise.reject(new Error('ingest worker killed')),
    });
    const before = await documents(seeds.path);

    const error = await failureOf(library.addFile(makeChinesePdf(), 'wujin.pdf'));

    expect(error.reason).toBe('ingest-failed');
    expect(await documents(seeds.path)).toEqual(before);
    expect(await manifest()).toBe(indexBefore);
  });

  it('survives the ingest worker being killed during a run and indexes on the next try', async () => {
    const config = loadConfig({ SEEDS_DIR: seeds.path, INDEX_DIR: index.path });
    const runner = createIngestRunner({
      seedsDir: seeds.path,
      indexDir: index.path,
      config,
      chunking: DEFAULT_CHUNKING,
      hnsw: DEFAULT_HNSW,
    });
    let killDuringRun = true;
    const library = createMeetingLibrary({
      seedsDir: seeds.path,
      reindex: async () => {
        const run = runner.run();
        // Terminating the worker mid-run is what a crash (or kill) of the ingest looks like to the bot.
        if (killDuringRun) void runner.close();
        killDuringRun = false;
        await run;
        return reindexInProcess();
      },
    });
    const indexBefore = await manifest();

    expect((await failureOf(library.addFile(await makeDocx(), 'xinbei.docx'))).reason).toBe('ingest-failed');
    expect(await manifest()).toBe(indexBefore);
    const added = await library.addFile(await makeDocx(), 'xinbei.docx');
    expect(added.meeting.title).toBe('新北区召开文明城市创建推进会');
    await runner.close();
  }, 60_000);

  it('lands two uploads sent at once, one after the other', async () => {
    const library = createMeetingLibrary({ seedsDir: seeds.path, reindex: reindexInProcess });

    const [pdf, docx] = await Promise.all([
      library.addFile(makeChinesePdf(), 'wujin.pdf'),
      library.addFile(await makeDocx(), 'xinbei.docx'),
    ]);

    const assistant = await openAssistant({ seedsDir: seeds.path, indexDir: index.path, build: false });
    expect(assistant.meetings().map((m) => m.id)).toEqual(expect.arrayContaining([pdf.meeting.id, docx.meeting.id]));
    expect(assistant.meetings()).toHaveLength(7);
  });

  it('recognises identical bytes as a duplicate of the meeting that has them', async () => {
    const library = createMeetingLibrary({ seedsDir: seeds.path, reindex: reindexInProcess });
    const seed = await readFile(join(seeds.path, '004_e8e8e54d7c3c5c4e.txt'));

    const error = await failureOf(library.addFile(seed, 'again.txt'));

    expect(error.reason).toBe('duplicate');
    expect(error.userMessage).toBe('已有相同内容的会议 Duplicate of meeting #5');
  });

  it('removes a meeting by id, keeping its file in .removed/', async () => {
    const library = createMeetingLibrary({ seedsDir: seeds.path, reindex: reindexInProcess });

    await library.remove('000_1e0a48fb9761539e');

    expect(await documents(seeds.path)).not.toContain('000_1e0a48fb9761539e.txt');
    expect(await readdir(join(seeds.path, '.removed'))).toEqual(['000_1e0a48fb9761539e.txt']);
    const assistant = await openAssistant({ seedsDir: seeds.path, indexDir: index.path, build: false });
    expect(assistant.meetings()).toHaveLength(4);
  });

  it('makes safe, stable file names from uploads and URLs', () => {
    expect(safeFileName('../../etc/passwd.txt')).toBe('passwd.txt');
    expect(safeFileName('.hidden.pdf')).toBe('hidden.pdf');
    expect(fileNameForUrl('https://www.gov.cn/news/2024/0612.html')).toBe(
      fileNameForUrl('https://www.gov.cn/news/2024/0612.html'),
    );
    expect(fileNameForUrl('https://www.gov.cn/news/2024/0612.html')).toMatch(
      /^www-gov-cn-news-2024-0612-[0-9a-f]{8}\.md$/,
    );
  });
});
