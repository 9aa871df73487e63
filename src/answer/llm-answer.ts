import { UpstreamError } from '../errors.js';
import { failureUserMessage } from '../providers/failure-messages.js';
import type { ChatModel } from '../providers/types.js';
import type { Passage } from '../search/retriever.js';
import { buildAnswerMessages, echoesPrompt, NOT_FOUND_MARKER } from './prompts.js';
import type { Exchange } from './types.js';
import { verifyDraft, verifyReply } from './verify.js';

/** The checked outcome of an LLM answer: only supported sentences, or why there is nothing to show. */
export type LlmOutcome =
  | { kind: 'answer'; text: string; sources: Passage[]; removedCitations: number; droppedSentences: number }
  | { kind: 'not-found' }
  | { kind: 'unsourced'; droppedSentences: number };

/** How to call the model for one answer. */
export interface LlmAnswerOptions {
  stream: boolean;
  /** While streaming, called with the verified complete sentences so far (never an unverified one). */
  onDraft?: ((draft: string) => void) | undefined;
}

function withoutMarker(reply: string): string {
  return reply.split(NOT_FOUND_MARKER).join('').trim();
}

/**
 * Asks the model with numbered passages, then keeps only the sentences their cited passages support, renumbered.
 * Throws UpstreamError when the call fails, the reply is cut short, or it echoes our instructions.
 */
export async function answerWithLlm(
  chat: ChatModel,
  question: string,
  passages: Passage[],
  history: Exchange[],
  { stream, onDraft }: LlmAnswerOptions,
): Promise<LlmOutcome> {
  const texts = passages.map((passage) => passage.paragraph.text);
  let shown = '';
  const onText = (soFar: string) => {
    const draft = verifyDraft(withoutMarker(soFar), texts).text;
    if (draft === '' || draft === shown) return;
    shown = draft;
    try {
      onDraft?.(draft);
    } catch {
      // A display that fails must not cost the answer; the final answer is shown anyway.
    }
  };
  const messages = buildAnswerMessages(question, passages, history);
  const reply = (await chat.complete(messages, { stream, ...(stream && onDraft ? { onText } : {}) })).trim();
  if (echoesPrompt(reply)) {
    throw new UpstreamError(
      'the chat reply echoes the system prompt',
      failureUserMessage('bad-response', 'chat'),
      'bad-response',
    );
  }
  // Whatever the model writes, after [NOT_FOUND] too, is its word, not the meetings': only supported sentences stay.
  const verified = verifyReply(withoutMarker(reply), texts);
  if (reply.startsWith(NOT_FOUND_MARKER) || (reply.includes(NOT_FOUND_MARKER) && verified.sources.length === 0)) {
    return { kind: 'not-found' };
  }
  if (verified.sources.length === 0) return { kind: 'unsourced', droppedSentences: verified.droppedSentences };
  return {
    kind: 'answer',
    text: verified.text,
    sources: verified.sources.map((n) => passages[n - 1]).filter((p): p is Passage => p !== undefined),
    removedCitations: verified.dangling + verified.unsupported,
    droppedSentences: verified.droppedSentences,
  };
}
