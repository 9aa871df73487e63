/**
 * The local store: the index files in INDEX_DIR (HNSW vectors, BM25 postings, metadata) behind the `Store` interface.
 * Chunk labels stay an internal detail: callers see stable chunk ids (meeting, paragraph, ordinal).
 */
import { type IndexExpectation, readIndexGeneration, readSearchIndex, type SearchIndex } from './index-store.js';
import { groupParagraphs, type ParagraphGroups } from './paragraph-groups.js';
import type { ChunkRef, LexicalChunkHit, SearchFilter, Store, StoreSnapshot, VectorChunkHit } from './store.js';

/** A loaded local index read through the store interface, with the index itself for local-only tools (the bench). */
export interface LocalSnapshot extends StoreSnapshot {
  readonly index: SearchIndex;
  readonly groups: ParagraphGroups;
}

/**
 * Stable id and span of every chunk label (ordinal: position among its paragraph's chunks, by start). A group's labels
 * are already in chunk order (`groupParagraphs` sorts by start, then label), so they are numbered as they come.
 */
function chunkRefs(index: SearchIndex, groups: ParagraphGroups): Map<number, ChunkRef> {
  const refs = new Map<number, ChunkRef>();
  for (const labels of groups.labels) {
    let ordinal = 0;
    for (const label of labels) {
      const chunk = index.chunks.get(label);
      if (!chunk) continue;
      const { meetingId, paragraph, start, end } = chunk;
      refs.set(label, { meetingId, paragraph, ordinal: ordinal++, start, end });
    }
  }
  return refs;
}

/** Wraps a loaded index; O(chunks) to group paragraphs and name chunks, as the retriever did before. */
export function createLocalSnapshot(index: SearchIndex): LocalSnapshot {
  const groups = groupParagraphs(index);
  const refs = chunkRefs(index, groups);
  const byId = new Map(index.meetings.map((meeting) => [meeting.id, meeting]));
  const firstChunks = groups.labels.map((labels) => refs.get(labels[0] ?? -1));
  const acceptLabel = (filter?: SearchFilter) => {
    if (!filter?.meetingIds) return undefined;
    const ids = new Set(filter.meetingIds);
    return (label: number) => ids.has(index.chunks.get(label)?.meetingId ?? '');
  };
  const acceptGroup = (filter?: SearchFilter) => {
    if (!filter?.meetingIds) return undefined;
    const ids = new Set(filter.meetingIds);
    return (group: number) => ids.has(groups.paragraphs[group]?.meetingId ?? '');
  };
  const withRef = <T extends { label: number }>(hits: T[]) =>
    hits.flatMap((hit) => {
      const chunk = refs.get(hit.label);
      return chunk ? [{ ...hit, chunk }] : [];
    });
  return {
    index,
    groups,
    generation: index.manifest.generation,
    meetings: async () => index.meetings,
    paragraph: async (meetingId, n) => byId.get(meetingId)?.paragraphs[n - 1],
    async searchParagraphs(terms, options) {
      const only = acceptGroup(options.filter);
      const weights = options.termWeights;
      const hits = index.lexical.searchGroups([...terms], options.k, groups, {
        ...(only ? { only } : {}),
        ...(options.k1 === undefined ? {} : { k1: options.k1 }),
        ...(options.b === undefined ? {} : { b: options.b }),
        ...(weights ? { weightOf: (term: string) => weights.get(term) ?? 1 } : {}),
      });
      return hits.flatMap(({ label: group, score }) => {
        const address = groups.paragraphs[group];
        const firstChunk = firstChunks[group];
        return address && firstChunk ? [{ ...address, score, firstChunk }] : [];
      });
    },
    async searchLexical(terms, options): Promise<LexicalChunkHit[]> {
      return withRef(index.lexical.search([...terms], options.k, acceptLabel(options.filter))).map(
        ({ chunk, score }) => ({ chunk, score }),
      );
    },
    async searchVectors(vector, options): Promise<VectorChunkHit[]> {
      return withRef(index.vectors.search(vector, options.k, acceptLabel(options.filter))).map(
        ({ chunk, similarity }) => ({ chunk, similarity }),
      );
    },
    async termIdf(terms) {
      return new Map(terms.map((term) => [term, index.lexical.idf(term)]));
    },
    chunkCount: async () => index.chunks.size,
  };
}

/** Where the local store lives and what its index must match; `pollMs` is how often `watch` checks (default 15 s). */
export interface LocalStoreOptions {
  indexDir: string;
  expectation: IndexExpectation;
  pollMs?: number;
}

/**
 * Opens the index folder read-only. `snapshot()` loads the generation the manifest names (IndexMissingError,
 * IndexMismatchError or IndexCorruptError when it cannot) and keeps it until the manifest names another one.
 */
export function openLocalStore(options: LocalStoreOptions): Store {
  let cached: Promise<LocalSnapshot> | undefined;
  const timers = new Set<NodeJS.Timeout>();
  const generation = () => readIndexGeneration(options.indexDir);
  return {
    kind: 'local',
    generation,
    async snapshot() {
      const current = await generation();
      const held = cached && (await cached.catch(() => undefined));
      if (held?.generation === current) return held;
      cached = readSearchIndex(options.indexDir, options.expectation).then(createLocalSnapshot);
      return cached;
    },
    watch(onChange) {
      let seen: string | undefined;
      let stopped = false;
      const check = async () => {
        const now = await generation().catch(() => undefined);
        if (stopped || now === undefined) return;
        if (seen !== undefined && now !== seen) onChange(now);
        seen = now;
      };
      void check();
      const timer = setInterval(check, options.pollMs ?? 15_000);
      timer.unref();
      timers.add(timer);
      return () => {
        stopped = true;
        clearInterval(timer);
        timers.delete(timer);
      };
    },
    async close() {
      for (const timer of timers) clearInterval(timer);
      timers.clear();
    },
  };
}
