/**
 * The store interface: what retrieval, the assistant, eval and the bench read instead of a concrete in-memory index.
 * Two implementations: `local-store.ts` (files in INDEX_DIR, the default) and `postgres/postgres-store.ts`
 * (`VECTOR_STORE=postgres`). Readers never write; only ingest does.
 *
 * Change notification, for bot replicas: `store.watch(onChange)` calls `onChange(generation)` whenever another
 * process (or this one) committed an ingest; take a new `snapshot()` then. The local store polls its manifest's
 * generation; the Postgres store LISTENs on a channel and also polls its generation row (at most every second), so a
 * meeting added by any process is seen within 2 s.
 */
import type { Meeting, Paragraph } from '../corpus/meeting.js';

/** A chunk's stable address: the meeting, its 1-based paragraph, and the chunk's 0-based position in the paragraph. */
export interface ChunkId {
  meetingId: string;
  paragraph: number;
  ordinal: number;
}

/** A chunk's address and span; its text is `paragraph.text.slice(start, end)`. */
export interface ChunkRef extends ChunkId {
  start: number;
  end: number;
}

/** Which chunks a search may return, as data (a database can run it): absent fields do not filter. */
export interface SearchFilter {
  meetingIds?: readonly string[];
}

/** A paragraph ranked by paragraph-level BM25, with the span of its first chunk. */
export interface ParagraphHit {
  meetingId: string;
  paragraph: number;
  score: number;
  firstChunk: ChunkRef;
}

/** A chunk ranked by chunk-level BM25. */
export interface LexicalChunkHit {
  chunk: ChunkRef;
  score: number;
}

/** A chunk ranked by cosine similarity (1 is identical). */
export interface VectorChunkHit {
  chunk: ChunkRef;
  similarity: number;
}

/** Paragraph BM25 settings: saturation `k1`, length normalization `b`, and per-term weights (default 1). */
export interface ParagraphSearchOptions {
  k: number;
  filter?: SearchFilter;
  k1?: number;
  b?: number;
  /** Term → weight; terms not listed weigh 1, weight ≤ 0 drops the term. */
  termWeights?: ReadonlyMap<string, number>;
}

/** Chunk search settings. */
export interface ChunkSearchOptions {
  k: number;
  filter?: SearchFilter;
}

/**
 * One generation of a store, read-only: every method answers from the same committed state. Scores and ties are the
 * same in every implementation (ties broken by stable id, meeting id then paragraph then ordinal).
 */
export interface StoreSnapshot {
  readonly generation: string;
  /** Every meeting with its paragraphs, in id order, numbered 1…n. */
  meetings(): Promise<Meeting[]>;
  /** Paragraph `n` (1-based) of a meeting, or undefined. */
  paragraph(meetingId: string, n: number): Promise<Paragraph | undefined>;
  /** Top `k` paragraphs by BM25 over paragraphs (a term's tf summed over the paragraph's chunks), best first. */
  searchParagraphs(terms: readonly string[], options: ParagraphSearchOptions): Promise<ParagraphHit[]>;
  /** Top `k` chunks by chunk-level BM25 (k1 1.2, b 0.75), best first. */
  searchLexical(terms: readonly string[], options: ChunkSearchOptions): Promise<LexicalChunkHit[]>;
  /** The `k` nearest chunks by cosine (approximate, HNSW), best first. */
  searchVectors(vector: Float32Array, options: ChunkSearchOptions): Promise<VectorChunkHit[]>;
  /** Chunk-level BM25 idf of each term (every requested term is in the map; absent terms get the df-0 value). */
  termIdf(terms: readonly string[]): Promise<Map<string, number>>;
  /** Number of chunks in this generation. */
  chunkCount(): Promise<number>;
}

/** A store of meetings, chunks, vectors and term statistics. */
export interface Store {
  readonly kind: 'local' | 'postgres';
  /** The committed generation now (changes with every ingest that changed something). */
  generation(): Promise<string>;
  /** The current generation, loaded for reading (cached until the generation changes). */
  snapshot(): Promise<StoreSnapshot>;
  /** Calls `onChange` with the new generation after any process commits an ingest; returns a function that stops it. */
  watch(onChange: (generation: string) => void): () => void;
  close(): Promise<void>;
}

/** Orders stable ids: meeting id by code unit (as `loadCorpus` sorts), then paragraph, then ordinal. */
export function compareChunkIds(a: ChunkId, b: ChunkId): number {
  if (a.meetingId !== b.meetingId) return a.meetingId < b.meetingId ? -1 : 1;
  return a.paragraph - b.paragraph || a.ordinal - b.ordinal;
}

/** Orders paragraph addresses like `compareChunkIds`. */
export function compareParagraphs(
  a: { meetingId: string; paragraph: number },
  b: { meetingId: string; paragraph: number },
): number {
  if (a.meetingId !== b.meetingId) return a.meetingId < b.meetingId ? -1 : 1;
  return a.paragraph - b.paragraph;
}

/** Chunk-level BM25 parameters, shared by both stores. */
export const CHUNK_BM25 = { k1: 1.2, b: 0.75 } as const;

/** BM25 idf as the lexical index computes it: never negative. */
export function bm25Idf(documents: number, df: number): number {
  return Math.log(1 + (documents - df + 0.5) / (df + 0.5));
}
