import type { Meeting } from '../corpus/meeting.js';
import { normalizeText } from '../corpus/script.js';
import { classifyQuestion } from './classify.js';
import { contentWords } from './relevance.js';
import type { Answer, Citation } from './types.js';

/**
 * Questions that ask two different things at once (是哪个区开的？讲话的是谁？): each part is answered on its own and
 * the answers are joined, so neither ask is lost to the other's composer.
 */

/** Where a typed question may break into parts: question marks, semicolons, commas and spaces. */
const BREAK = /[？?；;，,]+|\s+/u;
/** Words that ask: a clause without one qualifies the clause before it (那个十六字), it asks nothing of its own. */
const ASKS = /[谁哪几吗啥]|什么|多少|怎么|如何|是否|何[时地处]/u;
/** Asks for the place a meeting was held by: 哪个区开的, 在哪里开. */
const ASKS_PLACE = /哪个(?:区|县|市|镇|街道)|(?:在)?哪(?:里|儿)(?:开|召开|举行)/u;

/** What a part asks for: a person's role, a detail (date, amount …) or the place; undefined for a plain topic. */
function askOf(part: string, meetings: readonly Meeting[]): string | undefined {
  const intent = classifyQuestion(part, meetings);
  if (intent.role) return `role:${intent.role}`;
  if (intent.detail) return `detail:${intent.detail}`;
  return ASKS_PLACE.test(normalizeText(part)) ? 'place' : undefined;
}

/**
 * The parts of a question that asks two or more different things (each part asks for a different role, detail or
 * place), in order; the question alone when it asks one thing, also when a later clause only restates or
 * qualifies it (提了几方面要求？都是什么？).
 */
export function splitCompound(question: string, meetings: readonly Meeting[]): string[] {
  const clauses = question.split(BREAK).filter((clause) => clause.trim().length > 0);
  if (clauses.length < 2) return [question];
  const parts: string[] = [];
  for (const clause of clauses) {
    const previous = parts.at(-1);
    if (previous !== undefined && !ASKS.test(normalizeText(clause))) parts[parts.length - 1] = `${previous}，${clause}`;
    else parts.push(clause);
  }
  const asks = parts.map((part) => askOf(part, meetings));
  const distinct = new Set(asks);
  if (parts.length < 2 || asks.includes(undefined) || distinct.size < parts.length) return [question];
  return parts.map((part) => `${part}？`);
}

/**
 * A later part as it is asked: the first part's content words, then the part (讲话的是谁 after 区政府全体扩大会议是哪个区
 * 开的 asks who spoke at that meeting), so it is searched about the subject the question is about.
 */
export function partInContext(part: string, first: string): string {
  const subject = contentWords(first).filter((word) => !normalizeText(part).includes(word));
  return subject.length > 0 ? `${subject.join(' ')} ${part}` : part;
}

const key = (citation: Citation) => `${citation.meeting.id}#${citation.paragraph}`;

/**
 * Joins the answers to a question's parts into one answer: texts on lines of their own, citations numbered once
 * per paragraph across all parts (markers renumbered), found when any part was.
 */
export function joinAnswers(question: string, answers: readonly Answer[]): Answer {
  const citations: Citation[] = [];
  const texts = answers.map((answer) => {
    const renumber = new Map<number, number>();
    for (const citation of answer.citations) {
      const at = citations.findIndex((other) => key(other) === key(citation));
      if (at >= 0) {
        const existing = citations[at];
        // A paragraph one part quotes is a claim's source even if another part only listed it as related.
        if (existing?.related && !citation.related) citations[at] = { ...existing, related: false };
        renumber.set(citation.n, at + 1);
      } else renumber.set(citation.n, citations.push({ ...citation, n: citations.length + 1 }));
    }
    return answer.answer.replace(/\[(\d+)\]/gu, (marker, n: string) => {
      const to = renumber.get(Number(n));
      return to === undefined ? marker : `[${to}]`;
    });
  });
  const notes = [...new Set(answers.flatMap((answer) => (answer.note ? [answer.note] : [])))];
  return {
    question,
    answer: texts.join('\n'),
    mode: answers[0]?.mode ?? 'extractive',
    found: answers.some((answer) => answer.found),
    ...(notes.length > 0 ? { note: notes.join(' ') } : {}),
    citations: citations.map(({ related, ...citation }) => (related ? { ...citation, related } : citation)),
  };
}
