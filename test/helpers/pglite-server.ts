/** PGlite + pgvector over TCP for tests: the same embedded server `eval`/`bench -- --store pglite` start. */
export { type PgliteServer, startPgliteServer } from '../../src/search/postgres/pglite-server.js';
