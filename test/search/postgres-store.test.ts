import { readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Assistant } from '../../src/answer/types.js';
import {
  DEFAULT_CHUNKING,
  DEFAULT_LOCAL_DIMENSION,
  openAssistant,
  openIndex,
  openReloadingAssistant,
} from '../../src/app.js';
import { IndexMismatchError, IndexMissingError } from '../../src/errors.js';
import { silentLogger } from '../../src/logger.js';
import { createLocalEmbedder } from '../../src/search/local-embedder.js';
import { createLocalSnapshot } from '../../src/search/local-store.js';
import { checkSchema, MIGRATIONS, migrate, SCHEMA_VERSION } from '../../src/search/postgres/migrations.js';
import { ingestToPostgres, type PostgresIngestOptions } from '../../src/search/postgres/postgres-ingest.js';
import { openPostgresStore } from '../../src/search/postgres/postgres-store.js';
import { createRetriever } from '../../src/search/retriever.js';
import type { StoreSnapshot } from '../../src/search/store.js';
import { lexicalTerms } from '../../src/search/tokenize.js';
import { DEFAULT_HNSW } from '../../src/search/vector-index.js';
import { type PgliteServer, startPgliteServer } from '../helpers/pglite-server.js';
import {
  buildSeedIndex,
  copySeeds,
  createTempDir,
  loadQaSet,
  SEED_IDS,
  type SeedIndex,
  type TempDir,
} from '../helpers/seed-index.js';

const embedder = createLocalEmbedder(DEFAULT_LOCAL_DIMENSION);
const expectation = {
  embedder: { id: embedder.id, dimension: embedder.dimension },
  chunking: DEFAULT_CHUNKING,
  hnsw: DEFAULT_HNSW,
};

function ingestOptions(databaseUrl: string, seedsDir: string): PostgresIngestOptions {
  return { databaseUrl, seedsDir, embedder, chunking: DEFAULT_CHUNKING, hnsw: DEFAULT_HNSW, logger: silentLogger };
}

async function snapshotOf(databaseUrl: string): Promise<StoreSnapshot> {
  const store = await openPostgresStore({ databaseUrl, expectation });
  return store.snapshot();
}

/** Questions in both scripts, on and off topic, from the shipped QA sets. */
async function questions(): Promise<string[]> {
  const { onTopic, offTopic } = await loadQaSet();
  const answers = (await readFile(new URL('../fixtures/qa-answers.jsonl', import.meta.url), 'utf8'))
    .split('\n')
    .filter((line) => line.trim())
    .map((line) => (JSON.parse(line) as { question: string }).question);
  return [...onTopic.map((q) => q.question), ...offTopic.map((q) => q.question), ...answers];
}

describe('the Postgres store', () => {
  let server: PgliteServer;
  let seed: SeedIndex;

  beforeAll(async () => {
    server = await startPgliteServer();
    seed = await buildSeedIndex();
    await ingestToPostgres(ingestOptions(server.url, seed.seedsDir));
  });

  afterAll(async () => {
    await seed.remove();
    await server.stop();
  });

  it('records every migration once and applies none twice', async () => {
    const pool = new pg.Pool({ connectionString: server.url, max: 1 });
    try {
      expect(await migrate(pool)).toEqual([]);
      const { rows } = await pool.query('SELECT version FROM schema_migrations ORDER BY version');
      expect(rows.map((row) => row.version)).toEqual(MIGRATIONS.map((m) => m.version));
      await expect(checkSchema(pool)).resolves.toBeUndefined();
    } finally {
      await pool.end();
    }
  });

  it('holds the same meetings, paragraph for paragraph, as the local index', async () => {
    const snapshot = await snapshotOf(server.url);

    expect(await snapshot.meetings()).toEqual(seed.index.meetings);
    expect(await snapshot.chunkCount()).toBe(seed.index.chunks.size);
  });

  it('scores paragraphs, chunks and term idf to the bit like the local index, with and without a meeting filter', async () => {
    const local = createLocalSnapshot(seed.index);
    const remote = await snapshotOf(server.url);
    const terms = ['防汛', '~防汛', '~物资', '~检查', '安全生产', '~招商', '~引资', '不存在的词'];
    const filter = { meetingIds: [SEED_IDS['001'], SEED_IDS['003']] };
    const weights = new Map(terms.map((term) => [term, term.startsWith('~') ? 1 : 2]));
    for (const options of [{ k: 50 }, { k: 50, filter }, { k: 5, k1: 0.9, b: 0.3, termWeights: weights }]) {
      expect(await remote.searchParagraphs(terms, options)).toEqual(await local.searchParagraphs(terms, options));
      expect(await remote.searchLexical(terms, options)).toEqual(await local.searchLexical(terms, options));
    }
    expect(await remote.termIdf(terms)).toEqual(await local.termIdf(terms));
  });

  it('returns the same passages, scores included, for every QA question', async () => {
    const local = createRetriever({ store: createLocalSnapshot(seed.index), embedder });
    const remote = createRetriever({ store: await snapshotOf(server.url), embedder });
    for (const question of await questions()) {
      const [a, b] = await Promise.all([local.search(question, { k: 10 }), remote.search(question, { k: 10 })]);
      expect(b.map((p) => [p.meeting.id, p.paragraph.n, p.score, p.chunk, p.coverage])).toEqual(
        a.map((p) => [p.meeting.id, p.paragraph.n, p.score, p.chunk, p.coverage]),
      );
    }
  });

  it('gives the same answers, text and citations, as the local store on the seeds', async () => {
    const local: Assistant = await openAssistant({ seedsDir: seed.seedsDir, indexDir: seed.indexDir, build: false });
    const remote: Assistant = await openAssistant({
      seedsDir: seed.seedsDir,
      indexDir: seed.indexDir,
      store: { kind: 'postgres', databaseUrl: server.url },
    });
    const asked = await questions();
    for (const question of asked) {
      const [a, b] = await Promise.all([local.ask(question), remote.ask(question)]);
      expect({ question, answer: b.answer, citations: b.citations }).toEqual({
        question,
        answer: a.answer,
        citations: a.citations,
      });
    }
    expect(asked.length).toBeGreaterThan(80);
  });

  it('stops a reader built with another embedder with a clear mismatch error instead of rebuilding', async () => {
    const store = await openPostgresStore({
      databaseUrl: server.url,
      expectation: { ...expectation, embedder: { id: 'local-hash-64', dimension: 64 } },
    });
    try {
      const error = await store.snapshot().catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(IndexMismatchError);
      expect((error as Error).message).toMatch(/128 dims.*64 dims.*readers never rebuild/);
      expect(await (await snapshotOf(server.url)).chunkCount()).toBe(seed.index.chunks.size);
    } finally {
      await store.close();
    }
  });
});

describe('a Postgres database at another schema version', () => {
  let server: PgliteServer;

  beforeAll(async () => {
    server = await startPgliteServer();
  });

  afterAll(async () => {
    await server.stop();
  });

  it('tells a reader of an empty database to run ingest, and one before any ingest that there is no index', async () => {
    await expect(openPostgresStore({ databaseUrl: server.url, expectation })).rejects.toThrow(
      new RegExp(`schema is version 0.*needs ${SCHEMA_VERSION}: run \`npm run ingest\` to migrate`),
    );
    const pool = new pg.Pool({ connectionString: server.url, max: 1 });
    await migrate(pool);
    await pool.end();
    const store = await openPostgresStore({ databaseUrl: server.url, expectation });
    await expect(store.snapshot()).rejects.toBeInstanceOf(IndexMissingError);
    await store.close();
  });

  it('refuses a database whose schema is newer than this code', async () => {
    const pool = new pg.Pool({ connectionString: server.url, max: 1 });
    await migrate(pool);
    await pool.query("INSERT INTO schema_migrations (version, description) VALUES ($1, 'from the future')", [
      SCHEMA_VERSION + 1,
    ]);
    try {
      await expect(openPostgresStore({ databaseUrl: server.url, expectation })).rejects.toThrow(
        `version ${SCHEMA_VERSION + 1}, newer than this version of the bot reads (${SCHEMA_VERSION}): upgrade the bot`,
      );
      await expect(migrate(pool)).rejects.toBeInstanceOf(IndexMismatchError);
    } finally {
      await pool.query('DELETE FROM schema_migrations WHERE version = $1', [SCHEMA_VERSION + 1]);
      await pool.end();
    }
  });
});

describe('migrations 2 and 3', () => {
  it('turn the postings of a version-1 database into one blob per term and segment', async () => {
    const server = await startPgliteServer();
    const pool = new pg.Pool({ connectionString: server.url, max: 1 });
    try {
      await pool.query(
        'CREATE TABLE schema_migrations (version int PRIMARY KEY, description text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())',
      );
      await pool.query(MIGRATIONS[0]?.sql ?? '');
      await pool.query("INSERT INTO schema_migrations (version, description) VALUES (1, 'v1')");
      await pool.query(`INSERT INTO meetings VALUES ('m', 'm.txt', 'h', '{}')`);
      await pool.query(`INSERT INTO paragraphs VALUES ('m', 1, '{"n":1,"text":"x"}', 7)`);
      await pool.query(
        `INSERT INTO chunks (id, meeting_id, paragraph, ordinal, start_offset, end_offset, length) VALUES
           (5, 'm', 1, 0, 0, 1, 7), (6, 'm', 1, 1, 1, 2, 3)`,
      );
      await pool.query(`INSERT INTO chunk_terms VALUES ('~词', 6, 1), ('~词', 5, 2), ('~字', 6, 4)`);

      expect(await migrate(pool)).toEqual([2, 3]);
      const { rows } = await pool.query('SELECT term, segment, postings FROM term_postings ORDER BY term');
      expect(rows).toEqual([
        { term: '~字', segment: '1', postings: Buffer.from([0, 0, 0, 6, 0, 0, 0, 4]) },
        { term: '~词', segment: '1', postings: Buffer.from([0, 0, 0, 5, 0, 0, 0, 2, 0, 0, 0, 6, 0, 0, 0, 1]) },
      ]);
      const meetings = await pool.query('SELECT id, segment FROM meetings');
      expect(meetings.rows).toEqual([{ id: 'm', segment: '1' }]);
      expect((await pool.query("SELECT to_regclass('chunk_terms') AS gone")).rows).toEqual([{ gone: null }]);
    } finally {
      await pool.end();
      await server.stop();
    }
  });
});

describe('ingest into Postgres', () => {
  let server: PgliteServer;
  let seeds: TempDir;

  beforeAll(async () => {
    server = await startPgliteServer();
    seeds = await copySeeds();
    await ingestToPostgres(ingestOptions(server.url, seeds.path));
  });

  afterAll(async () => {
    await seeds.remove();
    await server.stop();
  });

  it('leaves the previous meetings and the committed batches answerable when a batch fails mid-transaction', async () => {
    const before = await snapshotOf(server.url);
    await writeFile(join(seeds.path, 'zz_a.txt'), '甲区会议\n\n甲区要求年底前完成老旧小区电梯加装一百部。\n');
    await writeFile(join(seeds.path, 'zz_b.txt'), '乙区会议\n\n乙区要求年底前完成河道清淤二十公里。\n');
    const failing = {
      ...ingestOptions(server.url, seeds.path),
      meetingsPerBatch: 1,
      beforeCommit: async (ids: string[]) => {
        if (ids.includes('zz_b')) throw new Error('power cut inside the transaction');
      },
    };
    await expect(ingestToPostgres(failing)).rejects.toThrow('power cut');

    const after = await snapshotOf(server.url);
    const ids = (await after.meetings()).map((m) => m.id);
    expect(ids).toEqual([...(await before.meetings()).map((m) => m.id), 'zz_a']);
    const retriever = createRetriever({ store: after, embedder });
    const [top] = await retriever.search('电梯加装多少部？', { k: 1 });
    expect(top?.meeting.id).toBe('zz_a');
    const added = (await after.meetings()).find((m) => m.id === 'zz_a');
    expect(await after.chunkCount()).toBe((await before.chunkCount()) + (added?.paragraphs.length ?? 0));
  });

  it('finishes an interrupted ingest on the next run, embedding only what is missing', async () => {
    const { report } = await ingestToPostgres(ingestOptions(server.url, seeds.path));

    expect(report.embedded).toEqual(['zz_b']);
    const [top] = await createRetriever({ store: await snapshotOf(server.url), embedder }).search(
      '河道清淤多少公里？',
      {
        k: 1,
      },
    );
    expect(top?.meeting.id).toBe('zz_b');
  });

  it('tells a watching reader about a meeting another process added within 2 s', async () => {
    const store = await openPostgresStore({ databaseUrl: server.url, expectation });
    const seen: string[] = [];
    const stop = store.watch((generation) => seen.push(generation));
    try {
      await new Promise((resolve) => setTimeout(resolve, 300));
      await writeFile(join(seeds.path, 'zz_c.txt'), '丙区会议\n\n丙区要求新建萤火虫公园三座。\n');
      await ingestToPostgres(ingestOptions(server.url, seeds.path));
      const committed = Date.now();
      while (seen.length === 0 && Date.now() - committed < 2000) await new Promise((r) => setTimeout(r, 50));
      expect(seen).toHaveLength(1);
      const snapshot = await store.snapshot();
      expect(snapshot.generation).toBe(seen[0]);
      expect((await snapshot.meetings()).map((m) => m.id)).toContain('zz_c');
    } finally {
      stop();
      await store.close();
    }
  });

  it('has a reloading assistant answer from a meeting another process ingested within 2 s', async () => {
    const engine = {
      seedsDir: seeds.path,
      indexDir: seeds.path,
      store: { kind: 'postgres' as const, databaseUrl: server.url },
    };
    const { assistant, close } = await openReloadingAssistant(engine, 1000);
    try {
      await writeFile(join(seeds.path, 'zz_e.txt'), '戊区会议\n\n戊区要求年底前建成萤石博物馆一座。\n');
      await ingestToPostgres(ingestOptions(server.url, seeds.path));
      const committed = Date.now();
      while (!assistant.meetings().some((m) => m.id === 'zz_e') && Date.now() - committed < 2000) {
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      const answer = await assistant.ask('戊区要建成什么博物馆？');
      expect(answer.citations.map((c) => c.meeting.id)).toContain('zz_e');
    } finally {
      close();
      await rm(join(seeds.path, 'zz_e.txt'));
    }
  });

  it('keeps terms cut through astral Han characters apart, as the local index does', async () => {
    // 𠀀 and 𠀁 are surrogate pairs: their bigrams with a neighbour hold lone surrogates, which UTF-8 would merge.
    await writeFile(join(seeds.path, 'zz_d.txt'), '丁区会议\n\n丁区的𠀀字和𠀁字都要保留。\n');
    await ingestToPostgres(ingestOptions(server.url, seeds.path));
    const snapshot = await snapshotOf(server.url);
    const terms = lexicalTerms('的𠀀字');
    const idf = await snapshot.termIdf(terms);
    expect(terms.some((term) => /[\uD800-\uDFFF]/u.test(term))).toBe(true);
    expect(new Set(terms.map((term) => idf.get(term))).size).toBeGreaterThan(1);
    const [top] = await snapshot.searchLexical(terms, { k: 1 });
    expect(top?.chunk.meetingId).toBe('zz_d');
    await rm(join(seeds.path, 'zz_d.txt'));
  });

  it('removes a deleted meeting from every table', async () => {
    await rm(join(seeds.path, 'zz_c.txt'));
    const { report } = await ingestToPostgres(ingestOptions(server.url, seeds.path));

    expect(report.removed.sort()).toEqual(['zz_c', 'zz_d']);
    const snapshot = await snapshotOf(server.url);
    expect((await snapshot.meetings()).map((m) => m.id)).not.toContain('zz_c');
    expect(await snapshot.searchLexical(['~萤火'], { k: 5 })).toEqual([]);
  });

  it('scores like a fresh local index after a meeting that shares its segment with others changed', async () => {
    const file = join(seeds.path, `${SEED_IDS['001']}.txt`);
    const original = await readFile(file, 'utf8');
    await writeFile(file, `${original}\n\n会议还要求年底前完成防汛物资检查，招商引资项目签约十个。\n`);
    try {
      await ingestToPostgres(ingestOptions(server.url, seeds.path));
      const indexDir = await createTempDir('meeting-bot-index-');
      try {
        const { index } = await openIndex({ seedsDir: seeds.path, indexDir: indexDir.path });
        const local = createLocalSnapshot(index);
        const remote = await snapshotOf(server.url);
        const terms = ['防汛', '~防汛', '~物资', '~检查', '~招商', '~引资', '~签约', '不存在的词'];
        for (const options of [{ k: 50 }, { k: 5, k1: 0.9, b: 0.3 }]) {
          expect(await remote.searchParagraphs(terms, options)).toEqual(await local.searchParagraphs(terms, options));
          expect(await remote.searchLexical(terms, options)).toEqual(await local.searchLexical(terms, options));
        }
        expect(await remote.termIdf(terms)).toEqual(await local.termIdf(terms));
        expect(await remote.chunkCount()).toBe(index.chunks.size);
        // Readers skip postings of chunks they do not hold, so count the table: no dead chunk may stay in it.
        const { rows } = await server.db.query<{ postings: number }>(
          'SELECT (sum(length(postings)) / 8)::int AS postings FROM term_postings',
        );
        const live = index.lexical.postingViews().reduce((sum, view) => sum + view.labels.length, 0);
        expect(rows[0]?.postings).toBe(live);
      } finally {
        await indexDir.remove();
      }
    } finally {
      await writeFile(file, original);
    }
  });
});
