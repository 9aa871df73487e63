/**
 * One webhook replica as its own process, for tests that kill it with SIGKILL mid-update: the real bot, the real
 * Postgres state and webhook server, and an assistant that never finishes an answer (so the kill lands mid-update).
 * Env: DATABASE_URL, TELEGRAM_API_ROOT, PUBLIC_URL (the webhook URL), WEBHOOK_PORT, STATE_UPDATE_LEASE_MS, REPLICA_ID. Prints `asked` when a
 * question reaches the assistant and `ready` once it listens.
 */
import { silentLogger } from '../../src/logger.js';
import { openPostgresStateStore } from '../../src/state/postgres/store.js';
import { createBot } from '../../src/telegram/bot.js';
import { runBot } from '../../src/telegram/run-bot.js';
import { TEST_TOKEN } from './telegram-capture.js';
import { createFakeAssistant } from './telegram-fake-assistant.js';
import { WEBHOOK_SECRET } from './webhook.js';

const env = (name: string): string => {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set`);
  return value;
};

const port = Number(env('WEBHOOK_PORT'));
const state = await openPostgresStateStore({
  databaseUrl: env('DATABASE_URL'),
  updateLeaseMs: Number(env('STATE_UPDATE_LEASE_MS')),
  replicaId: env('REPLICA_ID'),
});
const assistant = createFakeAssistant({
  ask: () => {
    process.stdout.write('asked\n');
    return new Promise(() => {});
  },
});
const bot = createBot({
  token: TEST_TOKEN,
  assistant,
  logger: silentLogger,
  apiRoot: env('TELEGRAM_API_ROOT'),
  state,
  claimUpdates: true,
});
await runBot(bot, {
  webhook: { url: env('PUBLIC_URL'), secret: WEBHOOK_SECRET, port, registry: state.webhook },
});
process.stdout.write('ready\n');
