import { normalizeText, toTraditional } from '../corpus/script.js';
import { tokenizeWords } from '../search/tokenize.js';
import type { Random } from './random.js';
import type { Vocabulary } from './synthetic-corpus.js';

const ENDINGS = ['有什么要求？', '如何推进？', '是怎么安排的？', '有哪些举措？', '', '的情况怎么样？'];

/** Makes `count` question-like queries of two or three words from random clauses; every other one traditional. */
export function sampleQueries(vocabulary: Vocabulary, count: number, random: Random): string[] {
  const queries: string[] = [];
  for (let attempt = 0; queries.length < count && attempt < count * 20; attempt++) {
    const words = [...new Set(tokenizeWords(normalizeText(random.pick(vocabulary.clauses))))].filter(
      (word) => word.length >= 2,
    );
    if (words.length === 0) continue;
    const start = random.int(0, Math.max(0, words.length - 2));
    const query = `${words.slice(start, start + random.int(2, 3)).join('')}${random.pick(ENDINGS)}`;
    queries.push(queries.length % 2 === 1 ? toTraditional(query) : query);
  }
  return queries;
}
