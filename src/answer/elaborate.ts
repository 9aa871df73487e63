import { splitClauses } from '../corpus/chunk.js';
import { normalizeText } from '../corpus/script.js';
import type { Quote, Source } from './quotes.js';

const PARAGRAPH_BUDGET_CHARS = 300;
const MAX_PARAGRAPHS = 2;

/** Sentences of a source the earlier answer did not quote in full, in order, up to about 300 characters. */
function unsaid(source: Source, said: string): Quote[] {
  const quotes: Quote[] = [];
  let length = 0;
  for (const clause of splitClauses(source.paragraph.text)) {
    const text = clause.trim();
    if (!text || said.includes(normalizeText(text))) continue;
    if (quotes.length > 0 && length + text.length > PARAGRAPH_BUDGET_CHARS) break;
    quotes.push({ ...source, text });
    length += text.length;
  }
  return quotes;
}

/**
 * 具体呢？ after an answer: more of what it quoted. The sentences of its cited paragraphs (the first two) it did not
 * quote in full, in order; when it quoted them all, the paragraph that follows the last one cited. Empty when there
 * is nothing more to say.
 */
export function composeElaboration(cited: readonly Source[], earlierAnswer: string): Quote[] {
  const said = normalizeText(earlierAnswer.replace(/\[\d+\]/gu, ''));
  const more = cited.slice(0, MAX_PARAGRAPHS).flatMap((source) => unsaid(source, said));
  if (more.length > 0) return more;
  const last = cited.at(-1);
  const next = last?.meeting.paragraphs[last.paragraph.n];
  return last && next?.text ? unsaid({ meeting: last.meeting, paragraph: next }, said) : [];
}
