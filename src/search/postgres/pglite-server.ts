import { PGlite } from '@electric-sql/pglite';
import { vector } from '@electric-sql/pglite-pgvector';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';

/** A Postgres (PGlite, with pgvector, in memory) served over TCP on 127.0.0.1, reached with the ordinary `pg` driver: for tests, and for `eval`/`bench -- --store pglite` without a Postgres install. */
export interface PgliteServer {
  /** `postgres://…` for `DATABASE_URL`. */
  url: string;
  /** The embedded database, for assertions that bypass the wire protocol. */
  db: PGlite;
  stop(): Promise<void>;
}

/**
 * Starts an in-memory PGlite with the pgvector extension and serves it on a free port. PGlite is one connection;
 * the socket server multiplexes up to `maxConnections` clients onto it, as a connection pool needs.
 */
export async function startPgliteServer(options: { maxConnections?: number } = {}): Promise<PgliteServer> {
  const db = await PGlite.create({ extensions: { vector } });
  const server = new PGLiteSocketServer({
    db,
    host: '127.0.0.1',
    port: 0,
    maxConnections: options.maxConnections ?? 16,
  });
  await server.start();
  const address = server.getServerConn();
  return {
    url: `postgres://postgres:postgres@${address}/postgres?sslmode=disable`,
    db,
    async stop() {
      await server.stop();
      await db.close();
    },
  };
}
