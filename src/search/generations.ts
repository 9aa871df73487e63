/** Naming of an index generation's files and the rule for when an old generation may be deleted. */
import { randomBytes } from 'node:crypto';

/** How long a replaced generation stays on disk for readers that pinned it before the swap: 5 minutes. */
export const GENERATION_GRACE_MS = 5 * 60_000;

/** A generation that a manifest once named, and when a newer one replaced it (ISO time). */
export interface RetiredGeneration {
  generation: string;
  retiredAt: string;
}

/** The data files of one generation, by role. */
export interface GenerationFiles {
  /** Meetings with their paragraphs (UTF-16 JSON). */
  data: string;
  /** Binary chunk table. */
  chunks: string;
  lexicalTerms: string;
  lexicalPostings: string;
  vectors: string;
}

/** `kind.generation.ext`, vector shards with a `.N` suffix (`vectors.g.hnsw.0`); generation ids hold no dot. */
const GENERATION_FILE = /^(?:data|chunks|lexical|vectors)\.([^.]+)\.(?:json|bin|hnsw)(?:\.\d+)?$/;

/** File names of a generation's data, relative to the index folder. */
export function generationFiles(generation: string): GenerationFiles {
  return {
    data: `data.${generation}.json`,
    chunks: `chunks.${generation}.bin`,
    lexicalTerms: `lexical.${generation}.json`,
    lexicalPostings: `lexical.${generation}.bin`,
    vectors: `vectors.${generation}.hnsw`,
  };
}

/** A new generation id: sortable by time, unique across processes. */
export function createGeneration(now = Date.now()): string {
  return `${now.toString(36)}-${randomBytes(3).toString('hex')}`;
}

/** The generation a file name belongs to, or undefined for other files. */
export function generationOfFile(name: string): string | undefined {
  return GENERATION_FILE.exec(name)?.[1];
}

/** What to keep listed as retired and which files to delete after `current` replaced `previous`. */
export interface PrunePlan {
  retired: RetiredGeneration[];
  remove: string[];
}

/**
 * Decides what a writer (holding the ingest lock) may delete once the manifest names `current`. The generation it
 * replaced (`previous`) is always kept; other retired ones are kept until `graceMs` after they were replaced. Files of
 * generations no manifest named (left by a killed ingest) and half-written manifests (`manifest.json.*.tmp`) are
 * removed once older than `graceMs`, so even a writer that lost its lock never has its fresh files deleted.
 */
export function planPrune(options: {
  files: readonly { name: string; modifiedMs: number }[];
  current: string;
  previous?: string;
  retired: readonly RetiredGeneration[];
  now: number;
  graceMs: number;
}): PrunePlan {
  const { current, previous, now, graceMs } = options;
  const retired: RetiredGeneration[] = [];
  if (previous && previous !== current) retired.push({ generation: previous, retiredAt: new Date(now).toISOString() });
  for (const entry of options.retired) {
    const age = now - Date.parse(entry.retiredAt);
    const seen = retired.some((kept) => kept.generation === entry.generation);
    if (entry.generation !== current && !seen && age < graceMs) retired.push(entry);
  }
  const keep = new Set([current, ...retired.map((entry) => entry.generation)]);
  const named = new Set([...options.retired.map((entry) => entry.generation), ...(previous ? [previous] : [])]);
  const remove = options.files
    .filter(({ name, modifiedMs }) => {
      const generation = generationOfFile(name);
      const debris = name.startsWith('manifest.json.') && name.endsWith('.tmp');
      if (generation === undefined && !debris) return false;
      if (generation !== undefined && keep.has(generation)) return false;
      // A retired generation's grace ran out above; anything else waits until its files are old enough.
      return (generation !== undefined && named.has(generation)) || now - modifiedMs >= graceMs;
    })
    .map(({ name }) => name);
  return { retired, remove };
}
