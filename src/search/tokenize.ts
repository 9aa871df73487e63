import { Jieba } from '@node-rs/jieba';
import { dict, idf as idfFile } from '@node-rs/jieba/dict.js';
import { normalizeText } from '../corpus/script.js';

let jieba: Jieba | undefined;
let idfTable: Map<string, number> | undefined;

/** The shared jieba segmenter with its default dictionary (loaded once, ~0.3 s). */
export function getJieba(): Jieba {
  jieba ??= Jieba.withDict(dict);
  return jieba;
}

/** Question words, particles and function words that carry no topic. */
const STOPWORDS = new Set(
  (
    '的 了 和 与 及 是 在 把 对 为 以 将 等 也 就 都 而 并 或 被 从 向 于 之 其 这 那 有 要 会 中 上 下 个 们 我 你 他 她 它 ' +
    '哪 哪些 哪个 哪五个 哪天 什么 怎么 怎么样 怎样 如何 为何 为什么 吗 呢 吧 啊 多少 几 几个 谁 请问 请 一下 一个 问 说 提出 提到 ' +
    '关于 方面 情况 工作 进行 以及 主要 有关 哪里 哪儿 何时 是否 可以 能 需要 具体 所 该 此 各 每 又 还 再 做 '
  )
    .split(/\s+/)
    .filter(Boolean),
);

/** General-Chinese inverse document frequencies from jieba's idf table (median for unknown words). */
export function getIdf(): (term: string) => number {
  if (!idfTable) {
    idfTable = new Map();
    for (const line of Buffer.from(idfFile).toString('utf8').split('\n')) {
      const space = line.lastIndexOf(' ');
      if (space > 0) idfTable.set(line.slice(0, space), Number(line.slice(space + 1)));
    }
  }
  const table = idfTable;
  return (term) => table.get(term) ?? 11.7;
}

function isMeaningful(token: string): boolean {
  return /[\p{Script=Han}\p{L}\p{N}]/u.test(token) && !STOPWORDS.has(token);
}

/** Words of normalized text (jieba search mode), without punctuation and stopwords. */
export function tokenizeWords(normalized: string): string[] {
  return getJieba()
    .cutForSearch(normalized, true)
    .map((token) => token.trim())
    .filter(isMeaningful);
}

/** Character bigrams of every Han run in normalized text. */
export function hanBigrams(normalized: string): string[] {
  const bigrams: string[] = [];
  for (const run of normalized.replace(/[“”‘’"'「」『』]/g, '').match(/\p{Script=Han}+/gu) ?? []) {
    for (let i = 0; i + 1 < run.length; i++) bigrams.push(run.slice(i, i + 2));
  }
  return bigrams;
}

/** A text segmented once (normalized form): its jieba words and its Han bigrams, shared by BM25 and the embedder. */
export interface TextTokens {
  words: string[];
  bigrams: string[];
}

/** Normalizes (simplified, NFKC) and segments a text into words and Han bigrams. */
export function tokenizeText(text: string): TextTokens {
  const normalized = normalizeText(text);
  return { words: tokenizeWords(normalized), bigrams: hanBigrams(normalized) };
}

/** BM25 terms of tokenized text: words plus `~`-prefixed Han bigrams. */
export function termsOf(tokens: TextTokens): string[] {
  return [...tokens.words, ...tokens.bigrams.map((bigram) => `~${bigram}`)];
}

/** Lexical terms for BM25: words plus `~`-prefixed Han bigrams, on the normalized (simplified) form. */
export function lexicalTerms(text: string): string[] {
  return termsOf(tokenizeText(text));
}

/** Bigrams that only ask (哪一, 什么, 多少, 何时 …): an answering paragraph does not contain them. */
const QUESTION_BIGRAM = /[哪吗呢谁么]|多少|何时|何地|何种|何者|如何|为何|几[个年种位次项点人天岁名条座所家]/u;

/** True for a query term (word or `~`-prefixed bigram) that only marks the question (什么, 哪一, 多少…). */
export function isQuestionTerm(term: string): boolean {
  return QUESTION_BIGRAM.test(term.startsWith('~') ? term.slice(1) : term);
}
