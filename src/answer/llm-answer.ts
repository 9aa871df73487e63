import type { ChatModel } from '../providers/types.js';
import type { Passage } from '../search/retriever.js';
import { buildAnswerMessages, NOT_FOUND_MARKER } from './prompts.js';
import type { Exchange } from './types.js';
import { verifyReply } from './verify.js';

/** The checked outcome of an LLM answer. */
export type LlmOutcome =
  | { kind: 'answer'; text: string; sources: Passage[]; removedCitations: number; uncheckedSentences: number }
  | { kind: 'not-found'; text: string }
  | { kind: 'unsourced'; text: string };

/** Asks the model with numbered passages, then verifies and renumbers its citations. Throws UpstreamError on failure. */
export async function answerWithLlm(
  chat: ChatModel,
  question: string,
  passages: Passage[],
  history: Exchange[],
  stream: boolean,
  onText?: (textSoFar: string) => void,
): Promise<LlmOutcome> {
  const reply = (
    await chat.complete(buildAnswerMessages(question, passages, history), { stream, ...(onText ? { onText } : {}) })
  ).trim();
  if (reply.startsWith(NOT_FOUND_MARKER) || (reply.includes(NOT_FOUND_MARKER) && !/\[\d+\]/.test(reply))) {
    return { kind: 'not-found', text: reply.replace(NOT_FOUND_MARKER, '').trim() };
  }
  const verified = verifyReply(
    reply,
    passages.map((passage) => passage.paragraph.text),
  );
  if (verified.sources.length === 0) return { kind: 'unsourced', text: verified.text };
  return {
    kind: 'answer',
    text: verified.text,
    sources: verified.sources.map((n) => passages[n - 1]).filter((p): p is Passage => p !== undefined),
    removedCitations: verified.dangling + verified.unsupported,
    uncheckedSentences: verified.unchecked,
  };
}
