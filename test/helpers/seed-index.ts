/** Temp folders holding a copy of the seed meetings and their built index, plus the QA set with its gold paragraphs. */
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEFAULT_CHUNKING, type EngineOptions, openIndex, openSnapshot } from '../../src/app.js';
import type { Meeting } from '../../src/corpus/meeting.js';
import { normalizeText } from '../../src/corpus/script.js';
import { silentLogger } from '../../src/logger.js';
import type { Embedder } from '../../src/search/embedder.js';
import type { SearchIndex } from '../../src/search/index-store.js';
import { createLocalSnapshot } from '../../src/search/local-store.js';
import { ingestToPostgres } from '../../src/search/postgres/postgres-ingest.js';
import { stripQuotes } from '../../src/search/retriever.js';
import type { StoreSnapshot } from '../../src/search/store.js';
import { DEFAULT_HNSW } from '../../src/search/vector-index.js';
import { startPgliteServer } from './pglite-server.js';

/** The real seed meetings (never written to by tests). */
export const SEEDS_DIR = fileURLToPath(new URL('../../seeds/', import.meta.url));
const QA_FILE = fileURLToPath(new URL('../fixtures/qa.jsonl', import.meta.url));

/** Seed ids by their number prefix, as the QA set names them. */
export const SEED_IDS = {
  '000': '000_1e0a48fb9761539e',
  '001': '001_11807d7a74c58c6f',
  '002': '002_bb121e95b7468eb5',
  '003': '003_320e35281dc089dc',
  '004': '004_e8e8e54d7c3c5c4e',
} as const;

/** A folder under the OS temp dir that the test removes when done. */
export interface TempDir {
  path: string;
  remove(): Promise<void>;
}

/** Creates an empty temp folder. */
export async function createTempDir(prefix = 'meeting-bot-test-'): Promise<TempDir> {
  const path = await mkdtemp(join(tmpdir(), prefix));
  return { path, remove: () => rm(path, { recursive: true, force: true }) };
}

/** Reads one seed file as UTF-8 text. */
export function readSeed(prefix: keyof typeof SEED_IDS): Promise<string> {
  return readFile(join(SEEDS_DIR, `${SEED_IDS[prefix]}.txt`), 'utf8');
}

/** Copies the seed meetings into a fresh temp folder, adding `extraFiles` (file name → content). */
export async function copySeeds(extraFiles: Record<string, string | Buffer> = {}): Promise<TempDir> {
  const dir = await createTempDir('meeting-bot-seeds-');
  await cp(SEEDS_DIR, dir.path, { recursive: true });
  for (const [name, content] of Object.entries(extraFiles)) await writeFile(join(dir.path, name), content);
  return dir;
}

/** A built index of (a copy of) the seeds, in temp folders. */
export interface SeedIndex {
  seedsDir: string;
  indexDir: string;
  index: SearchIndex;
  /**
   * The seeds through the store interface (what retrievers read): the local index, or with `TEST_STORE=postgres` the
   * same seeds ingested into PGlite + pgvector over TCP.
   */
  store: StoreSnapshot;
  /** Engine options for `openAssistant` over that store. */
  engine: EngineOptions;
  embedder: Embedder;
  remove(): Promise<void>;
}

/** Copies the seeds (plus `extraFiles`) and builds their index with the app's defaults (offline embedder). */
export async function buildSeedIndex(extraFiles: Record<string, string | Buffer> = {}): Promise<SeedIndex> {
  const seeds = await copySeeds(extraFiles);
  const indexDir = await createTempDir('meeting-bot-index-');
  const { index, embedder } = await openIndex({ seedsDir: seeds.path, indexDir: indexDir.path });
  const base = { seedsDir: seeds.path, indexDir: indexDir.path, index, embedder };
  if (process.env.TEST_STORE !== 'postgres') {
    const engine = { seedsDir: seeds.path, indexDir: indexDir.path };
    return { ...base, store: createLocalSnapshot(index), engine, remove: () => removeAll(seeds, indexDir) };
  }
  const server = await startPgliteServer();
  await ingestToPostgres({
    databaseUrl: server.url,
    seedsDir: seeds.path,
    embedder,
    chunking: DEFAULT_CHUNKING,
    hnsw: DEFAULT_HNSW,
    logger: silentLogger,
  });
  const engine: EngineOptions = { ...base, store: { kind: 'postgres', databaseUrl: server.url } };
  const { snapshot } = await openSnapshot(engine);
  return {
    ...base,
    store: snapshot,
    engine: { seedsDir: seeds.path, indexDir: indexDir.path, store: { kind: 'postgres', databaseUrl: server.url } },
    remove: async () => {
      await server.stop();
      await removeAll(seeds, indexDir);
    },
  };
}

async function removeAll(...dirs: TempDir[]): Promise<void> {
  for (const dir of dirs) await dir.remove();
}

/** A QA question whose answer is the paragraph of meeting `doc…` containing `key`. */
export interface OnTopicQuestion {
  id: string;
  question: string;
  doc: string;
  key: string;
}

/** The QA fixture split into on-topic and off-topic questions. */
export async function loadQaSet(): Promise<{
  onTopic: OnTopicQuestion[];
  offTopic: { id: string; question: string }[];
}> {
  const items = (await readFile(QA_FILE, 'utf8'))
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as OnTopicQuestion & { offtopic?: boolean; history?: string[] });
  return {
    // Follow-ups (items with `history`) only make sense after their earlier questions: the eval asks them that way.
    onTopic: items.filter((item) => !item.offtopic && !item.history),
    offTopic: items.filter((item) => item.offtopic).map(({ id, question }) => ({ id, question })),
  };
}

/** `meetingId#n`, the way tests compare paragraph addresses. */
export function paragraphKey(meetingId: string, n: number): string {
  return `${meetingId}#${n}`;
}

/** Compares text regardless of script, quotation marks and spaces. */
export function matchForm(text: string): string {
  return stripQuotes(normalizeText(text)).replace(/\s+/gu, '');
}

/** Paragraph keys that answer a QA question; throws when none does (a broken fixture must not pass silently). */
export function goldParagraphs(
  meetings: readonly Pick<Meeting, 'id' | 'paragraphs'>[],
  item: OnTopicQuestion,
): string[] {
  const key = matchForm(item.key);
  const gold = meetings
    .filter((meeting) => meeting.id.startsWith(item.doc))
    .flatMap((meeting) =>
      meeting.paragraphs.filter((p) => matchForm(p.text).includes(key)).map((p) => paragraphKey(meeting.id, p.n)),
    );
  if (gold.length === 0) throw new Error(`${item.id}: no paragraph of ${item.doc} contains "${item.key}"`);
  return gold;
}

/** An answer's text cut into runs that each end with their `[n]` markers; `uncited` is whatever text no marker follows. */
export function citedRuns(answer: string): { runs: { text: string; citations: number[] }[]; uncited: string } {
  const runs = [...answer.matchAll(/([^[\]]+?)((?:\[\d+\])+)/gu)].map((match) => ({
    text: (match[1] ?? '').trim(),
    citations: [...(match[2] ?? '').matchAll(/\d+/g)].map((n) => Number(n[0])),
  }));
  return { runs, uncited: answer.replace(/[^[\]]+?(?:\[\d+\])+/gu, '').trim() };
}
