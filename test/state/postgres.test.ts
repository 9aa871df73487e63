import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Exchange } from '../../src/answer/types.js';
import { migrateState, STATE_MIGRATIONS } from '../../src/state/postgres/migrations.js';
import { openPostgresStateStore } from '../../src/state/postgres/store.js';
import type { StateStore } from '../../src/state/types.js';
import { type PgliteServer, startPgliteServer } from '../helpers/pglite-server.js';

const exchange = (question: string): Exchange => ({
  question,
  answer: { question, answer: `答${question}`, mode: 'extractive', found: false, citations: [] },
});

let server: PgliteServer;
let first: StateStore;
let second: StateStore;

beforeAll(async () => {
  server = await startPgliteServer();
  // Two replicas opening at once: both migrate, one applies and the other finds nothing to do.
  [first, second] = await Promise.all([
    openPostgresStateStore({ databaseUrl: server.url, replicaId: 'a', updateLeaseMs: 300 }),
    openPostgresStateStore({ databaseUrl: server.url, replicaId: 'b', updateLeaseMs: 300 }),
  ]);
});

afterAll(async () => {
  await first?.close();
  await second?.close();
  await server?.stop();
});

describe('migrateState', () => {
  it('applies every migration once, in its own state_migrations table', async () => {
    const { rows } = await server.db.query<{ version: number }>('SELECT version FROM state_migrations');
    expect(rows.map((row) => row.version)).toEqual(STATE_MIGRATIONS.map((migration) => migration.version));
    const pool = new pg.Pool({ connectionString: server.url, max: 1 });
    expect(await migrateState(pool)).toEqual([]);
    await pool.end();
  });

  it('refuses a database whose state schema is newer than the code', async () => {
    const pool = new pg.Pool({ connectionString: server.url, max: 1 });
    const newer = [...STATE_MIGRATIONS].slice(0, 0);
    await expect(migrateState(pool, newer)).rejects.toThrow(/newer than this bot knows/);
    await pool.end();
  });
});

describe('openPostgresStateStore', () => {
  it('says which setting to check when the database cannot be reached', async () => {
    const closed = await startPgliteServer();
    const url = closed.url;
    await closed.stop();
    await expect(openPostgresStateStore({ databaseUrl: url })).rejects.toThrow(
      /cannot open the bot state in DATABASE_URL: .*ECONNREFUSED/,
    );
  });
});

describe('the Postgres chat history', () => {
  it('shows one replica the exchanges another recorded, newest `size` only, oldest first', async () => {
    for (const question of ['一', '二', '三', '四']) await first.history.add(10, exchange(question));
    const seen = await second.history.exchanges(10);
    expect(seen.map((item) => item.question)).toEqual(['二', '三', '四']);
    expect(seen[2]?.answer.answer).toBe('答四');
    const { rows } = await server.db.query('SELECT id FROM state_exchanges WHERE chat_id = 10');
    expect(rows).toHaveLength(3);
  });

  it('keeps the citations of the last answer per chat and clears a chat on /reset', async () => {
    const citation = { n: 1, meeting: { id: 'm', number: 1, title: 't', date: '' }, paragraph: 2, text: 'x' };
    await first.history.add(11, exchange('问'));
    await first.history.setLastCitations(11, [citation]);
    expect(await second.history.lastCitations(11)).toEqual([citation]);
    await second.history.clear(11);
    expect(await first.history.exchanges(11)).toEqual([]);
    expect(await first.history.lastCitations(11)).toEqual([]);
  });

  it('forgets exchanges older than the ttl by the database clock', async () => {
    const store = await openPostgresStateStore({ databaseUrl: server.url, history: { ttlMs: 200 } });
    await store.history.add(12, exchange('旧'));
    await new Promise((resolve) => setTimeout(resolve, 300));
    await store.history.add(13, exchange('新'));
    expect(await store.history.exchanges(12)).toEqual([]);
    expect((await store.history.exchanges(13)).map((item) => item.question)).toEqual(['新']);
    await store.close();
  });
});

describe('the Postgres rate counter', () => {
  it('counts hits of one key from both replicas in one window, concurrently', async () => {
    const a = first.rateCounter?.(60_000);
    const b = second.rateCounter?.(60_000);
    if (!a || !b) throw new Error('no rate counter');
    const counts = await Promise.all(Array.from({ length: 10 }, (_, i) => (i % 2 ? a : b).incr('user:1')));
    expect(counts.sort((x, y) => x - y)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(await a.incr('user:2')).toBe(1);
  });

  it('starts a new count in the next window', async () => {
    const counter = first.rateCounter?.(150);
    if (!counter) throw new Error('no rate counter');
    await counter.incr('user:3');
    await counter.incr('user:3');
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(await counter.incr('user:3')).toBe(1);
  });
});

describe('the Postgres summary cache', () => {
  it('gives one replica the summary another cached', async () => {
    const summary = { points: [{ text: '要点', paragraphs: [1, 2] }], droppedSentences: 0 };
    await first.summaries?.set('m.abc', summary);
    expect(await second.summaries?.get('m.abc')).toEqual(summary);
    expect(await second.summaries?.get('m.other')).toBeUndefined();
  });
});

describe('the Postgres update claims', () => {
  it('lets only one of two replicas claim an update at once, and acknowledges it after it is done', async () => {
    const outcomes = await Promise.all([first.claims?.claim(500), second.claims?.claim(500)]);
    expect(outcomes.sort()).toEqual(['busy', 'claimed']);
    const holder = outcomes[0] === 'claimed' ? first : second;
    await holder.claims?.finish(500);
    expect(await first.claims?.claim(500)).toBe('done');
    expect(await second.claims?.claim(500)).toBe('done');
  });

  it('hands an update to the other replica once the holder stops renewing its lease', async () => {
    expect(await first.claims?.claim(501)).toBe('claimed');
    expect(await second.claims?.claim(501)).toBe('busy');
    await new Promise((resolve) => setTimeout(resolve, 400));
    expect(await second.claims?.claim(501)).toBe('claimed');
    expect(await first.claims?.renew(501)).toBe(false);
  });

  it('keeps an update with its holder while the holder renews the lease', async () => {
    expect(await first.claims?.claim(502)).toBe('claimed');
    for (let i = 0; i < 4; i++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      expect(await first.claims?.renew(502)).toBe(true);
    }
    expect(await second.claims?.claim(502)).toBe('busy');
  });
});

describe('the order of a chat’s updates across replicas', () => {
  it('reports an earlier unfinished update of the same chat until it is done or its lease expires', async () => {
    expect(await first.claims?.claim(600, 77)).toBe('claimed');
    expect(await second.claims?.claim(601, 77)).toBe('claimed');
    expect(await second.claims?.claim(602, 78)).toBe('claimed');
    expect(await second.claims?.hasEarlierInProgress(601, 77)).toBe(true);
    expect(await second.claims?.hasEarlierInProgress(602, 78)).toBe(false);
    await first.claims?.finish(600);
    expect(await second.claims?.hasEarlierInProgress(601, 77)).toBe(false);
    expect(await first.claims?.claim(603, 79)).toBe('claimed');
    await new Promise((resolve) => setTimeout(resolve, 400));
    expect(await second.claims?.hasEarlierInProgress(604, 79)).toBe(false);
  });
});

describe('the Postgres webhook registry', () => {
  it('registers once for replicas starting together, again only for other settings or a lost webhook', async () => {
    let registered = 0;
    let current = true;
    const registration = {
      isCurrent: async () => current,
      register: async () => {
        registered++;
      },
    };
    const results = await Promise.all([
      first.webhook?.registerOnce('url|secret', registration),
      second.webhook?.registerOnce('url|secret', registration),
    ]);
    expect(results.sort()).toEqual([false, true]);
    expect(await first.webhook?.registerOnce('url|secret', registration)).toBe(false);
    current = false;
    expect(await first.webhook?.registerOnce('url|secret', registration)).toBe(true);
    current = true;
    expect(await second.webhook?.registerOnce('url2|secret', registration)).toBe(true);
    expect(registered).toBe(3);
  });
});
