import { splitSentences } from '../corpus/chunk.js';
import type { Meeting } from '../corpus/meeting.js';
import { normalizeCached, normalizeText } from '../corpus/script.js';
import type { PeopleRole, QuestionIntent } from './classify.js';
import { type ReplyLanguage, say } from './language.js';
import type { Quote } from './quotes.js';
import { contentWords } from './relevance.js';

/** A people answer: the quotes that say it, and an opening line when the text lacks what was asked. */
export interface PeopleAnswer {
  quotes: Quote[];
  intro?: string;
}

const ROLE_WORDS: Record<Exclude<PeopleRole, 'post' | 'holder'>, RegExp> = {
  host: /主持/u,
  speaker: /讲话|发言/u,
  attendee: /出席|参加/u,
  writer: /撰稿|审核人/u,
};
const POSTED = /^(.*(?:书记|区长|市长|县长|主任|主席|区领导))(\p{Script=Han}{2,3})$/u;
/** What a question says before "what post" (罗军 in 东区讲话的罗军担任什么职务): the name ends it. */
const BEFORE_POST_QUESTION =
  /(\p{Script=Han}{2,}?)(?:同志)?(?:是|担任|的)?(?:什么职务|何职|职务|什么职位|担任什么|什么身份|身份|是什么)/u;
/** A collective word the text puts before names (区领导金玉、洪源源): it gives nobody's post. */
const GENERIC_POST = /区领导$/u;
/** Words any meeting's people sentences say (会议, 领导): they tell no sentence apart. */
const GENERIC_WORD = /会|领导|这次|那次|本次|哪些|人员/u;
/** The posts a holder question asks about (区委书记和区长分别是谁 → 区委书记, 区长), longest first at each place. */
const POST_IN_QUESTION = /区委副书记|区委书记|常务副区长|副区长|区长|书记|主任|主席|市长|县长/gu;

/** Whole sentences, to the full stop: an attendee list runs over `;` (区四套班子全体领导;区委办…主任;…出席会议). */
function wholeSentences(text: string): string[] {
  return text.split(/(?<=[。！？!?])/u).filter((sentence) => sentence.trim().length > 0);
}

/** Sentences of the meetings whose normalized text passes `test`, first ones first, with their paragraph. */
function sentencesWhere(
  meetings: readonly Meeting[],
  test: (normalized: string) => boolean,
  split: (text: string) => string[] = splitSentences,
): Quote[] {
  return meetings.flatMap((meeting) =>
    meeting.paragraphs.flatMap((paragraph) =>
      split(paragraph.text)
        .filter((text) => test(normalizeCached(text)))
        .map((text) => ({ meeting, paragraph, text: text.trim() })),
    ),
  );
}

/** Posts and names the text gives (区委副书记、区长 + 骆高燕), normalized. */
function postedPeople(meeting: Meeting): { post: string; name: string }[] {
  return meeting.people.flatMap((entry) => {
    const match = normalizeText(entry).match(POSTED);
    return match?.[1] && match[2] ? [{ post: match[1], name: match[2] }] : [];
  });
}

/** Names of the people the meetings' text gives (骆高燕, 罗军), normalized. */
function namesIn(meetings: readonly Meeting[]): string[] {
  return meetings.flatMap((meeting) =>
    meeting.people.map((entry) => {
      const normalized = normalizeText(entry);
      return normalized.match(POSTED)?.[2] ?? normalized;
    }),
  );
}

/** A sentence listing those who attended by post or unit (…领导;…主任;…负责人出席会议). */
const LISTED_ATTENDEES = /(?:领导|书记|主任|负责人|代表|成员)[^。]*?(?:出席|参加)/u;

/** A question that points at a person by pronoun (他是什么职务？ after 谁部署的？). */
const PRONOUN = /^(?:他|她|此人|这位(?:领导)?|该领导)/u;

/** What a role question asks, for "the reports do not say who …". */
const ROLE_ASKED: Record<keyof typeof ROLE_WORDS, [string, string]> = {
  host: ['主持会议的是谁', 'who chaired the meeting'],
  speaker: ['讲话的是谁', 'who spoke'],
  attendee: ['出席的有谁', 'who attended'],
  writer: ['撰稿人是谁', 'who wrote the report'],
};

/**
 * The sentences that say the role, in text order; when some say the question's own `words` (人大 and 政协 of
 * 人大和政协是谁出席的), only those that say the most; at most two.
 */
function byRole(
  role: keyof typeof ROLE_WORDS,
  meetings: readonly Meeting[],
  language: ReplyLanguage,
  words: readonly string[] = [],
): PeopleAnswer | undefined {
  const said = (quote: Quote) => words.filter((word) => normalizeText(quote.text).includes(word)).length;
  const split = role === 'attendee' ? wholeSentences : splitSentences;
  const quotes = sentencesWhere(meetings, (text) => ROLE_WORDS[role].test(text), split)
    .map((quote, at) => ({ quote, at, score: said(quote) }))
    .sort((a, b) => b.score - a.score || a.at - b.at)
    .filter((entry, _, [best]) => entry.score === best?.score || !best?.score)
    .slice(0, 2)
    .map(({ quote }) => quote);
  if (quotes.length === 0) return undefined;
  const names = namesIn(meetings);
  // Sentences that say 讲话 but name nobody (几位分管领导…作了发言) do not say who.
  if (quotes.some((quote) => names.some((name) => normalizeText(quote.text).includes(name)))) return { quotes };
  // Those attending are often listed by post and unit (区四套班子全体领导;各街道党工委书记…出席会议): that says who.
  if (role === 'attendee' && quotes.some((quote) => LISTED_ATTENDEES.test(normalizeText(quote.text)))) {
    return { quotes };
  }
  const [zh, en] = ROLE_ASKED[role];
  return {
    quotes,
    intro: say(language, `会议报告没有提到${zh}。相关内容：`, `The reports do not say ${en}. What they say: `),
  };
}

/**
 * The person a post question asks about: the longest tail (4, 3 or 2 characters) of the words before "what post"
 * that the meetings' text contains, so 东区讲话的罗军 gives 罗军.
 */
function nameInQuestion(normalized: string, meetings: readonly Meeting[]): string | undefined {
  if (PRONOUN.test(normalized)) {
    const named = namesIn(meetings).filter((name) => name.length >= 2 && normalized.includes(name));
    if (named.length === 0) return undefined;
  }
  // A name the text gives a person (徐伟南 of 徐伟南在钟楼区担任什么职务) beats a guess from the words before.
  const known = namesIn(meetings)
    .filter((name) => name.length >= 2 && normalized.includes(name))
    .sort((a, b) => b.length - a.length)[0];
  if (known) return known;
  const before = normalized.match(BEFORE_POST_QUESTION)?.[1];
  if (!before) return undefined;
  const said = (name: string) =>
    meetings.some((meeting) => meeting.paragraphs.some((p) => normalizeCached(p.text).includes(name)));
  for (const length of [4, 3, 2]) {
    const name = before.slice(-length);
    if (name.length === length && !/^[的是在上了]/u.test(name) && said(name)) return name;
  }
  return before.length <= 4 ? before : undefined;
}

/**
 * The person a pronoun question points at: of the names the meetings give, the one the `context` (the best passage,
 * found with the previous question) says first. Undefined when the question names nobody by pronoun.
 */
function referent(normalized: string, meetings: readonly Meeting[], context: string): string | undefined {
  if (!PRONOUN.test(normalized) || !context) return undefined;
  const text = normalizeText(context);
  return namesIn(meetings)
    .filter((name) => name.length >= 2 && text.includes(name))
    .sort((a, b) => text.indexOf(a) - text.indexOf(b))[0];
}

function postOf(name: string, meetings: readonly Meeting[], language: ReplyLanguage): PeopleAnswer | undefined {
  for (const meeting of meetings) {
    const person = postedPeople(meeting).find((p) => p.name === name && !GENERIC_POST.test(p.post));
    if (!person) continue;
    const quotes = sentencesWhere([meeting], (text) => text.includes(`${person.post}${name}`)).slice(0, 1);
    if (quotes.length > 0) return { quotes };
  }
  // The sentences about the person (金玉在讲话中…) before those that only list them among others.
  const mentions = sentencesWhere(meetings, (text) => text.includes(name))
    .map((quote, at) => ({ quote, at, leads: normalizeText(quote.text).startsWith(name) }))
    .sort((a, b) => Number(b.leads) - Number(a.leads) || a.at - b.at)
    .slice(0, 2)
    .map(({ quote }) => quote);
  if (mentions.length === 0) return undefined;
  return {
    quotes: mentions,
    intro: say(
      language,
      `会议报告没有提到${name}的职务。相关内容：`,
      `The reports do not give ${name}'s post. What they say: `,
    ),
  };
}

function holderOf(post: string, meetings: readonly Meeting[], language: ReplyLanguage): PeopleAnswer | undefined {
  for (const meeting of meetings) {
    const person = postedPeople(meeting).find((p) => p.post.endsWith(post));
    if (!person) continue;
    const quotes = sentencesWhere([meeting], (text) => text.includes(`${person.post}${person.name}`)).slice(0, 1);
    if (quotes.length > 0) return { quotes };
  }
  const mentions = sentencesWhere(meetings, (text) => text.includes(post)).slice(0, 1);
  return {
    quotes: mentions,
    intro: say(language, `会议报告没有提到${post}是谁。`, `The reports do not say who the ${post} is.`),
  };
}

/**
 * Answers 谁主持/谁讲话/谁出席/谁撰稿, 某某是什么职务 and 某区区长是谁 from the meetings in scope: the sentence that
 * says it (checked against the people the text names with their posts), or "the reports do not say" and what they
 * do say. Undefined when the text has nothing on it (then the question is answered as a plain fact).
 */
export function composePeople(
  intent: QuestionIntent,
  question: string,
  meetings: readonly Meeting[],
  language: ReplyLanguage,
  context = '',
): PeopleAnswer | undefined {
  const normalized = normalizeText(question);
  const role = intent.role;
  if (!role) return undefined;
  if (role === 'post') {
    const name = nameInQuestion(normalized, meetings) ?? referent(normalized, meetings, context);
    return name ? postOf(name, meetings, language) : undefined;
  }
  if (role === 'holder') {
    // Each post asked (区委书记和区长分别是谁), in the question's order; one "not said" line is enough.
    const answers = [...new Set(normalized.match(POST_IN_QUESTION) ?? [])]
      .map((post) => holderOf(post, meetings, language))
      .filter((answer): answer is PeopleAnswer => answer !== undefined);
    const said = answers.filter((answer) => !answer.intro);
    if (said.length === 0) return answers[0];
    return { quotes: said.flatMap((answer) => answer.quotes) };
  }
  // The question's words other than the role's own and the meetings' places (人大, 政协 of 人大和政协是谁出席的).
  const places = meetings.map((meeting) => normalizeText(`${meeting.title} ${meeting.place}`)).join(' ');
  const words = contentWords(normalized).filter(
    (word) => word.length >= 2 && !ROLE_WORDS[role].test(word) && !GENERIC_WORD.test(word) && !places.includes(word),
  );
  return byRole(role, meetings, language, words);
}
