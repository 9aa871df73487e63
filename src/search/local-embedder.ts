import { normalizeText } from '../corpus/script.js';
import type { Embedder } from './embedder.js';
import { getIdf, hanBigrams, tokenizeWords } from './tokenize.js';

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

/** Adds a weighted feature to the vector with the hashing trick (sign from the high bit to cancel collisions). */
function addFeature(vector: Float32Array, feature: string, weight: number): void {
  const h = hash32(feature);
  const slot = h % vector.length;
  vector[slot] = (vector[slot] ?? 0) + (h & 0x80000000 ? -weight : weight);
}

/** Embeds one text: idf-weighted jieba words and Han bigrams with sublinear term frequency, L2-normalized. */
export function embedLocally(text: string, dimension: number): Float32Array {
  const normalized = normalizeText(text);
  const idf = getIdf();
  const counts = new Map<string, number>();
  for (const word of tokenizeWords(normalized)) counts.set(word, (counts.get(word) ?? 0) + 1);
  for (const bigram of hanBigrams(normalized)) counts.set(`~${bigram}`, (counts.get(`~${bigram}`) ?? 0) + 1);
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

/** The offline embedder: deterministic hashed TF-IDF (general-Chinese idf from jieba), no download, no network. */
export function createLocalEmbedder(dimension = 384): Embedder {
  return {
    id: `local-hash-v1:${dimension}`,
    dimension,
    async embed(texts) {
      return texts.map((text) => embedLocally(text, dimension));
    },
  };
}
