import type { Embedder } from './embedder.js';
import { getIdf, type TextTokens, tokenizeText } from './tokenize.js';

/** FNV-1a 32-bit hash of a string. */
function hash32(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

const BIGRAM_WEIGHT = 4;
/**
 * Dimensions each feature is spread over (a sparse random projection with random signs): denser vectors whose
 * collisions average out, which HNSW navigates better than one slot per feature.
 */
const SLOTS_PER_FEATURE = 4;
const SLOT_WEIGHT = 1 / Math.sqrt(SLOTS_PER_FEATURE);

/** Adds a weighted feature to `SLOTS_PER_FEATURE` slots, each slot and sign drawn from a remix of the feature's hash. */
function addFeature(vector: Float32Array, feature: string, weight: number): void {
  let h = hash32(feature);
  for (let i = 0; i < SLOTS_PER_FEATURE; i++) {
    h = Math.imul(h ^ (h >>> 16), 0x45d9f3b) >>> 0;
    h = (h ^ (h >>> 13)) >>> 0;
    const slot = (h & 0x7fffffff) % vector.length;
    vector[slot] = (vector[slot] ?? 0) + (h & 0x80000000 ? -weight : weight) * SLOT_WEIGHT;
  }
}

/** Embeds tokenized parts: idf-weighted words and Han bigrams with sublinear term frequency, L2-normalized. */
export function embedTokensLocally(parts: TextTokens[], dimension: number): Float32Array {
  const idf = getIdf();
  const counts = new Map<string, number>();
  for (const { words, bigrams } of parts) {
    for (const word of words) counts.set(word, (counts.get(word) ?? 0) + 1);
    for (const bigram of bigrams) counts.set(`~${bigram}`, (counts.get(`~${bigram}`) ?? 0) + 1);
  }
  const vector = new Float32Array(dimension);
  for (const [feature, count] of counts) {
    const weight = (1 + Math.log(count)) * (feature.startsWith('~') ? BIGRAM_WEIGHT : idf(feature));
    addFeature(vector, feature, weight);
  }
  let norm = 0;
  for (const value of vector) norm += value * value;
  norm = Math.sqrt(norm);
  if (norm > 0) for (let i = 0; i < vector.length; i++) vector[i] = (vector[i] ?? 0) / norm;
  return vector;
}

/** Embeds one text (see `embedTokensLocally`). */
export function embedLocally(text: string, dimension: number): Float32Array {
  return embedTokensLocally([tokenizeText(text)], dimension);
}

/** The offline embedder: deterministic hashed TF-IDF (general-Chinese idf from jieba), no download, no network. */
export function createLocalEmbedder(dimension: number): Embedder {
  return {
    id: `local-hash-v2:${dimension}`,
    dimension,
    async embed(texts) {
      return texts.map((text) => embedLocally(text, dimension));
    },
    embedTokens(texts) {
      return texts.map((parts) => embedTokensLocally(parts, dimension));
    },
  };
}
