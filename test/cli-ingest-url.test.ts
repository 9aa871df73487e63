import { execFile } from 'node:child_process';
import { cp, readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import iconv from 'iconv-lite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openAssistant } from '../src/app.js';
import { makeGbkHtmlPage } from './helpers/documents.js';
import { startHttpServer, type TestHttpServer } from './helpers/http-server.js';
import { createTempDir, SEEDS_DIR, type TempDir } from './helpers/seed-index.js';

const run = promisify(execFile);
type Result = { stdout: string; stderr: string; code: number };

describe('npm run ingest -- --url', () => {
  let server: TestHttpServer;
  let seeds: TempDir;
  let index: TempDir;
  const results: Record<string, Result> = {};

  const cli = async (...args: string[]): Promise<Result> => {
    const env = {
      ...process.env,
      SEEDS_DIR: seeds.path,
      INDEX_DIR: index.path,
      OPENAI_API_KEY: '',
      OPENAI_BASE_URL: '',
      TELEGRAM_BOT_TOKEN: '',
      FETCH_TIMEOUT_MS: '3000',
      FETCH_MAX_BYTES: String(1024 * 1024),
    };
    try {
      const { stdout, stderr } = await run(process.execPath, ['--import', 'tsx', 'src/cli.ts', ...args], {
        env,
        timeout: 60_000,
      });
      return { stdout, stderr, code: 0 };
    } catch (error) {
      const failed = error as Result;
      return { stdout: failed.stdout, stderr: failed.stderr, code: failed.code };
    }
  };

  beforeAll(async () => {
    server = await startHttpServer((req, res) => {
      if (req.url === '/news/2024/0612.html') {
        res.writeHead(200, { 'content-type': 'text/html' }).end(makeGbkHtmlPage());
      } else if (req.url === '/old-link') {
        res.writeHead(301, { location: '/news/2024/0612.html' }).end();
      } else if (req.url === '/big5') {
        const page =
          '<html><body><h1>中正區召開交通會議</h1><p>會議決定，年底前在中正區新增三百個公共自行車站點，並延長捷運末班車時間。</p></body></html>';
        res.writeHead(200, { 'content-type': 'text/html; charset=big5' }).end(iconv.encode(page, 'big5'));
      } else if (req.url === '/slow') {
        res.writeHead(200, { 'content-type': 'text/html' });
        res.write('<html><body><p>');
        // Never finishes: the fetch timeout must end it.
      } else if (req.url === '/huge') {
        const body = Buffer.from(`<p>${'会议'.repeat(400_000)}</p>`);
        res.writeHead(200, { 'content-type': 'text/html', 'content-length': body.length }).end(body);
      } else {
        res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
      }
    });
    seeds = await createTempDir();
    index = await createTempDir();
    await cp(join(SEEDS_DIR, '004_e8e8e54d7c3c5c4e.txt'), join(seeds.path, '004_e8e8e54d7c3c5c4e.txt'));
    // The two that write run one after the other: ingests in two processes at once need the ingest lock (issue 12.3).
    const redirected = await cli('ingest', '--url', `${server.url}/old-link`);
    const [big5, missing, slow, huge] = await Promise.all([
      cli('ingest', '--url', `${server.url}/big5`, '--json'),
      cli('ingest', '--url', `${server.url}/missing`),
      cli('ingest', '--url', `${server.url}/slow`),
      cli('ingest', '--url', `${server.url}/huge`),
    ]);
    Object.assign(results, { redirected, big5, missing, slow, huge });
  }, 120_000);

  afterAll(async () => {
    await server.close();
    await seeds.remove();
    await index.remove();
  });

  it('follows a redirect, decodes the GB2312 page and reports the meeting it added', () => {
    const { stdout, code } = results.redirected as Result;

    expect(code).toBe(0);
    expect(stdout).toMatch(/^(?:Added|Updated) meeting #\d+ 天宁区召开防汛工作会议/);
    expect(stdout).toContain('date 2024-06-12, place 天宁区');
  });

  it('saves the extracted text under SEEDS_DIR with a stable name from the URL and the URL as its source', async () => {
    const files = await readdir(seeds.path);
    const saved = files.find((file) => file.startsWith('127-0-0-1-old-link-'));

    expect(saved).toMatch(/^127-0-0-1-old-link-[0-9a-f]{8}\.md$/);
    const text = await readFile(join(seeds.path, saved ?? ''), 'utf8');
    expect(text).toContain(`source: "${server.url}/old-link"`);
    expect(text).toContain('区水利局要在6月20日前完成全区28座排涝泵站的检修');
    expect(text).not.toContain('家电大促销');
  });

  it('uses the charset the server declares when the page has no <meta>', () => {
    const { stdout, code } = results.big5 as Result;

    expect(code).toBe(0);
    const added = JSON.parse(stdout) as { meeting: { title: string; paragraphs: number } };
    expect(added.meeting.title).toBe('中正區召開交通會議');
  });

  it('indexes the added pages incrementally, so they answer with a citation next to the old meetings', async () => {
    const assistant = await openAssistant({ seedsDir: seeds.path, indexDir: index.path, build: false });
    const answer = await assistant.ask('区应急管理局要储备多少沙袋？');

    expect(assistant.meetings()).toHaveLength(3);
    expect(answer.citations[0]?.text).toContain('储备沙袋五万只');
  });

  it.each([
    ['missing', /failed: HTTP 404 Not Found/],
    ['slow', /failed: no complete answer within 3 s/],
    ['huge', /larger than 1048576 bytes/],
  ])('refuses the %s page with a clear error and saves nothing', async (name, message) => {
    const { stderr, code } = results[name] as Result;

    expect(code).toBe(1);
    expect(stderr).toMatch(message);
    expect((await readdir(seeds.path)).filter((file) => !file.startsWith('.'))).toHaveLength(3);
  });
});
