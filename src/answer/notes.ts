import { describeFailure, type FailureReason } from '../providers/failure-messages.js';
import { type ReplyLanguage, say } from './language.js';

/** Why an answer fell back to quotes: the model call failed, or its reply could not be checked against the sources. */
export type FallbackReason = FailureReason | 'unsourced';

const UNSOURCED = {
  zh: '语言模型的回答无法与原文核实',
  en: "the language model's answer could not be checked against the sources",
};

/** One line telling the reader why an answer fell back to quotes from the meetings. */
export function fallbackNote(reason: FallbackReason, language: ReplyLanguage): string {
  const { zh, en } = reason === 'unsourced' ? UNSOURCED : describeFailure(reason);
  return say(
    language,
    `${zh}，以下为会议原文摘录。`,
    `${en[0]?.toUpperCase()}${en.slice(1)}; showing quotes from the meetings instead.`,
  );
}

/** One line saying how many sentences of an LLM reply were left out because the sources do not support them. */
export function droppedNote(dropped: number, language: ReplyLanguage): string {
  return say(
    language,
    `已删去 ${dropped} 句无法与会议原文核实的内容。`,
    `Left out ${dropped} sentence(s) the meeting reports do not support.`,
  );
}
