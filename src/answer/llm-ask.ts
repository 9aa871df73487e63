import { toScript } from '../corpus/script.js';
import { UpstreamError } from '../errors.js';
import type { Logger } from '../logger.js';
import type { ChatModel } from '../providers/types.js';
import type { Passage } from '../search/retriever.js';
import { toCitations } from './citations.js';
import { type ReplyLanguage, say, scriptOf } from './language.js';
import { answerWithLlm } from './llm-answer.js';
import { fallbackNote } from './notes.js';
import type { Answer, AskOptions } from './types.js';

/** The honest "not in these meetings" answer, naming the closest meetings; no citations. */
export function abstain(question: string, passages: Passage[], language: ReplyLanguage, mode: Answer['mode']): Answer {
  const closest = [...new Map(passages.map((p) => [p.meeting.id, p.meeting])).values()].slice(0, 2);
  const list = closest.map((m) => `#${m.number}《${m.title}》`).join('、');
  const answer = say(
    language,
    `这些会议记录中没有找到与这个问题相关的内容。${list ? `最接近的会议：${list}。` : ''}`,
    `The meeting reports do not cover this.${list ? ` Closest meetings: ${list}.` : ''}${
      language === 'en' ? ' (Offline search matches Chinese wording; try asking in Chinese.)' : ''
    }`,
  );
  return { question, answer, mode, found: false, citations: [] };
}

/**
 * Answers with the LLM and checked citations, or says why to fall back to quotes (`fallbackNote`): the model failed
 * (UpstreamError) or none of its citations survived verification. Other errors propagate.
 */
export async function askLlm(
  { chat, logger, stream }: { chat: ChatModel; logger: Logger; stream: boolean },
  question: string,
  passages: Passage[],
  options: AskOptions,
  language: ReplyLanguage,
): Promise<Answer | { fallbackNote: string }> {
  try {
    const outcome = await answerWithLlm(chat, question, passages, options.history ?? [], stream, options.onPartial);
    if (outcome.kind === 'not-found') {
      const declined = abstain(question, passages, language, 'llm');
      return outcome.text ? { ...declined, answer: outcome.text } : declined;
    }
    if (outcome.kind === 'answer') {
      const removed = outcome.removedCitations;
      const note =
        removed > 0
          ? say(
              language,
              `已删除 ${removed} 处无法与原文核实的引用。`,
              `Removed ${removed} citation(s) the sources do not support.`,
            )
          : undefined;
      return {
        question,
        // Models drift into simplified script; a traditional question still gets a traditional answer.
        answer: toScript(outcome.text, scriptOf(language)),
        mode: 'llm',
        found: true,
        ...(note ? { note } : {}),
        citations: toCitations(outcome.sources),
      };
    }
    logger.warn('LLM answer cited nothing verifiable; falling back to extractive', { question: question.slice(0, 80) });
    return { fallbackNote: fallbackNote('unsourced', language) };
  } catch (error) {
    if (!(error instanceof UpstreamError)) throw error;
    logger.warn(`LLM failed (${error.reason}); falling back to extractive answer`, { error });
    return { fallbackNote: fallbackNote(error.reason, language) };
  }
}
