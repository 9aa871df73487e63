import type { PageMetadata } from './clean.js';
import { toSimplified } from './script.js';

/** What a meeting report tells about the meeting itself. */
export interface MeetingFacts {
  title: string;
  date: string;
  place: string;
  people: string[];
}

const HAN = '\\p{Script=Han}';
const MEETING_CLAUSE = new RegExp(
  `(?:(${HAN}{1,4}[区县市镇])(?:区委|县委|市委)?)?(?:召开|举行|举办)了?(${HAN}[^,，。;；]{1,40}?(?:会议|大会|座谈会|常委会|全会|推进会|动员会))`,
  'u',
);
const POSTS = [
  '区委副书记、区长',
  '区委书记',
  '区委副书记',
  '区长',
  '常务副区长',
  '副区长',
  '区人大常委会主任',
  '区政协主席',
  '市委书记',
  '市长',
  '县委书记',
  '县长',
];
const NAME_END = '(?=主持|在|出席|来|委托|强调|指出|表示|说|讲话|部署|代表|参加|[,，、。;；:：(（]|$)';
const POSTED_NAME = new RegExp(`(${POSTS.join('|')})(${HAN}{2,3}?)${NAME_END}`, 'gu');
const LEADER_LIST = new RegExp(`区领导((?:${HAN}{2,3}、)+${HAN}{2,3})等`, 'u');
const SPEAKER = new RegExp(`(?:^|[”"。,，])(${HAN}{2,3}?)(?:说|表示|强调|指出)`, 'gu');
const NON_PLACE = /(?:^|全|城|园|片|社|山|辖|该|本|我|各|景|小|示范|试验|开发|功能|商|街|市|灾|矿|住宅|景)区$/;
const NON_NAME = /^(他|她|会议|同时|当前|我们|大家|要求|各级|全区|领导|记者|同志|他们|会上|目前|今年)/;

function findPlace(simplified: string): string {
  const counts = new Map<string, number>();
  const patterns = [
    new RegExp(`(${HAN}{1,3}区)(?=区委|召开|举行|区长|而言|将|坚持|要求|上下|经济)`, 'gu'),
    new RegExp(`对(${HAN}{1,3}区)而言`, 'gu'),
  ];
  for (const pattern of patterns) {
    for (const match of simplified.matchAll(pattern)) {
      let name = match[1] ?? '';
      // `大观区区委` matches `观区区`-style overlaps; keep the shortest suffix that is itself a place.
      while (name.length > 2 && /^(?:对|在|为|是|和|与|把|让)/u.test(name)) name = name.slice(1);
      if (NON_PLACE.test(name)) continue;
      counts.set(name, (counts.get(name) ?? 0) + 1);
    }
  }
  return [...counts.entries()].sort((a, b) => b[1] - a[1])[0]?.[0] ?? '';
}

function findPeople(simplified: string): string[] {
  const people: string[] = [];
  const seen = new Set<string>();
  const add = (post: string, name: string) => {
    if (seen.has(name) || NON_NAME.test(name)) return;
    seen.add(name);
    people.push(`${post}${name}`);
  };
  for (const match of simplified.matchAll(POSTED_NAME)) add(match[1] ?? '', match[2] ?? '');
  const leaders = simplified.match(LEADER_LIST)?.[1];
  if (leaders) for (const name of leaders.split('、')) add('区领导', name);
  const spoke = new Map<string, number>();
  for (const match of simplified.matchAll(SPEAKER)) {
    const name = match[1] ?? '';
    if (!NON_NAME.test(name)) spoke.set(name, (spoke.get(name) ?? 0) + 1);
  }
  for (const [name, count] of spoke) if (count >= 2) add('', name);
  return people;
}

function findDate(simplified: string, metadata: PageMetadata): string {
  if (metadata.published) return metadata.published.split(/\s+/)[0] ?? '';
  const written = simplified.match(/(?:\d{4}年)?\d{1,2}月\d{1,2}日(?:上午|下午|晚上|晚)?/u);
  return written?.[0] ?? '';
}

function isHeadline(line: string): boolean {
  return line.length <= 40 && !/[。;；]/.test(line) && !/[:：]$/.test(line);
}

function findTitle(paragraphs: string[], simplified: string[]): string {
  const first = paragraphs[0] ?? '';
  if (isHeadline(first)) return first;
  for (const text of simplified.slice(0, 3)) {
    const clause = text.match(MEETING_CLAUSE);
    if (clause?.[2]) return clause[1] && !NON_PLACE.test(clause[1]) ? `${clause[1]}召开${clause[2]}` : clause[2];
  }
  const headline = paragraphs.slice(0, 5).find(isHeadline);
  if (headline) return headline;
  const sentence = first.split(/[。!！?？;；]/)[0] ?? first;
  return sentence.length > 30 ? `${sentence.slice(0, 30)}…` : sentence;
}

/** Writes simplified text the way the document writes each character (identity for simplified documents). */
function createScriptMapper(original: string, simplified: string): (value: string) => string {
  const map = new Map<string, string>();
  if (original.length === simplified.length) {
    for (let i = 0; i < original.length; i++) {
      const s = simplified[i];
      const o = original[i];
      if (s && o && s !== o && !map.has(s)) map.set(s, o);
    }
  }
  return (value) => [...value].map((ch) => map.get(ch) ?? ch).join('');
}

/** Extracts title, date, place and people from a meeting's cleaned paragraphs, in the document's own script. */
export function extractFacts(
  paragraphs: string[],
  metadata: PageMetadata,
  simplified: string[] = paragraphs.map(toSimplified),
): MeetingFacts {
  const joined = simplified.join('\n');
  const inDocumentScript = createScriptMapper(paragraphs.join('\n'), joined);
  const place = findPlace(joined);
  const title = findTitle(paragraphs, simplified);
  return {
    title: paragraphs.includes(title) ? title : inDocumentScript(title),
    date: findDate(joined, metadata),
    place: inDocumentScript(place),
    people: findPeople(joined).map(inDocumentScript),
  };
}
