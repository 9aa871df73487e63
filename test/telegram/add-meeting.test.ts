import { cp, readdir } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServingLibrary, DEFAULT_CHUNKING, openReloadingAssistant } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { silentLogger } from '../../src/logger.js';
import { createIngestRunner, type IngestRunner } from '../../src/search/ingest-runner.js';
import { DEFAULT_HNSW } from '../../src/search/vector-index.js';
import { createBot } from '../../src/telegram/bot.js';
import { type RunningBot, runBot } from '../../src/telegram/run-bot.js';
import { makeChinesePdf, makeDocx, makeGbkHtmlPage } from '../helpers/documents.js';
import { type FakeFileBotApi, type FakeUser, startFakeFileBotApi } from '../helpers/fake-file-bot-api.js';
import { startHttpServer, type TestHttpServer } from '../helpers/http-server.js';
import { createTempDir, SEEDS_DIR, type TempDir } from '../helpers/seed-index.js';

const TOKEN = '123456:test-token-for-the-fake-bot-api';
const ADMIN: FakeUser = { id: 1001, first_name: 'Admin', language_code: 'zh' };
const READER: FakeUser = { id: 2002, first_name: 'Reader', language_code: 'zh' };
const STRANGER: FakeUser = { id: 3003, first_name: 'Stranger', language_code: 'zh' };

const documentFiles = async (dir: string) => (await readdir(dir)).filter((file) => !file.startsWith('.')).sort();

describe('adding meetings from Telegram', () => {
  let api: FakeFileBotApi;
  let web: TestHttpServer;
  let seeds: TempDir;
  let index: TempDir;
  let runner: IngestRunner;
  let running: RunningBot;
  let closeAssistant: () => void;
  let pdfNumber = '';

  beforeAll(async () => {
    api = await startFakeFileBotApi(TOKEN);
    web = await startHttpServer((_req, res) =>
      res.writeHead(200, { 'content-type': 'text/html' }).end(makeGbkHtmlPage()),
    );
    seeds = await createTempDir();
    index = await createTempDir();
    await cp(SEEDS_DIR, seeds.path, { recursive: true });
    const config = loadConfig({ SEEDS_DIR: seeds.path, INDEX_DIR: index.path });
    runner = createIngestRunner({
      seedsDir: seeds.path,
      indexDir: index.path,
      config,
      chunking: DEFAULT_CHUNKING,
      hnsw: { ...DEFAULT_HNSW, efSearch: config.retrieval.efSearch },
    });
    await runner.run();
    await runner.warm();
    // The default 15 s manifest poll: answers within seconds prove the bot reloads right after an add.
    const { assistant, reload, close } = await openReloadingAssistant({
      seedsDir: seeds.path,
      indexDir: index.path,
      hnsw: { ...DEFAULT_HNSW, efSearch: config.retrieval.efSearch },
      build: false,
    });
    closeAssistant = close;
    const library = createServingLibrary({ seedsDir: seeds.path, runner, assistant, reload });
    const bot = createBot({
      token: TOKEN,
      assistant,
      logger: silentLogger,
      apiRoot: api.apiRoot,
      rateLimit: { windowMs: 60_000, limit: 1000 },
      addMeeting: { admins: [ADMIN.id], library },
    });
    running = await runBot(bot, { drainTimeoutMs: 2000 });
  }, 60_000);

  afterAll(async () => {
    await running?.stop();
    closeAssistant?.();
    await runner?.close();
    await api?.close();
    await web?.close();
    await seeds?.remove();
    await index?.remove();
  });

  it('adds a PDF an admin sends, says what was added, and answers from it right away', async () => {
    const pdf = makeChinesePdf();
    const sent = Date.now();
    api.sendDocument(ADMIN, api.addFile(pdf), '武进区乡村振兴会议.pdf', pdf.length);

    const added = await api.waitForMessage(ADMIN.id, /已添加会议 #\d+/, sent, 30_000);
    pdfNumber = String(added.payload.text).match(/#(\d+)/)?.[1] ?? '';
    expect(String(added.payload.text)).toContain('标题 Title: 武进区召开乡村振兴工作会议');
    expect(String(added.payload.text)).toContain('地点 Place: 武进区');
    expect(String(added.payload.text)).toContain('段落 Paragraphs: 5');
    const asked = Date.now();
    api.sendText(ADMIN, '九月底前要完成多少个村庄的污水管网改造？');
    await api.waitForMessage(ADMIN.id, /一百个村庄/, asked);
    expect(await documentFiles(seeds.path)).toContain('武进区乡村振兴会议.pdf');
  });

  it('recognises a re-sent identical file as a duplicate and stores nothing', async () => {
    const pdf = makeChinesePdf();
    const sent = Date.now();
    api.sendDocument(ADMIN, api.addFile(pdf), 'copy.pdf', pdf.length);

    await api.waitForMessage(ADMIN.id, new RegExp(`Duplicate of meeting #${pdfNumber}$`), sent);
    expect(await documentFiles(seeds.path)).not.toContain('copy.pdf');
  });

  it('adds a meeting from a link with /add', async () => {
    const sent = Date.now();
    api.sendText(ADMIN, `/add ${web.url}/news/0612.html`);

    const added = await api.waitForMessage(ADMIN.id, /已添加会议 #\d+/, sent);
    expect(String(added.payload.text)).toContain('天宁区召开防汛工作会议');
    const asked = Date.now();
    api.sendText(ADMIN, '区应急管理局要储备多少沙袋？');
    await api.waitForMessage(ADMIN.id, /储备沙袋五万只/, asked);
  });

  it('refuses a stranger politely, without downloading or storing the file', async () => {
    const before = await documentFiles(seeds.path);
    const docx = await makeDocx();
    const sent = Date.now();
    api.sendDocument(STRANGER, api.addFile(docx), 'xinbei.docx', docx.length);
    api.sendText(STRANGER, `/add ${web.url}/other.html`);

    await api.waitForMessage(STRANGER.id, /只有管理员可以添加/, sent);
    expect(api.calls.filter((call) => call.method === 'getFile' && call.at >= sent)).toEqual([]);
    expect(await documentFiles(seeds.path)).toEqual(before);
  });

  it('says exactly why an unsupported or too large file is not added', async () => {
    const sent = Date.now();
    api.sendDocument(ADMIN, api.addFile(Buffer.from('x')), 'photo.jpg', 1);
    await api.waitForMessage(ADMIN.id, /Unsupported file type: photo\.jpg/, sent);
    api.sendDocument(ADMIN, api.addFile(Buffer.from('x')), 'big.pdf', 25 * 1024 * 1024);
    await api.waitForMessage(ADMIN.id, /Too large: 25\.0 MB \(limit 20 MB\)/, sent);
  });

  it('says so when the download from Telegram fails, and stores nothing', async () => {
    const before = await documentFiles(seeds.path);
    const sent = Date.now();
    api.sendDocument(ADMIN, 'documents/vanished', 'lost.pdf', 2048);

    await api.waitForMessage(ADMIN.id, /Could not download the file from Telegram/, sent);
    expect(await documentFiles(seeds.path)).toEqual(before);
  });

  it('keeps answering other chats while an upload is downloaded and indexed', async () => {
    const docx = await makeDocx();
    const sent = Date.now();
    api.sendDocument(ADMIN, api.addFile(docx, 1500), 'xinbei.docx', docx.length);
    api.sendText(READER, '钟楼区四月份要抓好哪五个精心组织？');

    const other = await api.waitForMessage(READER.id, /精心组织/, sent);
    const added = await api.waitForMessage(ADMIN.id, /会议 #\d+ (?:Added|Updated)/, sent);
    expect(other.at).toBeLessThan(added.at);
  });

  it('removes a meeting after the admin confirms with the button', async () => {
    const sent = Date.now();
    api.sendText(ADMIN, '/remove 武进区');
    const confirm = await api.waitForMessage(ADMIN.id, /确认删除会议 #\d+「武进区召开乡村振兴工作会议」/, sent);
    const markup = confirm.payload.reply_markup as { inline_keyboard: { callback_data: string }[][] };
    const removeData = markup.inline_keyboard[0]?.[0]?.callback_data ?? '';

    api.tap(STRANGER, 1, removeData);
    api.tap(ADMIN, 1, removeData);

    await api.waitForMessage(ADMIN.id, /已删除会议 #\d+「武进区召开乡村振兴工作会议」/, sent);
    expect(await documentFiles(seeds.path)).not.toContain('武进区乡村振兴会议.pdf');
    const asked = Date.now();
    api.sendText(ADMIN, '/meetings');
    const list = await api.waitForMessage(ADMIN.id, /天宁区召开防汛工作会议/, asked);
    expect(String(list.payload.text)).not.toContain('武进区召开乡村振兴工作会议');
  });
});
