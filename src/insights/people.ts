/** People the meetings name: posts, the meetings they appear in, and what they said (指出/强调/要求/主持…). */
import { toSimplified } from '../corpus/script.js';
import { isHeadline, splitSentences, trimPunctuation } from './sentences.js';
import { meetingRef } from './tasks.js';
import type { InsightMeeting, Person, Statement } from './types.js';

const HAN = '\\p{Script=Han}';
/** Posts in these reports, longest first so 区委副书记 wins over 区委书记's prefix. */
const POSTS = [
  '区人大常委会主任',
  '区政协主席',
  '区委副书记',
  '区委书记',
  '常务副区长',
  '副区长',
  '区长',
  '市委副书记',
  '市委书记',
  '副市长',
  '市长',
  '县委副书记',
  '县委书记',
  '副县长',
  '县长',
  '镇党委书记',
  '镇长',
  '区领导',
];
const POST = `(?:${POSTS.join('|')})`;
const NAME_END =
  '(?=主持|在|出席|来|委托|强调|指出|表示|说|讲话|部署|代表|参加|分别|等|同志|书记|[,，、。;；:：(（]|$)';
/** 区委副书记、区长骆高燕: one or more posts joined by 、, then a 2–3 character name. */
const POSTED_NAME = new RegExp(`(${POST}(?:、${POST})*)(${HAN}{2,3}?)${NAME_END}`, 'gu');
/** 区领导金玉、洪源源、汪俊启等出席: a plural post followed by a list of names. */
const LEADER_LIST = new RegExp(`区领导((?:${HAN}{2,3}、)+${HAN}{2,3}?)(?=等|分别|出席)`, 'gu');
const SPEECH = '(?:在讲话中)?(?:指出|强调|要求|表示|说|主持|提出|部署|讲话|总结)';
const SPEAKER = new RegExp(`(?:^|[”"。，,；;])(${HAN}{2,3}?)(?:书记)?${SPEECH}`, 'gu');
const NON_NAME =
  /^(?:他|她|会议|同时|当前|我们|大家|要求|各级|全区|领导|记者|同志|他们|会上|目前|今年|一是|二是|三是|区委|区长|并就|并|参加|出席|在家)/u;

interface Found {
  name: string;
  posts: string[];
}

function postsOf(text: string): string[] {
  return text.split('、').filter((post) => post !== '');
}

/** People named in one meeting (simplified names): posted names, 区领导 lists, and unposted repeated speakers. */
function peopleIn(meeting: InsightMeeting): Found[] {
  const text = toSimplified(meeting.paragraphs.map((p) => p.text).join('\n'));
  const found = new Map<string, Found>();
  const add = (name: string, posts: string[]) => {
    if (NON_NAME.test(name)) return;
    const entry = found.get(name) ?? { name, posts: [] };
    for (const post of posts) if (!entry.posts.includes(post)) entry.posts.push(post);
    found.set(name, entry);
  };
  for (const match of text.matchAll(POSTED_NAME)) add(match[2] ?? '', postsOf(match[1] ?? ''));
  for (const match of text.matchAll(LEADER_LIST))
    for (const name of (match[1] ?? '').split('、')) add(name, ['区领导']);
  const spoke = new Map<string, number>();
  for (const match of text.matchAll(SPEAKER)) {
    const name = match[1] ?? '';
    if (!NON_NAME.test(name)) spoke.set(name, (spoke.get(name) ?? 0) + 1);
  }
  for (const [name, count] of spoke) if (count >= 2 || found.has(name)) add(name, []);
  // 区领导 is only a post for people the text gives no other post.
  for (const entry of found.values())
    if (entry.posts.length > 1) entry.posts = entry.posts.filter((post) => post !== '区领导');
  return [...found.values()];
}

/** Everyone the meetings name, once each across scripts (徐偉南 = 徐伟南), in order of first appearance. */
export function listPeople(meetings: InsightMeeting[]): Person[] {
  const people = new Map<string, Person>();
  for (const meeting of meetings) {
    for (const { name, posts } of peopleIn(meeting)) {
      const person = people.get(name) ?? { name, posts: [], meetings: [] };
      for (const post of posts) if (!person.posts.includes(post)) person.posts.push(post);
      if (!person.meetings.some((m) => m.id === meeting.id))
        person.meetings.push({ id: meeting.id, number: meeting.number });
      people.set(name, person);
    }
  }
  return [...people.values()];
}

/** Strips posts before or after a name (区委书记徐伟南, 徐伟南书记) and folds the script: the lookup key. */
export function personKey(query: string): string {
  let key = toSimplified(query.normalize('NFKC')).replace(/\s+/g, '');
  key = key.replace(new RegExp(`^(?:${POST}、?)+`, 'u'), '');
  key = key.replace(/(?:同志|书记|区长|市长|县长|主任|主席)$/u, '');
  return key;
}

/** Finds the person a query names (either script, with or without the post); undefined when nobody matches. */
export function findPerson(people: Person[], query: string): Person | undefined {
  const key = personKey(query);
  if (key.length < 2) return undefined;
  return people.find((person) => person.name === key) ?? people.find((person) => key.includes(person.name));
}

/** Sentences under this many characters are followed by the next one, so a statement says something. */
const SHORT_STATEMENT = 30;
/** Longest statement shown, in characters (longer ones are cut at a comma with …). */
const MAX_STATEMENT = 160;

function cut(text: string): string {
  if (text.length <= MAX_STATEMENT) return text;
  const comma = text.slice(0, MAX_STATEMENT).search(/[，,][^，,]*$/u);
  return `${text.slice(0, comma > 40 ? comma : MAX_STATEMENT)}…`;
}

/**
 * What a person said or was reported to say: per paragraph, the sentence that names them with 指出/强调/要求/
 * 表示/说/主持 (and the next when it is short), cut to 160 characters; in document order.
 */
export function statementsOf(person: Person, meetings: InsightMeeting[]): Statement[] {
  const said = new RegExp(
    `${person.name}(?:${POST}|同志)?(?:在讲话中|(?:在[^，,。]{0,24}?(?:中|上|时))?[，,]?(?:指出|强调|要求|表示|说|主持|提出|部署|讲话|总结))`,
    'u',
  );
  const statements: Statement[] = [];
  for (const meeting of meetings) {
    if (!person.meetings.some((m) => m.id === meeting.id)) continue;
    for (const paragraph of meeting.paragraphs) {
      if (isHeadline(paragraph.text)) continue;
      const sentences = splitSentences(paragraph.text);
      const at = sentences.findIndex((sentence) => said.test(toSimplified(sentence.text)));
      if (at < 0) continue;
      const first = sentences[at];
      if (!first) continue;
      const next = sentences[at + 1];
      const announces = /(?:要求|意见|如下)[。：:]$/u.test(first.text);
      const end = (first.text.length < SHORT_STATEMENT || announces) && next ? next.end : first.end;
      const text = cut(trimPunctuation(paragraph.text.slice(first.start, end)));
      statements.push({ meeting: meetingRef(meeting), text, paragraph: paragraph.n });
    }
  }
  return statements;
}
