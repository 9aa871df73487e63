/** The one-writer rule: ingest holds `<indexDir>/ingest.lock` (proper-lockfile) while it reads and rewrites the index. */
import { mkdir, stat } from 'node:fs/promises';
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
/**
 * proper-lockfile's takeover of a stale lock is stat → rmdir → mkdir, so two waiters taking over at once can remove
 * each other's fresh lock. Before committing, the holder waits until it has held the lock this long and checks that
 * the lock directory is still the one it created; the loser starts over instead of writing.
 */
const SETTLE_MS = 500;

/** How long to wait for the lock and when a held lock counts as abandoned. */
export interface IngestLockOptions {
  waitMs?: number;
  staleMs?: number;
  logger?: Logger;
}

/** Passed to the locked work: call it right before committing; it throws when the lock is no longer this process's. */
export type AssertLockHeld = () => Promise<void>;

/** Thrown by AssertLockHeld when another ingest took the lock; withIngestLock then waits and runs the work again. */
class LockLostError extends Error {
  override name = 'LockLostError';
}

/** The lock's path for an index folder (a directory, as proper-lockfile makes it). */
export function ingestLockPath(indexDir: string): string {
  return join(indexDir, 'ingest.lock');
}

/** Takes the lock, polling until `deadline`; logs once when it has to wait. Throws IndexLockedError at the deadline. */
async function acquire(
  indexDir: string,
  staleMs: number,
  deadline: number,
  onLost: (error: Error) => void,
  logger: Logger,
): Promise<() => Promise<void>> {
  const lockPath = ingestLockPath(indexDir);
  let waiting = false;
  for (;;) {
    try {
      const release = await lockfile.lock(indexDir, {
        lockfilePath: lockPath,
        realpath: false,
        stale: staleMs,
        retries: 0,
        onCompromised: onLost,
      });
      if (waiting) logger.info('Got the index lock; continuing from the index the other ingest wrote.');
      return release;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ELOCKED') throw error;
      if (Date.now() >= deadline) {
        throw new IndexLockedError(`another ingest still holds ${lockPath}; gave up waiting`, { cause: error });
      }
      if (!waiting) logger.info('Another ingest is writing the index; waiting for it to finish.', { lock: lockPath });
      waiting = true;
      await sleep(POLL_MS + Math.floor(Math.random() * 50));
    }
  }
}

/**
 * Runs `work` while holding the index's ingest lock, waiting up to `waitMs` for another ingest to finish (one log
 * line when it has to wait). Throws IndexLockedError when the wait runs out. The lock is refreshed every `staleMs / 2`
 * and released when `work` settles; a process killed with it is detected as stale after `staleMs`. When `work`'s
 * AssertLockHeld finds the lock taken over, `work` is run again once this process holds the lock anew.
 */
export async function withIngestLock<T>(
  indexDir: string,
  options: IngestLockOptions,
  work: (assertLockHeld: AssertLockHeld) => Promise<T>,
): Promise<T> {
  const logger = options.logger ?? silentLogger;
  const staleMs = Math.max(options.staleMs ?? DEFAULT_LOCK_STALE_MS, 2000);
  const deadline = Date.now() + (options.waitMs ?? DEFAULT_LOCK_WAIT_MS);
  const lockPath = ingestLockPath(indexDir);
  await mkdir(indexDir, { recursive: true });
  for (;;) {
    let lost: Error | undefined;
    const release = await acquire(indexDir, staleMs, deadline, (error) => (lost = error), logger);
    const acquiredAt = Date.now();
    const owned = await stat(lockPath);
    const assertLockHeld: AssertLockHeld = async () => {
      const settle = SETTLE_MS - (Date.now() - acquiredAt);
      if (settle > 0) await sleep(settle);
      const now = await stat(lockPath).catch(() => undefined);
      if (lost || now?.ino !== owned.ino || now.birthtimeMs !== owned.birthtimeMs) {
        throw new LockLostError(`${lockPath} was taken over by another ingest${lost ? `: ${lost.message}` : ''}`);
      }
    };
    try {
      const result = await work(assertLockHeld);
      await release().catch(() => undefined);
      return result;
    } catch (error) {
      if (!(error instanceof LockLostError)) {
        await release().catch(() => undefined);
        throw error;
      }
      // Not released: the directory now belongs to the other ingest; proper-lockfile marks ours compromised.
      logger.warn('Lost the index lock to another ingest before writing; starting over.', { lock: lockPath });
    }
  }
}
