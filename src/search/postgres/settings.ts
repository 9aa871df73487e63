/** The store's settings row: what it was built with, its generation and the BM25 statistics of that generation. */
import type pg from 'pg';
import type { ChunkOptions } from '../../corpus/chunk.js';
import { IndexMismatchError, IndexMissingError } from '../../errors.js';
import type { IndexExpectation } from '../index-store.js';

/** The row of `store_settings`, converted. */
export interface StoreSettings {
  embedderId: string;
  dimension: number;
  chunking: ChunkOptions;
  hnsw: { m: number; efConstruction: number };
  generation: string;
  chunkCount: number;
  paragraphCount: number;
  totalLength: number;
}

interface SettingsRow {
  embedder_id: string;
  dimension: number;
  chunking: ChunkOptions;
  hnsw: { m: number; efConstruction: number };
  generation: string;
  chunk_count: string;
  paragraph_count: string;
  total_length: string;
}

/** Reads the settings row, or undefined before the first ingest. */
export async function readSettings(client: pg.ClientBase | pg.Pool): Promise<StoreSettings | undefined> {
  const { rows } = await client.query<SettingsRow>('SELECT * FROM store_settings WHERE id = 1');
  const row = rows[0];
  if (!row) return undefined;
  return {
    embedderId: row.embedder_id,
    dimension: row.dimension,
    chunking: row.chunking,
    hnsw: row.hnsw,
    generation: String(row.generation),
    chunkCount: Number(row.chunk_count),
    paragraphCount: Number(row.paragraph_count),
    totalLength: Number(row.total_length),
  };
}

/** Why stored settings cannot serve `expected`, or undefined when they can. */
export function describeSettingsMismatch(settings: StoreSettings, expected: IndexExpectation): string | undefined {
  if (settings.embedderId !== expected.embedder.id || settings.dimension !== expected.embedder.dimension) {
    return `built with embedder ${settings.embedderId} (${settings.dimension} dims), configured ${expected.embedder.id} (${expected.embedder.dimension} dims)`;
  }
  if (JSON.stringify(settings.chunking) !== JSON.stringify(expected.chunking)) return 'chunking settings changed';
  if (settings.hnsw.m !== expected.hnsw.m || settings.hnsw.efConstruction !== expected.hnsw.efConstruction) {
    return 'HNSW build settings changed';
  }
  return undefined;
}

/** The settings a reader may use: IndexMissingError before the first ingest, IndexMismatchError when built otherwise. */
export async function readUsableSettings(
  pool: pg.ClientBase | pg.Pool,
  expected: IndexExpectation,
): Promise<StoreSettings> {
  const settings = await readSettings(pool);
  if (!settings) throw new IndexMissingError('the Postgres store has no index yet (run `npm run ingest`)');
  const mismatch = describeSettingsMismatch(settings, expected);
  if (mismatch) {
    throw new IndexMismatchError(
      `the Postgres store is incompatible: ${mismatch}; readers never rebuild a shared store, run \`npm run ingest\``,
    );
  }
  return settings;
}
