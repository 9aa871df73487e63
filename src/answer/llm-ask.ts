import type { Meeting } from '../corpus/meeting.js';
import { toScript } from '../corpus/script.js';
import { UpstreamError } from '../errors.js';
import type { Logger } from '../logger.js';
import type { ChatModel } from '../providers/types.js';
import type { Passage } from '../search/retriever.js';
import { toCitations } from './citations.js';
import { type ReplyLanguage, say, scriptOf } from './language.js';
import { answerWithLlm } from './llm-answer.js';
import { droppedNote, fallbackNote } from './notes.js';
import { meetingsNamedIn } from './place-names.js';
import type { Answer, AskOptions } from './types.js';

type NamedMeeting = Pick<Meeting, 'id' | 'number' | 'title' | 'place'>;

/**
 * The honest "not in these meetings" answer, naming the closest meetings (for a non-Chinese question, first those
 * whose district it names in pinyin, from `meetings`); no citations.
 */
export function abstain(
  question: string,
  passages: Passage[],
  language: ReplyLanguage,
  mode: Answer['mode'],
  meetings: readonly NamedMeeting[] = [],
): Answer {
  const named = language === 'en' ? meetingsNamedIn(question, meetings) : [];
  const candidates = [...named, ...passages.map((p) => p.meeting)];
  const closest = [...new Map(candidates.map((m) => [m.id, m])).values()].slice(0, Math.max(2, named.length));
  const list = closest.map((m) => `#${m.number}《${m.title}》`).join('、');
  const answer = say(
    language,
    `这些会议记录中没有找到与这个问题相关的内容。${list ? `最接近的会议：${list}。` : ''}`,
    named.length > 0
      ? `Offline search matches Chinese wording only, so this English question cannot be answered here. The meeting(s) it names: ${list}; try asking in Chinese, or /summary ${named[0]?.number}.`
      : `The meeting reports do not cover this.${list ? ` Closest meetings: ${list}.` : ''}${
          language === 'en' ? ' (Offline search matches Chinese wording; try asking in Chinese.)' : ''
        }`,
  );
  return { question, answer, mode, found: false, citations: [] };
}

function verifiedNote(removedCitations: number, droppedSentences: number, language: ReplyLanguage): string | undefined {
  if (droppedSentences > 0) return droppedNote(droppedSentences, language);
  if (removedCitations === 0) return undefined;
  return say(
    language,
    `已删除 ${removedCitations} 处无法与原文核实的引用。`,
    `Removed ${removedCitations} citation(s) the sources do not support.`,
  );
}

/**
 * Answers with the LLM, showing only sentences their cited passages support (drafts too, through
 * `options.onDraft`), or says why to fall back to quotes (`fallbackNote`): the model failed, cut its reply short or
 * echoed the prompt (UpstreamError), or no sentence survived verification. Other errors propagate.
 */
export async function askLlm(
  { chat, logger, stream }: { chat: ChatModel; logger: Logger; stream: boolean },
  question: string,
  passages: Passage[],
  options: AskOptions,
  language: ReplyLanguage,
): Promise<Answer | { fallbackNote: string }> {
  const script = scriptOf(language);
  const onDraft = options.onDraft;
  try {
    const outcome = await answerWithLlm(chat, question, passages, options.history ?? [], {
      stream,
      onDraft: onDraft && ((draft) => onDraft(toScript(draft, script))),
    });
    if (outcome.kind === 'not-found') return abstain(question, passages, language, 'llm');
    if (outcome.kind === 'answer') {
      const note = verifiedNote(outcome.removedCitations, outcome.droppedSentences, language);
      return {
        question,
        // Models drift into simplified script; a traditional question still gets a traditional answer.
        answer: toScript(outcome.text, script),
        mode: 'llm',
        found: true,
        ...(note ? { note } : {}),
        citations: toCitations(outcome.sources),
      };
    }
    logger.warn('LLM answer had no sentence its sources support; falling back to extractive', {
      question: question.slice(0, 80),
      droppedSentences: outcome.droppedSentences,
    });
    return { fallbackNote: fallbackNote('unsourced', language) };
  } catch (error) {
    if (!(error instanceof UpstreamError)) throw error;
    logger.warn(`LLM failed (${error.reason}); falling back to extractive answer`, { error });
    return { fallbackNote: fallbackNote(error.reason, language) };
  }
}
