import type { Meeting } from '../corpus/meeting.js';
import { normalizeText } from '../corpus/script.js';
import { LexicalIndex } from '../search/lexical-index.js';
import { hanBigrams } from '../search/tokenize.js';
import type { ParagraphRef } from './gold.js';
import type { ParagraphRanker } from './retrieval-eval.js';

/**
 * The naive baseline retrieval is compared with: BM25 (k1 1.2, b 0.75) over whole paragraphs whose terms are the
 * character bigrams of each Han run after traditional→simplified normalization; no words, no rerank, no vectors.
 */
export function createBigramBaseline(meetings: readonly Meeting[]): ParagraphRanker {
  const lexical = new LexicalIndex();
  const refs: ParagraphRef[] = [];
  for (const meeting of meetings) {
    for (const paragraph of meeting.paragraphs) {
      lexical.add(refs.length, hanBigrams(normalizeText(paragraph.text)));
      refs.push({ meetingId: meeting.id, paragraph: paragraph.n });
    }
  }
  return (question, k) =>
    lexical.search(hanBigrams(normalizeText(question)), k).flatMap((hit) => refs[hit.label] ?? []);
}
