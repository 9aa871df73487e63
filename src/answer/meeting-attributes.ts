import { splitClauses } from '../corpus/chunk.js';
import type { Meeting } from '../corpus/meeting.js';
import { normalizeCached, normalizeText } from '../corpus/script.js';
import { isHeadline } from './across-quotes.js';
import { type ReplyLanguage, say } from './language.js';
import type { Quote } from './quotes.js';

/**
 * What a question about the meetings themselves asks of each one: when it was held, who chaired it, who spoke, its
 * district, what kind of meeting it was (its name), or who held a post (`post`, e.g. 区委书记).
 */
export type MeetingAttribute =
  | { kind: 'date' }
  | { kind: 'host' }
  | { kind: 'speaker' }
  | { kind: 'district' }
  | { kind: 'name' }
  | { kind: 'holder'; post: string };

const DATE = /哪天|哪一天|什么时候|何时|几月|几号|日期|时段|什么时间|召开时间|开会时间/u;
const HOST = /主持人|谁主持|由谁主持|主持(?:会议)?的(?:是谁|人|领导)/u;
const SPEAKER =
  /谁(?:讲话|发言|作了?讲话|讲的话|作的讲话)|(?:讲话|发言)(?:的是谁|人|的(?:领导|人))|哪(?:位|些)领导(?:讲话|发言|作了?讲话)|由(?:谁|哪位领导)(?:讲话|发言)/u;
const DISTRICT = /哪个区|哪区|什么区|哪个地区|哪些区|区名|哪几个区/u;
const NAME = /性质|什么会|哪种会|哪类会|类型|名称|叫什么|会议名/u;
const POST = /区委副书记|区委书记|常务副区长|副区长|区长|县委书记|县长|市委书记|市长/u;
/** A post asked for its holders (哪几位区委书记, 区长分别是谁), not named as the topic (区长讲了什么). */
const ASKS_HOLDER = /哪几位|哪些|几位|是谁|分别是|叫什么|姓名|名字/u;

/** The words of an attribute question that only say which attribute it asks (时段, 主持人, 区名, 性质). */
export const ATTRIBUTE_WORDS = [
  '时段',
  '时间',
  '召开时间',
  '主持人',
  '区名',
  '区域',
  '性质',
  '类型',
  '名称',
  '会议名称',
  '哪种',
  '哪类',
];

/** The words of a question that ask for each attribute (由谁主持 → 主持), removed before reading its topic. */
const ASKING_PHRASES: Record<MeetingAttribute['kind'], RegExp> = {
  date: new RegExp(`${DATE.source}|召开|开会|开的会|是在`, 'gu'),
  host: /主持人|主持/gu,
  speaker: /讲话人|发言人|讲的话|讲话|发言|哪位领导|哪些领导|领导/gu,
  district: new RegExp(DISTRICT.source, 'gu'),
  name: new RegExp(NAME.source, 'gu'),
  holder: new RegExp(`${POST.source}|${ASKS_HOLDER.source}`, 'gu'),
};

/** The question without the words that ask for the attribute, so that what remains is any topic it also names. */
export function withoutAttribute(question: string, attribute: MeetingAttribute | undefined): string {
  return attribute ? normalizeText(question).replace(ASKING_PHRASES[attribute.kind], ' ') : question;
}

/** The meeting attribute a question asks for, if its wording asks one (most specific first). */
export function askedAttribute(question: string): MeetingAttribute | undefined {
  const normalized = normalizeText(question);
  if (HOST.test(normalized)) return { kind: 'host' };
  if (SPEAKER.test(normalized)) return { kind: 'speaker' };
  const post = normalized.match(POST)?.[0];
  if (post && ASKS_HOLDER.test(normalized)) return { kind: 'holder', post };
  if (DATE.test(normalized)) return { kind: 'date' };
  if (DISTRICT.test(normalized)) return { kind: 'district' };
  if (NAME.test(normalized)) return { kind: 'name' };
  return undefined;
}

const DATE_IN_TEXT = /\d{1,2}月\d{1,2}日/u;
/** A sentence that names the meeting it reports (今天,我们召开…会议; …活动举行; 在…大会上强调). */
const MEETING_NAMED = /召开|举行|会议|大会/u;
const CHAIRED = /主持/u;
/** A sentence saying someone spoke (骆高燕出席会议并讲话; 罗军说; 徐伟南指出). */
const SPOKE = /讲话|发言|强调|指出|表示|说/u;
/** Posts as the metadata gives them before a name (区委副书记、区长骆高燕 → 区委副书记、区长). */
const POSTED = /^(.*(?:书记|区长|市长|县长|主任|主席))(\p{Script=Han}{2,3})$/u;

/** The people of a meeting with the post the text gives them, normalized (区委书记 + 潘功发). */
function postedPeople(meeting: Meeting): { post: string; name: string }[] {
  return meeting.people.flatMap((entry) => {
    const match = normalizeText(entry).match(POSTED);
    return match?.[1] && match[2] ? [{ post: match[1], name: match[2] }] : [];
  });
}

/** The first sentence that passes `test`, a reporting sentence before a headline (or title) that also does. */
function firstSentence(meeting: Meeting, test: (normalized: string) => boolean): Quote | undefined {
  let headline: Quote | undefined;
  for (const paragraph of meeting.paragraphs) {
    for (const sentence of splitClauses(paragraph.text)) {
      const text = sentence.trim();
      if (!test(normalizeCached(text))) continue;
      if (!isHeadline(text)) return { meeting, paragraph, text };
      headline ??= { meeting, paragraph, text };
    }
  }
  return headline;
}

/** The named people of a meeting (as the metadata finds them), normalized: a chair is one of them. */
function namesOf(meeting: Meeting): string[] {
  return meeting.people.map((entry) => {
    const normalized = normalizeText(entry);
    return normalized.match(POSTED)?.[2] ?? normalized.replace(/^区领导/u, '');
  });
}

function findQuote(meeting: Meeting, attribute: MeetingAttribute): Quote | undefined {
  switch (attribute.kind) {
    case 'date':
      return firstSentence(meeting, (text) => DATE_IN_TEXT.test(text));
    case 'speaker': {
      const names = namesOf(meeting);
      return firstSentence(meeting, (text) => SPOKE.test(text) && names.some((name) => text.includes(name)));
    }
    case 'host': {
      const names = namesOf(meeting);
      return firstSentence(meeting, (text) => CHAIRED.test(text) && names.some((name) => text.includes(name)));
    }
    case 'district': {
      const place = normalizeText(meeting.place).replace(/[^\p{Script=Han}]/gu, '');
      // A meeting whose text names no district is still named by its opening (which says what it was).
      return firstSentence(meeting, (text) => (place ? text.includes(place) : MEETING_NAMED.test(text)));
    }
    case 'name':
      return firstSentence(meeting, (text) => MEETING_NAMED.test(text));
    case 'holder': {
      const holders = postedPeople(meeting).filter((person) => person.post.endsWith(attribute.post));
      return firstSentence(meeting, (text) => holders.some((p) => text.includes(`${attribute.post}${p.name}`)));
    }
  }
}

const quoteCache = new WeakMap<Meeting, Map<string, Quote | null>>();

/**
 * The sentence of a meeting that gives the attribute: the first dated sentence, the first saying who chaired or spoke
 * (with a name the text gives), the first naming its district or the meeting, the first naming the post's holder.
 * Undefined when the meeting does not say it. Cached per meeting object.
 */
export function attributeQuote(meeting: Meeting, attribute: MeetingAttribute): Quote | undefined {
  const key = attribute.kind === 'holder' ? `holder:${attribute.post}` : attribute.kind;
  let cache = quoteCache.get(meeting);
  if (!cache) {
    cache = new Map();
    quoteCache.set(meeting, cache);
  }
  if (!cache.has(key)) cache.set(key, findQuote(meeting, attribute) ?? null);
  return cache.get(key) ?? undefined;
}

function list(meetings: readonly Meeting[]): string {
  return meetings.map((m) => `#${m.number}`).join('、');
}

/** The closing line naming the meetings whose reports do not give the attribute. */
export function attributeOutro(
  attribute: MeetingAttribute,
  silent: readonly Meeting[],
  language: ReplyLanguage,
): string {
  const which = list(silent);
  switch (attribute.kind) {
    case 'date':
      return say(language, `${which} 的报告没有写明日期。`, `The reports of ${which} give no date.`);
    case 'host':
      return say(language, `${which} 的报告没有写明主持人。`, `The reports of ${which} do not say who chaired.`);
    case 'speaker':
      return say(language, `${which} 的报告没有写明讲话人。`, `The reports of ${which} do not say who spoke.`);
    case 'holder':
      return say(
        language,
        `${which} 的报告没有提到${attribute.post}。`,
        `The reports of ${which} do not name the ${attribute.post}.`,
      );
    default:
      return say(language, `其他会议（${which}）没有提到。`, `The other meetings (${which}) do not mention it.`);
  }
}
