import { normalizeText } from '../corpus/script.js';
import { tokenizeWords } from '../search/tokenize.js';
import { NUMERALS } from './enumerations.js';
import type { Exchange } from './types.js';

/** How a question is read in the light of the conversation so far. */
export interface FollowUp {
  /** Text to search with (the question, plus the previous question when this one leans on it). */
  query: string;
  /** The meeting the conversation is about, when the question does not name one. */
  meetingId?: string;
  /** An ordinal the question points at (第二点 → 2), to pick that item from the previous answer. */
  ordinal?: number;
}

const ANAPHORA =
  /^(?:那|那么|这|这个|这些|它|其|上述|具体|详细|展开|为什么|还有|另外)|第[一二两三四五六七八九十\d]+(?:点|个|条|项|方面)|具体|详细/u;
const ORDINAL = /第([一二两三四五六七八九十]|\d+)(?:点|个|条|项|方面)/u;

/**
 * Reads a follow-up question against recent exchanges; a standalone question passes through unchanged. `namedMeetingId`
 * is the meeting the new question names itself (那黔江区呢？ after a question on 大观区): the earlier question is then
 * asked of that meeting instead.
 */
export function resolveFollowUp(question: string, history: Exchange[] = [], namedMeetingId?: string): FollowUp {
  const last = history.at(-1);
  const normalized = normalizeText(question);
  // A short question with topic words of its own (黔江经济怎么样？) stands alone; 为什么？ or 具体呢？ leans on history.
  const leansOnHistory =
    ANAPHORA.test(normalized) || (normalized.length <= 8 && tokenizeWords(normalized).length === 0);
  if (!last || !leansOnHistory) return { query: question };
  const ordinalText = normalized.match(ORDINAL)?.[1];
  const ordinal = ordinalText ? (NUMERALS[ordinalText] ?? Number(ordinalText)) : undefined;
  const meetingId = namedMeetingId ?? last.answer.citations[0]?.meeting.id;
  return {
    query: `${last.question} ${question}`,
    ...(meetingId ? { meetingId } : {}),
    ...(ordinal && Number.isFinite(ordinal) ? { ordinal } : {}),
  };
}
