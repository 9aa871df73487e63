import { dict } from '@node-rs/jieba/dict.js';

let commonChars: Set<string> | undefined;

/** Han characters that occur in jieba's dictionary words of frequency ≥ 20 (≈ everyday simplified Chinese). */
export function getCommonChars(): Set<string> {
  if (commonChars) return commonChars;
  const chars = new Set<string>();
  const text = Buffer.from(dict).toString('utf8');
  for (const line of text.split('\n')) {
    const space = line.indexOf(' ');
    if (space <= 0) continue;
    const frequency = Number.parseInt(line.slice(space + 1), 10);
    if (frequency < 20) continue;
    for (const ch of line.slice(0, space)) if (/\p{Script=Han}/u.test(ch)) chars.add(ch);
  }
  commonChars = chars;
  return chars;
}
