import { readdir } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { DEFAULT_CHUNKING, DEFAULT_LOCAL_DIMENSION } from '../../src/app.js';
import { chunkMeeting } from '../../src/corpus/chunk.js';
import { loadCorpus } from '../../src/corpus/meeting.js';
import type { Embedder } from '../../src/search/embedder.js';
import { LexicalIndex } from '../../src/search/lexical-index.js';
import { createLocalEmbedder, embedTokensLocally } from '../../src/search/local-embedder.js';
import { addInWorkers, ShardBuildError, type ShardItem } from '../../src/search/shard-build.js';
import { termsOf, tokenizeText } from '../../src/search/tokenize.js';
import { DEFAULT_HNSW, VectorIndex } from '../../src/search/vector-index.js';
import { createTempDir, SEEDS_DIR } from '../helpers/seed-index.js';

const embedder = createLocalEmbedder(DEFAULT_LOCAL_DIMENSION);
const THROWS = new URL('../helpers/shard-worker-throws.ts', import.meta.url).href;
const EXITS = new URL('../helpers/shard-worker-exits.ts', import.meta.url).href;

/** The seed meetings' chunks as shard items, labelled from `firstLabel` on. */
async function seedItems(firstLabel = 0): Promise<ShardItem[]> {
  const { meetings } = await loadCorpus(SEEDS_DIR);
  const items: ShardItem[] = [];
  for (const meeting of meetings) {
    for (const chunk of await chunkMeeting(meeting, DEFAULT_CHUNKING)) {
      items.push({ label: firstLabel + items.length, text: chunk.text, title: meeting.title });
    }
  }
  return items;
}

/** What `ingest` does in its own thread for the same items. */
function addInThread(target: { vectors: VectorIndex; lexical: LexicalIndex }, items: ShardItem[]): void {
  const vectors = items.map((item) =>
    embedTokensLocally([tokenizeText(item.title), tokenizeText(item.text)], DEFAULT_LOCAL_DIMENSION),
  );
  target.vectors.add(items.map((item, i) => ({ label: item.label, vector: vectors[i] as Float32Array })));
  for (const item of items) target.lexical.add(item.label, termsOf(tokenizeText(item.text)));
}

/** A lexical index's content independent of term order: lengths, and each term's labels and tfs. */
function contentOf(lexical: LexicalIndex) {
  const data = lexical.toData();
  const postings: Record<string, [number[], number[]]> = {};
  let offset = 0;
  data.terms.forEach((term, i) => {
    const end = offset + (data.sizes[i] ?? 0);
    postings[term] = [[...data.labels.subarray(offset, end)], [...data.tfs.subarray(offset, end)]];
    offset = end;
  });
  return { lengths: [...data.lengths], postings };
}

function emptyTarget() {
  return { vectors: VectorIndex.create(DEFAULT_LOCAL_DIMENSION, DEFAULT_HNSW), lexical: new LexicalIndex() };
}

describe('addInWorkers', () => {
  it('builds the same postings and finds the same neighbours as adding in this thread', async () => {
    const items = await seedItems();
    const inThread = emptyTarget();
    addInThread(inThread, items);
    const inWorkers = emptyTarget();

    await addInWorkers(inWorkers, items, { embedder, hnsw: DEFAULT_HNSW, batchSize: 7 });

    expect(contentOf(inWorkers.lexical)).toEqual(contentOf(inThread.lexical));
    expect(inWorkers.vectors.size).toBe(items.length);
    const [query] = await embedder.embed(['童子河的规划设计什么时候全面动工？']);
    const labels = (target: typeof inThread) => target.vectors.search(query as Float32Array, 5).map((hit) => hit.label);
    expect(labels(inWorkers)).toEqual(labels(inThread));
  });

  it('continues shards that already hold vectors, keeping their deletions', async () => {
    const first = await seedItems();
    const second = await seedItems(first.length);
    const target = emptyTarget();
    addInThread(target, first);
    target.vectors.remove([first[0]?.label as number]);

    await addInWorkers(target, second, { embedder, hnsw: DEFAULT_HNSW });

    expect(target.vectors.size).toBe(first.length - 1 + second.length);
    expect(target.vectors.storedInShard(0) + target.vectors.storedInShard(1)).toBe(first.length + second.length);
    const own = target.vectors.vectorOf(first[1]?.label as number);
    const [hit] = target.vectors.search(Float32Array.from(own), 1);
    expect([first[1]?.label, second[1]?.label]).toContain(hit?.label);
    expect(target.lexical.size).toBe(first.length + second.length);
  });

  it('embeds on this thread and ships the vectors when the embedder is not the local one', async () => {
    const items = await seedItems();
    const texts: string[] = [];
    const remote: Embedder = {
      id: 'remote-test',
      dimension: DEFAULT_LOCAL_DIMENSION,
      embed: (batch) => {
        texts.push(...batch);
        return embedder.embed(batch);
      },
    };
    const target = emptyTarget();

    await addInWorkers(target, items, { embedder: remote, hnsw: DEFAULT_HNSW });

    expect(texts).toHaveLength(items.length);
    expect(texts[0]).toBe(`${items[0]?.title}\n${items[0]?.text}`);
    expect(target.vectors.size).toBe(items.length);
  });

  it.each([
    ['throws', THROWS, /disk on fire/],
    ['exits', EXITS, /exited with status 3/],
  ])('names the shard and changes nothing when a worker %s', async (_, workerUrl, why) => {
    const items = await seedItems();
    const target = emptyTarget();
    addInThread(target, items.slice(0, 4));
    const before = contentOf(target.lexical);

    const workDir = await createTempDir();

    const failure = await addInWorkers(target, items.slice(4), {
      embedder,
      hnsw: DEFAULT_HNSW,
      workerUrl,
      workDir: workDir.path,
    }).then(
      () => undefined,
      (error: unknown) => error,
    );
    const leftOver = await readdir(workDir.path);
    await workDir.remove();

    expect(failure).toBeInstanceOf(ShardBuildError);
    expect((failure as Error).message).toMatch(/vector shard \d build worker failed/);
    expect((failure as Error).message).toMatch(why);
    expect(target.vectors.size).toBe(4);
    expect(contentOf(target.lexical)).toEqual(before);
    expect(leftOver).toEqual([]);
  });

  it('stops the workers and passes on the embedder failure', async () => {
    const items = await seedItems();
    const failing: Embedder = {
      id: 'remote-test',
      dimension: DEFAULT_LOCAL_DIMENSION,
      embed: async () => {
        throw new Error('embedding service down');
      },
    };
    const target = emptyTarget();

    await expect(addInWorkers(target, items, { embedder: failing, hnsw: DEFAULT_HNSW })).rejects.toThrow(
      'embedding service down',
    );
    expect(target.vectors.size).toBe(0);
  });
});
