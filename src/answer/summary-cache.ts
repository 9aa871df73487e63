/** Where LLM summaries are kept between runs: files in the index folder, or a shared table (src/state/postgres). */
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { LlmSummary } from './summary-llm.js';

/** A cache of LLM summaries by key (meeting id + hash of its text and the model). */
export interface SummaryCache {
  /** The cached summary, or undefined when there is none (or it is unreadable). */
  get(key: string): Promise<LlmSummary | undefined>;
  /** Stores a summary; throws when it cannot (the caller logs and carries on). */
  set(key: string, summary: LlmSummary): Promise<void>;
}

/** Keeps a summary as `<dir>/summaries/<key>.json`, written atomically (temp file, then rename). */
export function createFileSummaryCache(dir: string): SummaryCache {
  const pathOf = (key: string) => join(dir, 'summaries', `${key}.json`);
  return {
    async get(key) {
      try {
        const cached = JSON.parse(await readFile(pathOf(key), 'utf8')) as LlmSummary;
        return Array.isArray(cached.points) ? cached : undefined;
      } catch {
        return undefined;
      }
    },
    async set(key, summary) {
      await mkdir(join(dir, 'summaries'), { recursive: true });
      await writeFile(`${pathOf(key)}.tmp`, JSON.stringify(summary));
      await rename(`${pathOf(key)}.tmp`, pathOf(key));
    },
  };
}
