import { answerExtractively, answerItem } from './answer/extractive.js';
import { resolveFollowUp } from './answer/follow-up.js';
import { detectReplyLanguage, type ReplyLanguage, say } from './answer/language.js';
import { answerWithLlm } from './answer/llm-answer.js';
import { fallbackNote } from './answer/notes.js';
import { createSummarizer } from './answer/summarize.js';
import type {
  Answer,
  AskOptions,
  Assistant,
  Citation,
  MeetingInfo,
  MeetingRef,
  ParagraphView,
} from './answer/types.js';
import type { Meeting } from './corpus/meeting.js';
import { detectScript, isMostlyHan, normalizeText } from './corpus/script.js';
import { InvalidQuestionError, UpstreamError } from './errors.js';
import type { Logger } from './logger.js';
import type { ChatModel } from './providers/types.js';
import type { SearchIndex } from './search/index-store.js';
import type { Passage, Retriever } from './search/retriever.js';

/** Longest question accepted, in characters. */
export const MAX_QUESTION_CHARS = 1000;
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

/** The public facts of a meeting. */
export function toMeetingInfo(meeting: Meeting): MeetingInfo {
  const { id, number, title, date, place, people } = meeting;
  return { id, number, title, date, place, people, paragraphs: meeting.paragraphs.length };
}

function toRef(meeting: Meeting): MeetingRef {
  return { id: meeting.id, number: meeting.number, title: meeting.title, date: meeting.date };
}

/** Numbered citations of the passages, in order. */
export function toCitations(passages: Passage[]): Citation[] {
  return passages.map((p, i) => ({
    n: i + 1,
    meeting: toRef(p.meeting),
    paragraph: p.paragraph.n,
    text: p.paragraph.text,
  }));
}

function abstain(question: string, passages: Passage[], language: ReplyLanguage, mode: Answer['mode']): Answer {
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

/** Creates the assistant every adapter uses; holds no per-chat state (history is passed in). */
export function createAssistant(deps: AssistantDeps): Assistant {
  const { index, retriever, logger, chat } = deps;
  const byId = new Map(index.meetings.map((m) => [m.id, m]));
  const summarizer = createSummarizer({ chat, logger, cacheDir: deps.summaryCacheDir });

  function resolve(ref: string): Meeting | undefined {
    const wanted = ref.trim().replace(/^#/, '');
    if (!wanted) return undefined;
    // `4` is the 4th meeting; `004` (a leading zero) is an id prefix when one id starts with it.
    const byPrefix = index.meetings.filter((m) => m.id.startsWith(wanted));
    if (/^0\d*$/.test(wanted) && byPrefix.length === 1) return byPrefix[0];
    if (/^\d+$/.test(wanted)) return index.meetings[Number(wanted) - 1];
    const exact = byId.get(wanted);
    if (exact) return exact;
    if (byPrefix.length === 1) return byPrefix[0];
    const key = normalizeText(wanted);
    const matches = index.meetings.filter((m) => normalizeText(`${m.title} ${m.place}`).includes(key));
    return matches.length === 1 ? matches[0] : undefined;
  }

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
    if (text.length > MAX_QUESTION_CHARS) {
      throw new InvalidQuestionError(
        `question of ${text.length} characters`,
        `问题太长（${text.length} 字），上限为 ${MAX_QUESTION_CHARS} 字。Questions are limited to ${MAX_QUESTION_CHARS} characters.`,
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
      const quoted = answerItem(passage, ordinal, language);
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
    const passages = await retriever.search(followUp.query, { k: deps.topK ?? 5, ...(meetingId ? { meetingId } : {}) });
    const relevant = passages.some((p) => p.coverage >= COVERAGE_THRESHOLD);
    const crossLingual = chat !== undefined && !isMostlyHan(question);
    if (!relevant && !crossLingual) return abstain(question, passages, language, mode);
    let note: string | undefined;
    if (chat) {
      try {
        const outcome = await answerWithLlm(chat, question, passages, options.history ?? [], deps.stream ?? false);
        if (outcome.kind === 'not-found')
          return {
            ...abstain(question, passages, language, 'llm'),
            answer: outcome.text || abstain(question, passages, language, 'llm').answer,
          };
        if (outcome.kind === 'answer') {
          const removed = outcome.removedCitations;
          const checkNote =
            removed > 0
              ? say(
                  language,
                  `已删除 ${removed} 处无法与原文核实的引用。`,
                  `Removed ${removed} citation(s) that the sources do not support.`,
                )
              : undefined;
          return {
            question,
            answer: outcome.text,
            mode: 'llm',
            found: true,
            ...(checkNote ? { note: checkNote } : {}),
            citations: toCitations(outcome.sources),
          };
        }
        logger.warn('LLM answer cited nothing verifiable; falling back to extractive', {
          question: question.slice(0, 80),
        });
        note = fallbackNote('unsourced', language);
      } catch (error) {
        if (!(error instanceof UpstreamError)) throw error;
        logger.warn(`LLM failed (${error.reason}); falling back to extractive answer`, { error });
        note = fallbackNote(error.reason, language);
      }
    }
    if (!relevant) return { ...abstain(question, passages, language, 'extractive'), ...(note ? { note } : {}) };
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
      return summarizer.summarize(meeting, toMeetingInfo(meeting), detectScript(meeting.title));
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
