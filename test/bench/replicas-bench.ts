/**
 * What shared state costs per update: webhook replicas answering seed questions with their state in memory (one
 * replica) or in Postgres (two replicas on one PGlite served over TCP, the test setup). Run:
 * `npx tsx test/bench/replicas-bench.ts [updates]` (default 300; 20 chats, each chat's messages in order).
 */
import { createAssistant } from '../../src/assistant.js';
import { silentLogger } from '../../src/logger.js';
import { createRetriever } from '../../src/search/retriever.js';
import { createMemoryStateStore } from '../../src/state/memory.js';
import { openPostgresStateStore } from '../../src/state/postgres/store.js';
import type { StateStore } from '../../src/state/types.js';
import { createBot } from '../../src/telegram/bot.js';
import { runBot } from '../../src/telegram/run-bot.js';
import { startFakeBotApi } from '../helpers/fake-bot-api.js';
import { startPgliteServer } from '../helpers/pglite-server.js';
import { buildSeedIndex } from '../helpers/seed-index.js';
import { TEST_TOKEN, textUpdate } from '../helpers/telegram-capture.js';
import { freePort } from '../helpers/webhook.js';

const QUESTIONS = [
  '钟楼区四月份要抓好哪五个精心组织？',
  '那黔江区呢？',
  '大观区对一季度经济形势怎么判断？',
  '四月份的工作重点是什么？',
];
const CHATS = 20;
const updates = Number(process.argv[2] ?? 300);

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? 0;

const [telegram, seeds, database] = await Promise.all([startFakeBotApi(), buildSeedIndex(), startPgliteServer()]);

async function startReplica(state: StateStore) {
  const port = await freePort();
  const assistant = createAssistant({
    meetings: seeds.index.meetings,
    retriever: createRetriever({ store: seeds.store, embedder: seeds.embedder }),
    logger: silentLogger,
  });
  const bot = createBot({
    token: TEST_TOKEN,
    assistant,
    logger: silentLogger,
    apiRoot: telegram.apiRoot,
    rateLimit: { windowMs: 60_000, limit: 100_000 },
    state,
    claimUpdates: state.claims !== undefined,
  });
  const webhook = { url: 'https://bot.example.org/telegram', secret: 'bench', port, registry: state.webhook };
  const running = await runBot(bot, { webhook });
  return { url: `http://127.0.0.1:${port}/telegram`, stop: () => running.stop() };
}

async function measure(label: string, replicas: { url: string }[]) {
  const latencies: number[] = [];
  const started = Date.now();
  // Each chat sends its messages one after another; chats run side by side; replica chosen round-robin.
  let sent = 0;
  await Promise.all(
    Array.from({ length: CHATS }, async (_, chat) => {
      for (let i = chat; i < updates; i += CHATS) {
        const replica = replicas[sent++ % replicas.length];
        const update = textUpdate(QUESTIONS[i % QUESTIONS.length] ?? '', {
          chatId: 10_000 + chat,
          userId: 10_000 + chat,
        });
        const t0 = performance.now();
        const response = await fetch(replica?.url ?? '', {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': 'bench' },
          body: JSON.stringify(update),
        });
        await response.arrayBuffer();
        latencies.push(performance.now() - t0);
      }
    }),
  );
  const seconds = (Date.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  console.log(
    `${label}: ${updates} updates in ${seconds.toFixed(1)} s (${(updates / seconds).toFixed(0)}/s), ` +
      `p50 ${percentile(latencies, 0.5).toFixed(1)} ms, p95 ${percentile(latencies, 0.95).toFixed(1)} ms`,
  );
}

const memory = await startReplica(createMemoryStateStore());
await measure('memory state, 1 replica', [memory]);
await memory.stop();
const states = await Promise.all([1, 2].map(() => openPostgresStateStore({ databaseUrl: database.url })));
const pair = await Promise.all(states.map((state) => startReplica(state)));
await measure('Postgres state (PGlite), 2 replicas', pair);
for (const replica of pair) await replica.stop();
for (const state of states) await state.close();
await Promise.all([telegram.stop(), database.stop(), seeds.remove()]);
