import { pinyin } from 'pinyin-pro';
import type { Meeting } from '../corpus/meeting.js';
import { normalizeText } from '../corpus/script.js';

/** District-like names in a title or place: two to four Han characters before 区/县/市/镇 (either script). */
const PLACE_NAME = /(\p{Script=Han}{1,4}?)[区區县縣市镇鎮]/gu;

function romanized(han: string): string {
  return pinyin(han, { toneType: 'none', type: 'array', v: true }).join('').toLowerCase();
}

/** The district names of a meeting (黔江 of 黔江区), from its place and title, in simplified script. */
function hanNamesOf(meeting: Pick<Meeting, 'place' | 'title'>): string[] {
  const names = new Set<string>();
  for (const text of [meeting.place, meeting.title]) {
    for (const match of normalizeText(text).matchAll(PLACE_NAME)) {
      const name = match[1] ?? '';
      // The shortest run before the suffix is the name itself: 黔江 of 黔江区, 钟楼 of …钟楼区.
      const core = name.length > 2 ? name.slice(-2) : name;
      if (core) names.add(core);
    }
  }
  return [...names];
}

function namesOf(meeting: Pick<Meeting, 'place' | 'title'>): string[] {
  return hanNamesOf(meeting)
    .map(romanized)
    .filter((name) => name.length >= 2);
}

/** Words of a Latin-script text without tone marks, lower case (`Qiánjiāng District` → qianjiang, district). */
function wordsOf(text: string): string[] {
  return text
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .split(/[^a-z]+/)
    .filter(Boolean);
}

/** Whether the words name the place: `Qianjiang`, `Qian Jiang`, `Qianjiangqu`, `Zhonglou district`. */
function mentions(words: string[], name: string): boolean {
  for (let i = 0; i < words.length; i++) {
    let joined = '';
    for (let j = i; j < Math.min(words.length, i + 3); j++) {
      joined += words[j];
      if (joined === name || joined === `${name}qu`) return true;
    }
  }
  return false;
}

/** The meetings whose district a non-Chinese question names, in pinyin (`Qianjiang` → 黔江区) or characters, in meeting order. */
export function meetingsNamedIn<T extends Pick<Meeting, 'place' | 'title'>>(
  question: string,
  meetings: readonly T[],
): T[] {
  const words = wordsOf(question);
  const han = normalizeText(question);
  return meetings.filter(
    (meeting) =>
      namesOf(meeting).some((name) => mentions(words, name)) ||
      hanNamesOf(meeting).some((name) => name.length >= 2 && han.includes(name)),
  );
}
