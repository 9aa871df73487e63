import { afterAll, beforeAll } from 'vitest';
import type { Assistant } from '../../src/answer/types.js';
import { openAssistant } from '../../src/app.js';
import { buildSeedIndex, type SeedIndex } from './seed-index.js';

/** The seed index and an offline assistant over it, set by `useSeedAssistant` before the suite's tests run. */
export interface SeedAssistant {
  seed: SeedIndex;
  assistant: Assistant;
}

/**
 * Call inside a `describe`: builds the seed index (the store `TEST_STORE` names) and an offline assistant over it
 * before the suite's tests, and removes the index after them.
 */
export function useSeedAssistant(): SeedAssistant {
  const suite = {} as SeedAssistant;
  beforeAll(async () => {
    suite.seed = await buildSeedIndex();
    suite.assistant = await openAssistant({ ...suite.seed.engine });
  });
  afterAll(async () => {
    await suite.seed?.remove();
  });
  return suite;
}
