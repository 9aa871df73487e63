import { normalizeText } from '../corpus/script.js';
import { tokenizeWords } from '../search/tokenize.js';
import { NUMERALS } from './enumerations.js';
import { contentWords } from './relevance.js';
import type { Exchange } from './types.js';

/** How a question is read in the light of the conversation so far. */
export interface FollowUp {
  /** Text to search with (the question, plus the previous question when this one leans on it). */
  query: string;
  /** The meeting the conversation is about, when the question does not name one. */
  meetingId?: string;
  /** An ordinal the question points at (第二点 → 2, 最后一点 → `last`), to pick that item from the previous answer. */
  ordinal?: number | 'last';
  /** The X of 那X呢？: the caller looks beyond `meetingId` when that meeting never mentions X (金玉 of another meeting). */
  subject?: string;
  /** The question asks for more detail on what was just said (具体呢？ 详细说说), nothing new of its own. */
  elaborate?: true;
  /** The question asks for what else there is (还有呢？ 其他呢？), beyond the paragraphs just cited. */
  more?: true;
  /** What a question that narrows the previous answer asks of one of its items (其中招商引资… → 招商引资…). */
  narrowed?: string;
}

/** 其中…, 这其中…, 里面…: a question about one part of what the previous answer listed. */
const NARROWS = /^(?:这其中|其中|这里面|里面|当中)(?:的)?[,，]?/u;

const ANAPHORA =
  /^(?:那|那么|这|这个|这些|它|其|里面|当中|上述|具体|详细|展开|为什么|还有|另外|其他|其它|别的)|第[一二两三四五六七八九十\d]+(?:点|个|条|项|方面)|最后一?(?:点|个|条|项|方面|部分)|具体|详细|^(?:他|她|此人|这位领导)(?=.*(?:职务|身份|职位))/u;
const ORDINAL = /第([一二两三四五六七八九十]|\d+)(?:点|个|条|项|方面)/u;
const LAST = /最后一?(?:点|个|条|项|方面|部分)/u;
/** 那X呢？: the previous question asked again about X. */
const ABOUT_ANOTHER = /^(?:那|那么)(.+?)呢[？?]*$/u;
/** X呢？ without 那, typed short (民生那块呢, 金玉呢): also the previous question about X, when X asks nothing itself. */
const BARE_ABOUT = /^([^谁哪吗么几多怎如何为啥]{1,10}?)呢[？?]*$/u;
/** Words that point at a part of the previous answer (民生那块, 招商这方面), not at a topic. */
const POINTER = /(?:那|这)(?:块|点|部分|方面|个|条|项)$|方面$/u;
/** 具体呢？ 详细说说 展开讲讲 能具体点吗: more of the same, asking nothing new. */
const ELABORATE =
  /^(?:那|那么)?(?:能|可以|请)?(?:再)?(?:说得?|讲得?)?(?:具体|详细|展开|细)(?:一?点|一些|些)?(?:呢|说说|讲讲|说一下|讲一下|谈谈|介绍一下|说|讲)?(?:吗)?[？?。!！]*$/u;
/** 还有呢？ 其他呢？ 还有吗: what else, beyond what was said. */
const MORE = /^(?:那|那么)?(?:还有|其他|其它|别的|另外)(?:的)?(?:呢|吗|什么|哪些|没有)?[？?。!！]*$/u;

/**
 * The previous question asked about `subject` instead (那五个全力以赴呢？ after 五个坚持不懈是哪些？): the subject, then
 * the previous question without its own content words, so its shape (a list of five) stays and its topic goes.
 */
function askAgainAbout(previous: string, subject: string): string {
  const normalized = normalizeText(previous);
  const shape = contentWords(normalized)
    .filter((word) => !subject.includes(word))
    .reduce((text, word) => text.replaceAll(word, ''), normalized);
  return `${subject} ${shape}`;
}

/** The X of 那X呢？ or X呢？, without words that only point at the previous answer (民生那块 → 民生). */
function aboutSubject(normalized: string): string | undefined {
  const subject = (normalized.match(ABOUT_ANOTHER) ?? normalized.match(BARE_ABOUT))?.[1];
  const topic = subject?.replace(POINTER, '');
  return topic || undefined;
}

/** 那 + a question of its own (那金玉讲了什么？): the same meeting, a new subject. */
const NEW_SUBJECT = /^(?:那么|那)(?!.*(?:具体|详细|展开|为什么|还有|呢[？?]*$))(.+)$/u;

/**
 * The question without its leading 那 when it asks about a subject of its own (那金玉讲了什么？ after a question on
 * 潘功发): two content words or more, one of which (two characters or more) the previous question does not say, so
 * the previous question's subject would only mislead the search. Undefined otherwise.
 */
function changedSubject(normalized: string, previous: string): string | undefined {
  const rest = normalized.match(NEW_SUBJECT)?.[1];
  if (!rest) return undefined;
  const words = contentWords(rest);
  const before = normalizeText(previous);
  const fresh = words.some((word) => word.length >= 2 && !before.includes(word));
  return words.length >= 2 && fresh ? rest : undefined;
}

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
    ANAPHORA.test(normalized) ||
    BARE_ABOUT.test(normalized) ||
    (normalized.length <= 8 && tokenizeWords(normalized).length === 0);
  if (!last || !leansOnHistory) return { query: question };
  // 东区三项工作的第二项是什么？ after an answer on 钟楼区: a question of its own about the meeting it names.
  const previousMeeting = last.answer.citations[0]?.meeting.id;
  const movesOn = namedMeetingId !== undefined && previousMeeting !== undefined && namedMeetingId !== previousMeeting;
  if (movesOn && !ABOUT_ANOTHER.test(normalized) && contentWords(normalized).length >= 3)
    return { query: question, meetingId: namedMeetingId };
  const ordinalText = normalized.match(ORDINAL)?.[1];
  const ordinal = ordinalText
    ? (NUMERALS[ordinalText] ?? Number(ordinalText))
    : LAST.test(normalized)
      ? 'last'
      : undefined;
  const meetingId = namedMeetingId ?? last.answer.citations[0]?.meeting.id;
  const scope = meetingId ? { meetingId } : {};
  if (!namedMeetingId && ELABORATE.test(normalized)) return { query: last.question, ...scope, elaborate: true };
  if (!namedMeetingId && MORE.test(normalized)) return { query: last.question, ...scope, more: true };
  // 那X呢？ with words of its own, not a district (那黔江区呢？ is handled by the caller): ask the same of X.
  const subject = aboutSubject(normalized);
  const asksAbout = subject && !namedMeetingId && contentWords(subject).length > 0;
  const changed = ordinal || asksAbout ? undefined : changedSubject(normalized, last.question);
  const rest = normalized.replace(NARROWS, '');
  const narrowed = rest !== normalized && contentWords(rest).length > 0 ? rest : undefined;
  return {
    query: asksAbout ? askAgainAbout(last.question, subject) : (changed ?? `${last.question} ${question}`),
    ...(meetingId ? { meetingId } : {}),
    ...(asksAbout ? { subject } : {}),
    ...(ordinal === 'last' || (ordinal && Number.isFinite(ordinal)) ? { ordinal } : {}),
    ...(narrowed && !ordinal ? { narrowed } : {}),
  };
}
