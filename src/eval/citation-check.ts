import type { Answer, Assistant } from '../answer/types.js';
import { parseCitedSentences, SUPPORT_THRESHOLD, supportRatio } from '../answer/verify.js';
import { isMostlyHan } from '../corpus/script.js';

/** Why a citation failed, if it did. */
export type CitationProblem = 'missing-paragraph' | 'not-cited-in-text' | 'unsupported';

/** The verdict on one citation of an answer. */
export interface CitationCheck {
  n: number;
  meetingId: string;
  paragraph: number;
  valid: boolean;
  problem?: CitationProblem;
  /** Lowest support ratio among the Chinese sentences carrying this marker (1 when none could be checked). */
  support: number;
}

/**
 * Checks each citation of an answer: the paragraph must exist, and every sentence carrying its `[n]` marker must be
 * supported by that paragraph (`supportRatio` ≥ `SUPPORT_THRESHOLD`, markers stripped). Sentences that are not
 * mostly Chinese are not checked, as in `verifyReply`; a citation no sentence carries is invalid, except a related
 * passage (`related`), which quotes nothing and only has to exist.
 */
export function checkCitations(answer: Answer, assistant: Pick<Assistant, 'paragraph'>): CitationCheck[] {
  const sentences = parseCitedSentences(answer.answer);
  return answer.citations.map((citation) => {
    const base = { n: citation.n, meetingId: citation.meeting.id, paragraph: citation.paragraph };
    const view = assistant.paragraph(citation.meeting.id, citation.paragraph);
    if (!view) return { ...base, valid: false, problem: 'missing-paragraph', support: 0 };
    // A related passage is listed, not quoted: it makes no claim for its paragraph to support.
    if (citation.related) return { ...base, valid: true, support: 1 };
    const carrying = sentences.filter((sentence) => sentence.citations.includes(citation.n));
    if (carrying.length === 0) return { ...base, valid: false, problem: 'not-cited-in-text', support: 0 };
    const ratios = carrying.filter((s) => isMostlyHan(s.text)).map((s) => supportRatio(s.text, view.text));
    const support = ratios.length === 0 ? 1 : Math.min(...ratios);
    return support >= SUPPORT_THRESHOLD
      ? { ...base, valid: true, support }
      : { ...base, valid: false, problem: 'unsupported', support };
  });
}
