import { toCitations, toMeetingInfo } from './answer/citations.js';
import { searchQueryFor } from './answer/cross-lingual.js';
import { answerExtractively, answerItem } from './answer/extractive.js';
import { resolveFollowUp } from './answer/follow-up.js';
import { detectReplyLanguage, type ReplyLanguage } from './answer/language.js';
import { abstain, askLlm } from './answer/llm-ask.js';
import { isQuestionTooLong, MAX_QUESTION_CHARS, questionLength } from './answer/question-length.js';
import { createMeetingResolver } from './answer/resolve-meeting.js';
import { screenMeeting, screenPassages } from './answer/screen.js';
import { createSummarizer } from './answer/summarize.js';
import type { Answer, AskOptions, Assistant, ParagraphView } from './answer/types.js';
import type { Meeting } from './corpus/meeting.js';
import { detectScript, isMostlyHan } from './corpus/script.js';
import { InvalidQuestionError } from './errors.js';
import type { Logger } from './logger.js';
import type { ChatModel } from './providers/types.js';
import type { SearchIndex } from './search/index-store.js';
import type { Passage, Retriever } from './search/retriever.js';

/** Longest question accepted, in code points (the rule lives in answer/question-length.ts, shared with adapters). */
export { MAX_QUESTION_CHARS } from './answer/question-length.js';
/** A question is answered only when some retrieved paragraph covers at least this share of its weighted words. */
export const COVERAGE_THRESHOLD = 0.35;

export interface AssistantDeps {
  index: SearchIndex;
  retriever: Retriever;
  logger: Logger;
  /** Chat model for LLM mode; without it answers are extractive. */
  chat?: ChatModel;
  /** Stream LLM replies. */
  stream?: boolean;
  /** Where LLM summaries are cached (usually the index folder). */
  summaryCacheDir?: string;
  /** Paragraphs retrieved per question. */
  topK?: number;
}

/** Creates the assistant every adapter uses; holds no per-chat state (history is passed in). */
export function createAssistant(deps: AssistantDeps): Assistant {
  const { index, retriever, logger, chat } = deps;
  const byId = new Map(index.meetings.map((m) => [m.id, m]));
  const summarizer = createSummarizer({ chat, logger, cacheDir: deps.summaryCacheDir });

  const resolve = createMeetingResolver(index.meetings);

  function requireMeeting(ref: string): Meeting {
    const meeting = resolve(ref);
    if (meeting) return meeting;
    throw new InvalidQuestionError(
      `no single meeting matches "${ref}"`,
      `找不到唯一匹配“${ref.slice(0, 40)}”的会议。请用 /meetings 查看编号。No single meeting matches; see /meetings for numbers.`,
    );
  }

  function validate(question: string): string {
    const text = question.replace(/\s+/g, ' ').trim();
    if (!text) throw new InvalidQuestionError('empty question', '请输入问题。Please type a question.');
    if (isQuestionTooLong(text)) {
      const length = questionLength(text);
      throw new InvalidQuestionError(
        `question of ${length} characters`,
        `问题太长（${length} 字），上限为 ${MAX_QUESTION_CHARS} 字。Questions are limited to ${MAX_QUESTION_CHARS} characters.`,
      );
    }
    return text;
  }

  /** 第二点 after a list answer: that item of the previously cited paragraphs. */
  function answerOrdinal(
    question: string,
    ordinal: number,
    options: AskOptions,
    language: ReplyLanguage,
  ): Answer | undefined {
    const last = options.history?.at(-1)?.answer;
    for (const citation of last?.citations ?? []) {
      const meeting = byId.get(citation.meeting.id);
      const paragraph = meeting?.paragraphs[citation.paragraph - 1];
      if (!meeting || !paragraph) continue;
      const passage: Passage = {
        meeting,
        paragraph,
        score: 1,
        chunk: { start: 0, end: paragraph.text.length, text: paragraph.text },
        similarity: 1,
        coverage: 1,
      };
      const [screened] = screenPassages([passage]);
      const quoted = screened && answerItem(screened, ordinal, language);
      if (quoted)
        return {
          question,
          answer: quoted.text,
          mode: 'extractive',
          found: true,
          citations: toCitations(quoted.sources),
        };
    }
    return undefined;
  }

  async function ask(rawQuestion: string, options: AskOptions = {}): Promise<Answer> {
    const question = validate(rawQuestion);
    const language = detectReplyLanguage(question);
    const meeting = options.meeting ? requireMeeting(options.meeting) : undefined;
    const followUp = resolveFollowUp(question, options.history);
    const mode: Answer['mode'] = chat ? 'llm' : 'extractive';
    if (followUp.ordinal && !chat) {
      const item = answerOrdinal(question, followUp.ordinal, options, language);
      if (item) return item;
    }
    const meetingId = meeting?.id ?? followUp.meetingId;
    const crossLingual = chat !== undefined && !isMostlyHan(question);
    const query = crossLingual ? await searchQueryFor(chat, question, followUp.query, logger) : followUp.query;
    const retrieved = await retriever.search(query, { k: deps.topK ?? 5, ...(meetingId ? { meetingId } : {}) });
    const passages = screenPassages(retrieved);
    const relevant = passages.some((p) => p.coverage >= COVERAGE_THRESHOLD);
    if (!relevant && !crossLingual) return abstain(question, passages, language, mode, index.meetings);
    let note: string | undefined;
    if (chat) {
      const outcome = await askLlm(
        { chat, logger, stream: deps.stream ?? false },
        question,
        passages,
        options,
        language,
      );
      if ('answer' in outcome) return outcome;
      note = outcome.fallbackNote;
    }
    if (!relevant) {
      return { ...abstain(question, passages, language, 'extractive', index.meetings), ...(note ? { note } : {}) };
    }
    const extractive = answerExtractively(question, passages, language);
    return {
      question,
      answer: extractive.text,
      mode: 'extractive',
      found: true,
      ...(note ? { note } : {}),
      citations: toCitations(extractive.sources),
    };
  }

  return {
    ask,
    async summarize(ref) {
      const meeting = requireMeeting(ref);
      return summarizer.summarize(screenMeeting(meeting), toMeetingInfo(meeting), detectScript(meeting.title));
    },
    meetings: () => index.meetings.map(toMeetingInfo),
    paragraph(meetingId, n): ParagraphView | undefined {
      const meeting = byId.get(meetingId) ?? resolve(meetingId);
      const paragraph = meeting?.paragraphs[n - 1];
      if (!meeting || !paragraph || n < 1) return undefined;
      return {
        meeting: toMeetingInfo(meeting),
        paragraph: n,
        text: paragraph.text,
        hasPrevious: n > 1,
        hasNext: n < meeting.paragraphs.length,
      };
    },
    resolveMeeting: (ref) => {
      const meeting = resolve(ref);
      return meeting ? toMeetingInfo(meeting) : undefined;
    },
  };
}
