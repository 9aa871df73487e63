/** Chooses the bot's state store from config: memory (one process, the default) or Postgres (replicas). */
import type { Config } from '../config.js';
import { createMemoryStateStore } from './memory.js';
import { openPostgresStateStore } from './postgres/store.js';
import type { StateStore } from './types.js';

/** Opens the store `settings` name; the Postgres one is migrated first. Throws when Postgres cannot be reached. */
export async function openStateStore(settings: Config['state']): Promise<StateStore> {
  if (settings.store === 'postgres' && settings.databaseUrl) {
    return openPostgresStateStore({ databaseUrl: settings.databaseUrl, updateLeaseMs: settings.updateLeaseMs });
  }
  return createMemoryStateStore();
}

/** The password in a `postgres://user:password@host/db` URL, for the logger to redact (empty when none). */
export function databasePassword(databaseUrl: string | undefined): string {
  if (!databaseUrl) return '';
  try {
    return decodeURIComponent(new URL(databaseUrl).password);
  } catch {
    return '';
  }
}
