/** The one-writer rule: ingest holds `<indexDir>/ingest.lock` (proper-lockfile) while it reads and rewrites the index. */
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import lockfile from 'proper-lockfile';
import { IndexLockedError } from '../errors.js';
import { type Logger, silentLogger } from '../logger.js';

/** How long a second ingest waits for the first by default: 10 minutes (a 300k-chunk build takes ~3). */
export const DEFAULT_LOCK_WAIT_MS = 10 * 60_000;
/** A lock not refreshed for this long belongs to a dead ingest (kill -9) and is taken over: 20 s (minimum 2 s). */
export const DEFAULT_LOCK_STALE_MS = 20_000;
const POLL_MS = 200;

/** How long to wait for the lock and when a held lock counts as abandoned. */
export interface IngestLockOptions {
  waitMs?: number;
  staleMs?: number;
  logger?: Logger;
}

/** Passed to the locked work: throws IndexLockedError when the lock was lost (so the work must not commit). */
export type AssertLockHeld = () => void;

/** The lock's path for an index folder (a directory, as proper-lockfile makes it). */
export function ingestLockPath(indexDir: string): string {
  return join(indexDir, 'ingest.lock');
}

/**
 * Runs `work` while holding the index's ingest lock, waiting up to `waitMs` for another ingest to finish (one log
 * line when it has to wait). Throws IndexLockedError when the wait runs out. The lock is refreshed every `staleMs / 2`
 * and released when `work` settles; a process killed with it is detected as stale after `staleMs`.
 */
export async function withIngestLock<T>(
  indexDir: string,
  options: IngestLockOptions,
  work: (assertLockHeld: AssertLockHeld) => Promise<T>,
): Promise<T> {
  const logger = options.logger ?? silentLogger;
  const waitMs = options.waitMs ?? DEFAULT_LOCK_WAIT_MS;
  const staleMs = Math.max(options.staleMs ?? DEFAULT_LOCK_STALE_MS, 2000);
  const lockPath = ingestLockPath(indexDir);
  await mkdir(indexDir, { recursive: true });
  let lost: Error | undefined;
  const deadline = Date.now() + waitMs;
  let waiting = false;
  let release: (() => Promise<void>) | undefined;
  for (;;) {
    try {
      release = await lockfile.lock(indexDir, {
        lockfilePath: lockPath,
        realpath: false,
        stale: staleMs,
        retries: 0,
        onCompromised: (error) => {
          lost = error;
        },
      });
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ELOCKED') throw error;
      if (Date.now() >= deadline) {
        throw new IndexLockedError(
          `another ingest still holds ${lockPath} after ${Math.round(waitMs / 1000)} s of waiting`,
          { cause: error },
        );
      }
      if (!waiting) logger.info('Another ingest is writing the index; waiting for it to finish.', { lock: lockPath });
      waiting = true;
      await sleep(POLL_MS);
    }
  }
  if (waiting) logger.info('Got the index lock; continuing with the index the other ingest wrote.');
  const assertLockHeld: AssertLockHeld = () => {
    if (lost) throw new IndexLockedError(`lost ${lockPath} while ingesting: ${lost.message}`, { cause: lost });
  };
  try {
    return await work(assertLockHeld);
  } finally {
    await release?.().catch(() => undefined);
  }
}
