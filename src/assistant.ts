import { toCitations, toMeetingInfo } from './answer/citations.js';
import { classifyQuestion, namedMeetings, placeKeys, type QuestionIntent } from './answer/classify.js';
import { composeOffline } from './answer/compose.js';
import { composeItem, composeSubItem } from './answer/compose-item.js';
import { composeList } from './answer/compose-list.js';
import { composePattern } from './answer/compose-pattern.js';
import { joinAnswers, partInContext, splitCompound } from './answer/compound.js';
import { searchQueryFor } from './answer/cross-lingual.js';
import { composeElaboration } from './answer/elaborate.js';
import { ordinalOf } from './answer/enumerations.js';
import { resolveFollowUp } from './answer/follow-up.js';
import { asksForParts, composeItemParts, itemNumberOf } from './answer/item-parts.js';
import { detectReplyLanguage, type ReplyLanguage } from './answer/language.js';
import { abstain, askLlm } from './answer/llm-ask.js';
import { formalQuestion } from './answer/question-form.js';
import { isQuestionTooLong, MAX_QUESTION_CHARS, questionLength } from './answer/question-length.js';
import { type ExtractiveAnswer, renderQuotes, type Source } from './answer/quotes.js';
import { COVERAGE_THRESHOLD, contentWords, relevantPassages } from './answer/relevance.js';
import { createMeetingResolver } from './answer/resolve-meeting.js';
import { screenMeeting, screenPassages } from './answer/screen.js';
import { createSummarizer } from './answer/summarize.js';
import type { SummaryCache } from './answer/summary-cache.js';
import type { Answer, AskOptions, Assistant, ParagraphView } from './answer/types.js';
import type { Meeting } from './corpus/meeting.js';
import { detectScript, isMostlyHan, normalizeText } from './corpus/script.js';
import { InvalidQuestionError } from './errors.js';
import type { Logger } from './logger.js';
import type { ChatModel } from './providers/types.js';
import type { Passage, Retriever } from './search/retriever.js';

/** Longest question accepted, in code points (the rule lives in answer/question-length.ts, shared with adapters). */
export { MAX_QUESTION_CHARS } from './answer/question-length.js';

/** Questions across meetings search each meeting on its own up to this many meetings. */
const MAX_MEETINGS_SEARCHED = 12;

export interface AssistantDeps {
  /** Every meeting of the store's snapshot, in id order (`StoreSnapshot.meetings()`). */
  meetings: readonly Meeting[];
  retriever: Retriever;
  logger: Logger;
  /** Chat model for LLM mode; without it answers are extractive. */
  chat?: ChatModel;
  /** Stream LLM replies. */
  stream?: boolean;
  /** Where LLM summaries are cached (usually the index folder). */
  summaryCacheDir?: string;
  /** A shared summary cache (Postgres state for replicas); takes precedence over `summaryCacheDir`. */
  summaryCache?: SummaryCache;
  /** Paragraphs retrieved per question. */
  topK?: number;
}

/** Creates the assistant every adapter uses; holds no per-chat state (history is passed in). */
export function createAssistant(deps: AssistantDeps): Assistant {
  const { retriever, logger, chat } = deps;
  const allMeetings = [...deps.meetings];
  const byId = new Map(allMeetings.map((m) => [m.id, m]));
  const summarizer = createSummarizer({
    chat,
    logger,
    ...(deps.summaryCacheDir ? { cacheDir: deps.summaryCacheDir } : {}),
    ...(deps.summaryCache ? { cache: deps.summaryCache } : {}),
  });

  const resolve = createMeetingResolver(allMeetings);

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

  /** The paragraphs the previous answer quoted (not those it listed as related), as composers may quote them. */
  function citedSources(options: AskOptions): Source[] {
    const cited = (options.history?.at(-1)?.answer.citations ?? []).filter((citation) => !citation.related);
    return cited.flatMap((citation) => {
      const stored = byId.get(citation.meeting.id);
      // Sentences that address the assistant are never quoted, in a follow-up either.
      const meeting = stored && screenMeeting(stored);
      const paragraph = meeting?.paragraphs[citation.paragraph - 1];
      return meeting && paragraph?.text ? [{ meeting, paragraph }] : [];
    });
  }

  /** 第五点具体怎么说的？ asks for the item's own words, not an overview of the list inside it. */
  const ASKS_WORDING = /具体|详细|原话|怎么说|如何说|原文/u;

  /** 第二点 (or 最后一点) after a list answer: that item of the enumeration the previous answer cited. */
  function answerOrdinal(question: string, ordinal: number | 'last', options: AskOptions, language: ReplyLanguage) {
    const sources = citedSources(options);
    const number = ordinal === 'last' ? itemNumberOf(sources, ordinal) : ordinal;
    if (number === undefined) return undefined;
    // 第三点具体有哪几条？ asks for the item's own list; 第三点具体讲了什么？ for what the item says.
    const quotes =
      (asksForParts(formalQuestion(question)) ? composeItemParts(sources, number) : undefined) ??
      composeItem(sources, number, ASKS_WORDING.test(normalizeText(question)));
    return quotes ? found(question, renderQuotes(quotes, language)) : undefined;
  }

  /** 其中… after a list answer: the detail of the one item of that list the question is about. */
  function answerSubItem(question: string, narrowed: string, options: AskOptions, language: ReplyLanguage) {
    const quotes = composeSubItem(citedSources(options), narrowed);
    return quotes ? found(question, renderQuotes(quotes, language)) : undefined;
  }

  /** 具体呢？ after an answer: the rest of the paragraphs it quoted, or the paragraph after them. */
  function answerElaboration(question: string, options: AskOptions, language: ReplyLanguage) {
    const quotes = composeElaboration(citedSources(options), options.history?.at(-1)?.answer.answer ?? '');
    return quotes.length > 0 ? found(question, renderQuotes(quotes, language)) : undefined;
  }

  function found(question: string, extractive: ExtractiveAnswer, note?: string): Answer {
    return {
      question,
      answer: extractive.text,
      mode: 'extractive',
      found: true,
      ...(note ? { note } : {}),
      citations: toCitations(extractive.sources),
    };
  }

  /** Meetings as composers may quote them: sentences that address the assistant cut out (see answer/screen.ts). */
  const screenedMeetings = allMeetings.map(screenMeeting);

  const meetingTexts = new Map(allMeetings.map((m) => [m.id, normalizeText(m.paragraphs.map((p) => p.text).join(''))]));

  /** True when the meeting's text holds a content word of `subject` (or holds no text we know of). */
  function mentions(meetingId: string | undefined, subject: string): boolean {
    const text = meetingId ? meetingTexts.get(meetingId) : undefined;
    return text === undefined || contentWords(subject).some((word) => text.includes(word));
  }

  /** Reads the question once: the follow-up it may be, the meetings it is about, and its kind. */
  function read(question: string, options: AskOptions) {
    const scoped = options.meeting ? requireMeeting(options.meeting) : undefined;
    const meetings = screenedMeetings;
    const named = namedMeetings(question, meetings);
    const followUp = resolveFollowUp(question, options.history, named.length === 1 ? named[0]?.id : undefined);
    // 那金玉呢？ after a question on a meeting that never names 金玉: the earlier question, asked of every meeting.
    const followed =
      followUp.subject && !mentions(followUp.meetingId, followUp.subject) ? undefined : followUp.meetingId;
    const meetingId = scoped?.id ?? followed ?? (named.length === 1 ? named[0]?.id : undefined);
    const stored = meetingId ? byId.get(meetingId) : undefined;
    const meeting = stored && screenMeeting(stored);
    // 那黔江区呢？ after a question on 大观区: the earlier question, asked of the meeting named now.
    const query =
      named.length === 1 && followUp.query !== question
        ? allMeetings
            .filter((m) => m.id !== meetingId)
            .flatMap(placeKeys)
            .reduce((text, key) => text.replaceAll(key, ''), normalizeText(followUp.query))
        : followUp.query;
    const intent = classifyQuestion(query, meetings, meeting ? [meeting] : undefined);
    // 东区三项工作的第二项 after an answer on 钟楼区: the item is of the meeting named now, not of the previous list.
    const previous = options.history?.at(-1)?.answer.citations[0]?.meeting.id;
    const leavesPrevious = named.length === 1 && previous !== undefined && named[0]?.id !== previous;
    return { followUp, meetingId, intent, leavesPrevious };
  }

  /**
   * 区政府讲话的第四部分讲了什么？: on topic when the question names the best passage's meeting by a word of its title
   * and that meeting has a list with the item it points at, although the text never says 讲话 or 部分.
   */
  function pointsAtSection(question: string, intent: QuestionIntent, passages: Passage[]): boolean {
    const ordinal = ordinalOf(normalizeText(question));
    const top = passages[0]?.meeting;
    if (ordinal === undefined || intent.kind !== 'list' || !top) return false;
    const title = normalizeText(top.title);
    if (!contentWords(question).some((word) => word.length >= 2 && title.includes(word))) return false;
    return composeList({ ...intent, named: [top] }, passages, ordinal) !== undefined;
  }

  const searchMeeting = async (query: string, meetingId: string) =>
    screenPassages(await retriever.search(query, { k: 3, meetingId }));

  /** For the LLM across meetings: the best two paragraphs of each meeting (the named ones, else all), best first. */
  async function searchEachMeeting(query: string, named: Meeting[]) {
    const meetings = named.length >= 2 ? named : allMeetings;
    // One search per meeting is affordable for a handful; beyond that the plain top 10 stands in.
    if (meetings.length > MAX_MEETINGS_SEARCHED) return screenPassages(await retriever.search(query, { k: 10 }));
    const found = await Promise.all(meetings.map((m) => retriever.search(query, { k: 2, meetingId: m.id })));
    return screenPassages(found.flat())
      .filter((p) => named.length >= 2 || p.coverage >= COVERAGE_THRESHOLD)
      .sort((a, b) => b.score - a.score);
  }

  /**
   * 是哪个区开的？讲话的是谁？ offline: each part answered on its own, the later parts in the meeting the first part
   * cites unless they name one, and the answers joined.
   */
  async function answerInParts(question: string, parts: string[], options: AskOptions, language: ReplyLanguage) {
    const answers: Answer[] = [];
    for (const [i, part] of parts.entries()) {
      const first = answers[0]?.citations.find((citation) => !citation.related)?.meeting.id;
      const inFirst = first && !options.meeting && namedMeetings(part, screenedMeetings).length === 0;
      const asked = i === 0 ? part : partInContext(part, parts[0] ?? '');
      const answer = await answerOne(asked, inFirst ? { ...options, meeting: first } : options, language);
      answers.push({ ...answer, question: part });
    }
    return joinAnswers(question, answers);
  }

  async function ask(rawQuestion: string, options: AskOptions = {}): Promise<Answer> {
    const question = validate(rawQuestion);
    const language = detectReplyLanguage(question);
    // A model reads a two-part question whole; the extractive composers answer one ask at a time.
    const parts = chat ? [question] : splitCompound(formalQuestion(question), screenedMeetings);
    if (parts.length >= 2) return answerInParts(question, parts, options, language);
    return answerOne(question, options, language);
  }

  async function answerOne(question: string, options: AskOptions, language: ReplyLanguage): Promise<Answer> {
    // Phone-style wording (都有啥, 几场会, Q4) is read as its formal twin; the answer keeps the question as typed.
    const asked = formalQuestion(question);
    const { followUp, meetingId, intent, leavesPrevious } = read(asked, options);
    const mode: Answer['mode'] = chat ? 'llm' : 'extractive';
    if (followUp.ordinal && !chat && !leavesPrevious) {
      const item = answerOrdinal(question, followUp.ordinal, options, language);
      if (item) return item;
    }
    if (followUp.elaborate && !chat) {
      const more = answerElaboration(question, options, language);
      if (more) return more;
    }
    if (followUp.narrowed && !chat && !leavesPrevious) {
      const item = answerSubItem(question, followUp.narrowed, options, language);
      if (item) return item;
    }
    const topK = deps.topK ?? 5;
    const crossLingual = chat !== undefined && !isMostlyHan(question);
    // An English question with an LLM: the model's Chinese search terms are what retrieval can match.
    const query = crossLingual ? await searchQueryFor(chat, question, intent.topic, logger) : intent.topic;
    const retrieved = await retriever.search(query, { k: topK, ...(meetingId ? { meetingId } : {}) });
    // 还有呢？: what the previous answer did not already quote.
    const said = followUp.more
      ? new Set(citedSources(options).map((s) => `${s.meeting.id}#${s.paragraph.n}`))
      : undefined;
    const passages = screenPassages(retrieved).filter((p) => !said?.has(`${p.meeting.id}#${p.paragraph.n}`));
    // Items asked for by a quoted shape (哪几个“以……”) are on topic where a meeting has them, whatever else it says.
    const relevant =
      relevantPassages(query, passages, screenedMeetings).length > 0 ||
      intent.kind === 'across' ||
      composePattern(asked, intent.named, passages) !== undefined ||
      pointsAtSection(asked, intent, passages);
    if (!relevant && !crossLingual) return abstain(question, passages, language, mode, allMeetings);
    let note: string | undefined;
    if (chat) {
      const outcome = await askLlm(
        { chat, logger, stream: deps.stream ?? false },
        question,
        intent.kind === 'across' ? await searchEachMeeting(intent.topic, intent.named) : passages,
        options,
        language,
      );
      if ('answer' in outcome) return outcome;
      note = outcome.fallbackNote;
    }
    if (!relevant) {
      return { ...abstain(question, passages, language, 'extractive', allMeetings), ...(note ? { note } : {}) };
    }
    const extractive = await composeOffline({
      question: asked,
      intent,
      passages,
      meetings: screenedMeetings,
      search: searchMeeting,
      language,
    });
    if (extractive.sources.length === 0)
      return { ...abstain(question, passages, language, 'extractive', allMeetings), ...(note ? { note } : {}) };
    return found(question, extractive, note);
  }

  return {
    ask,
    async summarize(ref) {
      const meeting = requireMeeting(ref);
      return summarizer.summarize(screenMeeting(meeting), toMeetingInfo(meeting), detectScript(meeting.title));
    },
    meetings: () => allMeetings.map(toMeetingInfo),
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
