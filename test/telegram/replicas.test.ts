import { type ChildProcess, spawn } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Assistant } from '../../src/answer/types.js';
import { createAssistant } from '../../src/assistant.js';
import { silentLogger } from '../../src/logger.js';
import { createRetriever } from '../../src/search/retriever.js';
import { openPostgresStateStore } from '../../src/state/postgres/store.js';
import type { StateStore } from '../../src/state/types.js';
import { createBot } from '../../src/telegram/bot.js';
import { type RunningBot, runBot } from '../../src/telegram/run-bot.js';
import { startTelegram } from '../../src/telegram/start.js';
import { textsFor } from '../../src/telegram/texts.js';
import { type FakeBotApi, startFakeBotApi } from '../helpers/fake-bot-api.js';
import { type PgliteServer, startPgliteServer } from '../helpers/pglite-server.js';
import { buildSeedIndex, type SeedIndex } from '../helpers/seed-index.js';
import { TEST_TOKEN, textUpdate } from '../helpers/telegram-capture.js';
import { freePort, PUBLIC_WEBHOOK_URL, postUpdate, sentTexts, WEBHOOK_SECRET } from '../helpers/webhook.js';

const LEASE_MS = 1500;

/** One bot process in webhook mode on its own port, sharing the Postgres state with the others. */
interface Replica {
  url: string;
  state: StateStore;
  running: RunningBot;
}

let database: PgliteServer;
let telegram: FakeBotApi;
let seeds: SeedIndex;
let replicaA: Replica;
let replicaB: Replica;

async function startReplica(name: string): Promise<Replica> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}/telegram`;
  const state = await openPostgresStateStore({ databaseUrl: database.url, replicaId: name, updateLeaseMs: LEASE_MS });
  // Each process builds its own assistant over the same index, as replicas reading one store do.
  const assistant: Assistant = createAssistant({
    meetings: seeds.index.meetings,
    retriever: createRetriever({ store: seeds.store, embedder: seeds.embedder }),
    logger: silentLogger,
  });
  const bot = createBot({
    token: TEST_TOKEN,
    assistant,
    logger: silentLogger,
    apiRoot: telegram.apiRoot,
    rateLimit: { windowMs: 60_000, limit: 3 },
    state,
    claimUpdates: true,
  });
  const running = await runBot(bot, {
    webhook: { url: PUBLIC_WEBHOOK_URL, secret: WEBHOOK_SECRET, port, host: '127.0.0.1', registry: state.webhook },
  });
  return { url, state, running };
}

const repliesTo = (chatId: number) => sentTexts(telegram, chatId);

beforeAll(async () => {
  [database, telegram, seeds] = await Promise.all([startPgliteServer(), startFakeBotApi(), buildSeedIndex()]);
  [replicaA, replicaB] = await Promise.all([startReplica('A'), startReplica('B')]);
}, 60_000);

afterAll(async () => {
  for (const replica of [replicaA, replicaB]) {
    await replica?.running.stop();
    await replica?.state.close();
  }
  await telegram?.stop();
  await database?.stop();
  await seeds?.remove();
});

describe('two webhook replicas sharing Postgres state', () => {
  it('registers the webhook once although both replicas started together', () => {
    expect(telegram.callsTo('setWebhook')).toEqual([
      { url: PUBLIC_WEBHOOK_URL, secret_token: WEBHOOK_SECRET, allowed_updates: ['message', 'callback_query'] },
    ]);
  });

  it('answers a follow-up on replica B from the question asked on replica A', async () => {
    const user = { chatId: 101, userId: 101 };
    expect(await postUpdate(replicaA.url, textUpdate('钟楼区的会议是什么时候召开的？', user))).toBe(200);
    expect(await postUpdate(replicaB.url, textUpdate('那黔江区呢？', user))).toBe(200);
    // The same follow-up in a chat without history does not ask when 黔江区 met: the history made the difference.
    expect(await postUpdate(replicaB.url, textUpdate('那黔江区呢？', { chatId: 102, userId: 102 }))).toBe(200);
    const [first, followUp] = repliesTo(101);
    expect(first).toContain('4月1日上午,钟楼区召开');
    expect(followUp).toContain('11月5日下午,黔江区召开');
    // Without it, 那黔江区呢？ is taken as a question about 黔江区 in general, not about when it met.
    expect(repliesTo(102)).toHaveLength(1);
    expect(repliesTo(102)[0]).not.toEqual(followUp);
  });

  it('counts one user’s messages on both replicas against one rate limit', async () => {
    const user = { chatId: 301, userId: 301 };
    const replicas = [replicaA, replicaB, replicaA, replicaB];
    for (const [i, replica] of replicas.entries()) {
      expect(await postUpdate(replica.url, textUpdate(`四月份的工作重点是什么？${i}`, user))).toBe(200);
    }
    const replies = repliesTo(301);
    expect(replies).toHaveLength(4);
    expect(replies.slice(0, 3).every((reply) => reply !== textsFor('zh-hans').rateLimited)).toBe(true);
    expect(replies[3]).toBe(textsFor('zh-hans').rateLimited);
  });

  it('answers an update POSTed to both replicas at once only once, and both acknowledge it', async () => {
    const update = textUpdate('钟楼区四月份要抓好哪五个精心组织？', { chatId: 401, userId: 401 });
    const statuses = await Promise.all([postUpdate(replicaA.url, update), postUpdate(replicaB.url, update)]);
    expect(statuses).toEqual([200, 200]);
    expect(repliesTo(401)).toHaveLength(1);
    expect(await postUpdate(replicaA.url, update)).toBe(200);
    expect(repliesTo(401)).toHaveLength(1);
  });
});

describe('startTelegram with a webhook and the Postgres state', () => {
  it('claims updates, so a redelivered update is acknowledged without a second answer', async () => {
    const port = await freePort();
    const state = await openPostgresStateStore({ databaseUrl: database.url, replicaId: 'S' });
    const stop = new AbortController();
    const telegramConfig = {
      token: TEST_TOKEN,
      apiRoot: telegram.apiRoot,
      allowedUsers: [],
      allowedChats: [],
      webhookUrl: PUBLIC_WEBHOOK_URL,
      webhookSecret: WEBHOOK_SECRET,
      webhookPort: port,
      webhookHost: '127.0.0.1',
      rateLimit: { windowMs: 60_000, limit: 10 },
    };
    const assistant = createAssistant({
      meetings: seeds.index.meetings,
      retriever: createRetriever({ store: seeds.store, embedder: seeds.embedder }),
      logger: silentLogger,
    });
    const stopped = startTelegram({
      config: { telegram: telegramConfig },
      assistant,
      logger: silentLogger,
      state,
      stopSignal: stop.signal,
    });
    const url = `http://127.0.0.1:${port}/telegram`;
    const deadline = Date.now() + 10_000;
    while (
      !(await fetch(url, { method: 'GET' }).then(
        () => true,
        () => false,
      ))
    ) {
      if (Date.now() > deadline) throw new Error('startTelegram never listened');
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    const update = textUpdate('四月份的工作重点是什么？', { chatId: 601, userId: 601 });
    expect(await postUpdate(url, update)).toBe(200);
    expect(await postUpdate(url, update)).toBe(200);
    stop.abort();
    await stopped;
    await state.close();
    expect(repliesTo(601)).toHaveLength(1);
  });
});

describe('a replica killed mid-update', () => {
  let child: ChildProcess | undefined;
  afterAll(() => {
    child?.kill('SIGKILL');
  });

  it('has its update answered by another replica after its lease, keeps the chat in order, loses no other update', async () => {
    const port = await freePort();
    child = spawn(process.execPath, ['--import', 'tsx', 'test/helpers/replica-process.ts'], {
      env: {
        ...process.env,
        DATABASE_URL: database.url,
        TELEGRAM_API_ROOT: telegram.apiRoot,
        WEBHOOK_PORT: String(port),
        STATE_UPDATE_LEASE_MS: String(LEASE_MS),
        REPLICA_ID: 'C',
        PUBLIC_URL: PUBLIC_WEBHOOK_URL,
      },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let output = '';
    child.stdout?.on('data', (data: Buffer) => {
      output += data.toString();
    });
    const waitForOutput = async (line: string) => {
      const deadline = Date.now() + 30_000;
      while (!output.includes(line)) {
        if (Date.now() > deadline || child?.exitCode !== null) throw new Error(`replica C never printed ${line}`);
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    };
    await waitForOutput('ready');
    // C found the webhook registered by A or B and did not set it again.
    expect(telegram.callsTo('setWebhook')).toHaveLength(1);
    const doomed = textUpdate('大观区对一季度经济形势怎么判断？', { chatId: 501, userId: 501 });
    const toC = postUpdate(`http://127.0.0.1:${port}/telegram`, doomed).catch((error: Error) => error);
    await waitForOutput('asked');
    const claimedByC = Date.now();
    // The chat's next message, on A, waits for the earlier one C holds (per-chat order across replicas).
    const next = postUpdate(
      replicaA.url,
      textUpdate('钟楼区四月份要抓好哪五个精心组织？', { chatId: 501, userId: 501 }),
    ).then((status) => ({ status, afterMs: Date.now() - claimedByC }));
    // While C dies, B is answering an update of its own: that one must not be lost.
    const elsewhere = postUpdate(replicaB.url, textUpdate('四月份的工作重点是什么？', { chatId: 502, userId: 502 }));
    child.kill('SIGKILL');
    expect(await toC).toBeInstanceOf(Error);
    // Telegram saw no 200 from C and redelivers the update; the load balancer sends it to B.
    const redelivered = Date.now();
    expect(await postUpdate(replicaB.url, doomed)).toBe(200);
    const tookOverAfterMs = Date.now() - redelivered;
    expect(await elsewhere).toBe(200);
    expect(repliesTo(502)).toHaveLength(1);
    expect(tookOverAfterMs).toBeLessThan(LEASE_MS + 1000);
    const { status, afterMs } = await next;
    expect(status).toBe(200);
    expect(afterMs).toBeGreaterThanOrEqual(LEASE_MS - 200);
    const answers = repliesTo(501);
    expect(answers).toHaveLength(2);
    expect(answers.filter((answer) => answer.includes('大观'))).toHaveLength(1);
    expect(answers.filter((answer) => answer.includes('精心组织'))).toHaveLength(1);
    const { rows } = await database.db.query<{ claimed_by: string; done: boolean; attempts: number }>(
      'SELECT claimed_by, done, attempts FROM state_update_claims WHERE update_id = $1',
      [doomed.update_id],
    );
    expect(rows).toEqual([{ claimed_by: 'B', done: true, attempts: 2 }]);
  }, 60_000);
});
