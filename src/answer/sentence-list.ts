import { splitClauses } from '../corpus/chunk.js';
import { normalizeText } from '../corpus/script.js';
import { type Passage, queryCoverage } from '../search/retriever.js';
import type { QuestionIntent } from './classify.js';
import { listTopicWords } from './compose-list.js';
import type { Quote } from './quotes.js';

/**
 * Lists a report runs inside one sentence rather than numbering: parallel pairs (抓调度、促增长,抓项目、扩投资,…)
 * or three or more names joined by 、 (城市工作专班、工业高质量发展工作专班、…). Such a sentence answers a list
 * question when its paragraph says the question's words and no numbered list does.
 */

/** A pair clause: two short phrases joined by 、, bounded by commas (抓项目、扩投资). */
const PAIR = /(?:^|[,，])[^,，、。;；]{1,6}、[^,，、。;；]{1,4}(?=[,，。;；]|$)/gu;
/** Fewest pairs (or 、-joined names) that make a run a list. */
const MIN_ITEMS = 3;
/** Share of the question's words the paragraph must say (a word split at a tokenizer's seam counts in part). */
const MIN_COVERAGE = 0.6;

/** The sizes of the lists a sentence runs: its pair clauses (when three or more), its clauses of three or more 、-joined names. */
function runSizes(sentence: string): number[] {
  const text = normalizeText(sentence);
  const pairs = text.match(PAIR)?.length ?? 0;
  // Names of four characters or more: a run of two- and three-character names lists people (出席的区领导).
  const named = text
    .split(/[,，;；。]/u)
    .map((clause) => clause.split('、'))
    .filter((names) => names.length >= MIN_ITEMS && names.every((name) => name.length >= 4))
    .map((names) => names.length);
  return pairs >= MIN_ITEMS ? [pairs, ...named] : named;
}

/**
 * The sentence of the best three passages that runs a list (of the asked size, when the question asks one) in the
 * paragraph that says most of the question's topic words (at least 60%, by weight), the sentence saying most of them
 * among its paragraph's; ties go to the better passage. Undefined when none does.
 */
export function sentenceListQuote(intent: QuestionIntent, passages: readonly Passage[]): Quote | undefined {
  let best: { quote: Quote; score: number } | undefined;
  for (const { meeting, paragraph } of passages.slice(0, 3)) {
    const words = listTopicWords(intent, meeting);
    if (words.length === 0) continue;
    const coverage = queryCoverage([...words], paragraph.text, { meeting: '', heading: '' }, 0, 1);
    if (coverage < MIN_COVERAGE || (best && coverage <= best.score)) continue;
    const said = (text: string) => words.filter((word) => normalizeText(text).includes(word)).length;
    const sentence = splitClauses(paragraph.text)
      .filter((text) => said(text) > 0)
      .filter((text) => {
        const sizes = runSizes(text);
        return intent.count === undefined ? sizes.length > 0 : sizes.includes(intent.count);
      })
      .reduce<string | undefined>((top, text) => (top === undefined || said(text) > said(top) ? text : top), undefined);
    if (sentence) best = { quote: { meeting, paragraph, text: sentence.trim() }, score: coverage };
  }
  return best?.quote;
}
