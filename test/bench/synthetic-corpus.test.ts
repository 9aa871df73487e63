import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { createRandom } from '../../src/bench/random.js';
import { loadVocabulary, makeParagraph, writeSyntheticCorpus } from '../../src/bench/synthetic-corpus.js';
import { chunkMeeting } from '../../src/corpus/chunk.js';
import { loadCorpus } from '../../src/corpus/meeting.js';

const SEEDS = fileURLToPath(new URL('../../seeds', import.meta.url));
const CHUNK_SIZE = 200;

describe('writeSyntheticCorpus', () => {
  let dir = '';
  afterEach(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('builds paragraphs that the chunker keeps as one chunk each', async () => {
    const vocabulary = await loadVocabulary(SEEDS);
    const random = createRandom(1);
    const paragraphs = Array.from({ length: 50 }, (_, i) => ({
      n: i + 1,
      text: makeParagraph(vocabulary, random, CHUNK_SIZE),
    }));
    const chunks = await chunkMeeting({ id: 'm', paragraphs } as Parameters<typeof chunkMeeting>[0], {
      chunkSize: CHUNK_SIZE,
      chunkOverlap: 0,
    });
    expect(chunks).toHaveLength(50);
  });

  it('writes documents whose cleaned paragraphs add up to the requested count', async () => {
    dir = await mkdtemp(join(tmpdir(), 'synthetic-'));
    const vocabulary = await loadVocabulary(SEEDS);
    await writeSyntheticCorpus({ vocabulary, dir, chunks: 95, chunkSize: CHUNK_SIZE, paragraphsPerDocument: 30 });
    const corpus = await loadCorpus(dir);
    expect(corpus.errors).toEqual([]);
    expect(corpus.meetings.reduce((sum, meeting) => sum + meeting.paragraphs.length, 0)).toBe(95);
  });

  it('writes the same corpus for the same seed', async () => {
    dir = await mkdtemp(join(tmpdir(), 'synthetic-'));
    const vocabulary = await loadVocabulary(SEEDS);
    await writeSyntheticCorpus({ vocabulary, dir: join(dir, 'a'), chunks: 40, chunkSize: CHUNK_SIZE, seed: 3 });
    await writeSyntheticCorpus({ vocabulary, dir: join(dir, 'b'), chunks: 40, chunkSize: CHUNK_SIZE, seed: 3 });
    const [file] = await readdir(join(dir, 'a'));
    expect(await readFile(join(dir, 'a', file ?? ''))).toEqual(await readFile(join(dir, 'b', file ?? '')));
  });
});
