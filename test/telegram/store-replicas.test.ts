/**
 * Two webhook replicas on the Postgres search store and the Postgres state (one PGlite over TCP, the fake Bot API):
 * a meeting an admin adds with /add through replica A is answered by replica B within 2 s, B learning of the new
 * store generation by the store's own change signal (LISTEN plus a 1 s poll).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createServingLibrary,
  DEFAULT_CHUNKING,
  DEFAULT_LOCAL_DIMENSION,
  openReloadingAssistant,
} from '../../src/app.js';
import { silentLogger } from '../../src/logger.js';
import { createLocalEmbedder } from '../../src/search/local-embedder.js';
import { ingestToPostgres } from '../../src/search/postgres/postgres-ingest.js';
import { DEFAULT_HNSW } from '../../src/search/vector-index.js';
import { openPostgresStateStore } from '../../src/state/postgres/store.js';
import type { StateStore } from '../../src/state/types.js';
import { createBot } from '../../src/telegram/bot.js';
import { type RunningBot, runBot } from '../../src/telegram/run-bot.js';
import { makeGbkHtmlPage } from '../helpers/documents.js';
import { type FakeBotApi, startFakeBotApi } from '../helpers/fake-bot-api.js';
import { startHttpServer, type TestHttpServer } from '../helpers/http-server.js';
import { type PgliteServer, startPgliteServer } from '../helpers/pglite-server.js';
import { copySeeds, type TempDir } from '../helpers/seed-index.js';
import { TEST_TOKEN, textUpdate } from '../helpers/telegram-capture.js';
import { freePort, PUBLIC_WEBHOOK_URL, postUpdate, sentTexts, WEBHOOK_SECRET } from '../helpers/webhook.js';

const ADMIN = 7001;
const READER = 7002;
const embedder = createLocalEmbedder(DEFAULT_LOCAL_DIMENSION);

interface Replica {
  url: string;
  state: StateStore;
  running: RunningBot;
  close: () => void;
}

let database: PgliteServer;
let telegram: FakeBotApi;
let web: TestHttpServer;
let seedsA: TempDir;
let seedsB: TempDir;
let replicaA: Replica;
let replicaB: Replica;

/** Ingests `seedsDir` into the shared Postgres store, as `npm run ingest` (or a replica's /add) does. */
const ingestInto = (seedsDir: string) =>
  ingestToPostgres({
    databaseUrl: database.url,
    seedsDir,
    embedder,
    chunking: DEFAULT_CHUNKING,
    hnsw: DEFAULT_HNSW,
    logger: silentLogger,
  });

/** A webhook replica on the Postgres search store and state; with `admin`, /add writes through its own seeds folder. */
async function startReplica(name: string, seedsDir: string, admin?: number): Promise<Replica> {
  const port = await freePort();
  const state = await openPostgresStateStore({ databaseUrl: database.url, replicaId: name });
  const { assistant, reload, close } = await openReloadingAssistant(
    {
      seedsDir,
      indexDir: seedsDir,
      store: { kind: 'postgres', databaseUrl: database.url },
      embedder,
      summaryCache: state.summaries,
      build: false,
    },
    1000,
  );
  const library = createServingLibrary({
    seedsDir,
    runner: { run: async () => (await ingestInto(seedsDir)).report },
    assistant,
    reload,
  });
  const bot = createBot({
    token: TEST_TOKEN,
    assistant,
    logger: silentLogger,
    apiRoot: telegram.apiRoot,
    rateLimit: { windowMs: 60_000, limit: 1000 },
    state,
    claimUpdates: true,
    ...(admin ? { addMeeting: { admins: [admin], library } } : {}),
  });
  const running = await runBot(bot, {
    webhook: { url: PUBLIC_WEBHOOK_URL, secret: WEBHOOK_SECRET, port, host: '127.0.0.1', registry: state.webhook },
  });
  return { url: `http://127.0.0.1:${port}/telegram`, state, running, close };
}

const repliesTo = (chatId: number) => sentTexts(telegram, chatId);

beforeAll(async () => {
  [database, telegram, seedsA, seedsB] = await Promise.all([
    startPgliteServer(),
    startFakeBotApi(),
    copySeeds(),
    copySeeds(),
  ]);
  web = await startHttpServer((_req, res) =>
    res.writeHead(200, { 'content-type': 'text/html' }).end(makeGbkHtmlPage()),
  );
  await ingestInto(seedsA.path);
  [replicaA, replicaB] = await Promise.all([startReplica('A', seedsA.path, ADMIN), startReplica('B', seedsB.path)]);
}, 120_000);

afterAll(async () => {
  for (const replica of [replicaA, replicaB]) {
    await replica?.running.stop();
    replica?.close();
    await replica?.state.close();
  }
  await web?.close();
  await telegram?.stop();
  await database?.stop();
  await seedsA?.remove();
  await seedsB?.remove();
});

describe('two replicas on the Postgres search store', () => {
  it('answers on replica B, within 2 s, a meeting an admin added through replica A', async () => {
    const question = '区应急管理局要储备多少沙袋？';
    expect(await postUpdate(replicaB.url, textUpdate(question, { chatId: READER, userId: READER }))).toBe(200);
    expect(repliesTo(READER).join('\n')).not.toContain('储备沙袋五万只');

    expect(
      await postUpdate(replicaA.url, textUpdate(`/add ${web.url}/news/0612.html`, { chatId: ADMIN, userId: ADMIN })),
    ).toBe(200);
    expect(repliesTo(ADMIN).join('\n')).toMatch(/已添加会议 #\d+/);
    const added = Date.now();
    let answeredAfterMs = -1;
    while (Date.now() - added < 5000) {
      await postUpdate(replicaB.url, textUpdate(question, { chatId: READER, userId: READER }));
      if (repliesTo(READER).at(-1)?.includes('储备沙袋五万只')) {
        answeredAfterMs = Date.now() - added;
        break;
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(answeredAfterMs).toBeGreaterThanOrEqual(0);
    expect(answeredAfterMs).toBeLessThan(2000);
  }, 60_000);
});
