import { normalizeCached } from '../corpus/script.js';
import { getIdf, tokenizeWords } from '../search/tokenize.js';
import { SYNONYM_CREDIT, synonymsOf } from './topic-synonyms.js';

const piecesCache = new Map<string, string[]>();
/**
 * A word said only in scattered pieces, even all of them (城市…建设 for 城市建设), counts for less than most of a
 * topic; a run of three of its characters or more (四季度 of 第四季度) counts for its share of the word.
 */
const SCATTERED_CREDIT = 0.6;
const MIN_RUN_CHARS = 3;

/**
 * The two-character words jieba finds inside a longer word (第四季度 → 第四 四季 季度; 文明城市 → 文明 城市), or the
 * word itself when it has none or is two characters long. Cached per word.
 */
export function piecesOf(word: string): string[] {
  const cached = piecesCache.get(word);
  if (cached) return cached;
  const inner = word.length > 2 ? [...new Set(tokenizeWords(word).filter((piece) => piece.length === 2))] : [];
  const pieces = inner.length > 0 ? inner : [word];
  piecesCache.set(word, pieces);
  return pieces;
}

/**
 * How much of a topic word a normalized text says: 1 when it holds the word, else the idf-weighted share of the
 * word's pieces it holds, at most 0.6 and nothing for its last piece alone, or the share of its longest run of three
 * characters or more (四季度 says three quarters of 第四季度, 二季度 nothing; 文明创建 says 文明 of 文明城市, about half),
 * or 0.8 for a word the reports use for it (决胜 for 冲刺, 双招双引 for 招商引资).
 */
export function wordCredit(word: string, normalized: string): number {
  if (normalized.includes(word)) return 1;
  // A word the reports use for it (决胜 for 冲刺) says most of it.
  const synonym = synonymsOf(word).some((other) => normalized.includes(other)) ? SYNONYM_CREDIT : 0;
  const pieces = piecesOf(word);
  if (pieces.length < 2) return synonym;
  const idf = getIdf();
  const total = pieces.reduce((sum, piece) => sum + idf(piece), 0);
  const held = pieces.filter((piece) => normalized.includes(piece));
  // The last piece alone is the word's head, what kind of thing it is (季度 of 二季度 in 四季度): not the word.
  const headOnly = held.every((piece) => word.endsWith(piece));
  const found = headOnly ? 0 : held.reduce((sum, piece) => sum + idf(piece), 0);
  const scattered = total === 0 ? 0 : Math.min(SCATTERED_CREDIT, found / total);
  return Math.max(synonym, scattered, longestRun(word, normalized) / word.length);
}

/** The longest run of `word`'s characters, three or more, that `normalized` holds whole; 0 when none. */
function longestRun(word: string, normalized: string): number {
  for (let length = word.length - 1; length >= MIN_RUN_CHARS; length--) {
    for (let start = 0; start + length <= word.length; start++) {
      if (normalized.includes(word.slice(start, start + length))) return length;
    }
  }
  return 0;
}

/** True when a word can be said in part (it has pieces); a two-character word is said or not. */
export function hasPieces(word: string): boolean {
  return piecesOf(word).length >= 2;
}

/**
 * The share of a topic's words a text says, weighted by each word's idf, a word worded otherwise counting for the
 * share of its pieces (so 冲刺四季度 and 全力决胜四季度 both say much of 第四季度). 0 for no words.
 */
export function pieceCoverage(words: readonly string[], text: string): number {
  const normalized = normalizeCached(text);
  const idf = getIdf();
  let total = 0;
  let found = 0;
  for (const word of new Set(words)) {
    const weight = idf(word);
    total += weight;
    found += weight * wordCredit(word, normalized);
  }
  return total === 0 ? 0 : found / total;
}

/** Every order of up to three words (创建 文明城市 → 创建文明城市, 文明城市创建); more words keep their order. */
function orders(words: readonly string[]): string[][] {
  if (words.length <= 1 || words.length > 3) return [[...words]];
  return words.flatMap((word, i) => orders(words.filter((_, j) => j !== i)).map((rest) => [word, ...rest]));
}

/** The longest run of `wanted` found whole in `normalized`, as a share of its length. */
function longestRunShare(wanted: string, normalized: string): number {
  for (let length = wanted.length; length >= 2; length--) {
    for (let start = 0; start + length <= wanted.length; start++) {
      if (normalized.includes(wanted.slice(start, start + length))) return length / wanted.length;
    }
  }
  return 0;
}

/**
 * The share of a topic's words, run together in any order (Chinese puts 创建文明城市 and 文明城市创建 alike), that a text
 * holds as written, by its longest run found whole (文明城市创建活动: all; 文明城市…城市创建: two thirds). It tells a
 * text that says the phrase from one that says its words apart.
 */
export function phraseShare(words: readonly string[], text: string): number {
  const normalized = normalizeCached(text);
  return Math.max(
    0,
    ...orders(words.map((word) => normalizeCached(word))).map((order) => {
      const wanted = order.join('').replace(/[^\p{Script=Han}\p{L}\p{N}]/gu, '');
      return wanted.length === 0 ? 0 : longestRunShare(wanted, normalized);
    }),
  );
}
