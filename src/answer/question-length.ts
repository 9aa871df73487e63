/** The one rule for how long a question may be, shared by the assistant and every adapter. */

/** Longest question accepted, in characters (Unicode code points, after collapsing whitespace). */
export const MAX_QUESTION_CHARS = 1000;

/** Length of `question` as users count it: code points (an emoji is one), whitespace runs collapsed, ends trimmed. */
export function questionLength(question: string): number {
  let count = 0;
  for (const _ of question.replace(/\s+/g, ' ').trim()) count++;
  return count;
}

/** True when `question` is longer than `maxChars` (default MAX_QUESTION_CHARS) by `questionLength`. */
export function isQuestionTooLong(question: string, maxChars = MAX_QUESTION_CHARS): boolean {
  return questionLength(question) > maxChars;
}
