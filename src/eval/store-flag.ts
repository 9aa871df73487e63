/** `--store local|postgres|pglite` for eval and bench: which store the engine reads, and an embedded PGlite on request. */
import { DEFAULT_CHUNKING, type EngineOptions } from '../app.js';
import type { Config } from '../config.js';
import { InvalidQuestionError } from '../errors.js';
import { createLocalEmbedder } from '../search/local-embedder.js';
import { DEFAULT_HNSW } from '../search/vector-index.js';

/** local: the index folder; postgres: DATABASE_URL as it is; pglite: a fresh in-memory PGlite + pgvector over TCP. */
export type StoreFlag = 'local' | 'postgres' | 'pglite';

/** Parses the flag (default: the configured store); throws InvalidQuestionError for another value. */
export function parseStoreFlag(text: string | undefined, config: Config): StoreFlag {
  if (text === undefined) return config.store.kind;
  if (text === 'local' || text === 'postgres' || text === 'pglite') return text;
  const message = `--store must be "local", "postgres" or "pglite", got "${text}"`;
  throw new InvalidQuestionError(message, message);
}

/** Engine options on the chosen store, and how to release it (stops an embedded server). */
export interface PreparedStore {
  engine: EngineOptions;
  databaseUrl?: string;
  close(): Promise<void>;
}

/**
 * Points `engine` at the chosen store. `pglite` starts an embedded server and ingests `engine.seedsDir` into it;
 * `postgres` reads DATABASE_URL as it is (never ingests into it: `--corpus` there would replace its meetings).
 * Throws InvalidQuestionError when postgres lacks DATABASE_URL or is combined with `ingestCorpus`.
 */
export async function prepareStore(
  flag: StoreFlag,
  engine: EngineOptions,
  options: { config: Config; ingestCorpus: boolean; log?: (line: string) => void },
): Promise<PreparedStore> {
  if (flag === 'local') return { engine: { ...engine, store: { kind: 'local' } }, close: async () => {} };
  if (flag === 'postgres') {
    const { store } = options.config;
    if (store.kind !== 'postgres') {
      const message = '--store postgres needs DATABASE_URL (or use --store pglite for an embedded one)';
      throw new InvalidQuestionError(message, message);
    }
    if (options.ingestCorpus) {
      const message = '--corpus with --store postgres would replace the meetings of DATABASE_URL: use --store pglite';
      throw new InvalidQuestionError(message, message);
    }
    return { engine: { ...engine, store }, databaseUrl: store.databaseUrl, close: async () => {} };
  }
  const { startPgliteServer } = await import('../search/postgres/pglite-server.js');
  const { ingestToPostgres } = await import('../search/postgres/postgres-ingest.js');
  const { silentLogger } = await import('../logger.js');
  const server = await startPgliteServer();
  try {
    options.log?.(`Started an embedded PGlite + pgvector on ${server.url}; ingesting ${engine.seedsDir}`);
    await ingestToPostgres({
      databaseUrl: server.url,
      seedsDir: engine.seedsDir,
      embedder: engine.embedder ?? createLocalEmbedder(options.config.embedding.dimension),
      chunking: engine.chunking ?? DEFAULT_CHUNKING,
      hnsw: engine.hnsw ?? DEFAULT_HNSW,
      logger: engine.logger ?? silentLogger,
    });
  } catch (error) {
    await server.stop();
    throw error;
  }
  return {
    engine: { ...engine, store: { kind: 'postgres', databaseUrl: server.url } },
    databaseUrl: server.url,
    close: () => server.stop(),
  };
}
