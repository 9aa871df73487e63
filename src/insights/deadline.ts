/** Deadlines as written (四月份, 二季度, 今年秋冬期) and as approximate dates given the meeting's year. */
import { toSimplified } from '../corpus/script.js';
import { chineseNumber, type MeetingWhen } from './meeting-date.js';

const NUM = '[一二三四五六七八九十]{1,3}|\\d{1,2}';
/** Longest alternatives first, so 今年秋冬期 wins over 今年. */
const DEADLINE = new RegExp(
  [
    '(?:今年|明年)?秋冬[期季]',
    '(?:今年|明年)?(?:上|下)半年',
    `(?:今年|明年)?(?:第?[一二三四1-4])季度`,
    `(?:\\d{4}年)?(?:${NUM})月(?:(?:${NUM})日)?(?:份|底|中旬|上旬|下旬)?(?:前|底)?`,
    '\\d{4}年(?:底|前|内)?',
    '(?:今年|明年)(?:年底|底)?(?:前)?',
    '年内',
    '年底(?:前)?',
    '春节前',
    '汛期前',
  ].join('|'),
  'u',
);
/** A deadline-like time word right after 前/上/去 points back (前三季度 is past work, not a deadline). */
const NOT_AHEAD = /^(?:前|上|去)$/u;

/** Finds the first deadline in a task's text, as written; undefined when it states none. */
export function findDeadline(text: string): string | undefined {
  const simplified = toSimplified(text);
  const pattern = new RegExp(DEADLINE.source, 'gu');
  for (const match of simplified.matchAll(pattern)) {
    const before = simplified[match.index - 1] ?? '';
    if (NOT_AHEAD.test(before)) continue;
    return text.slice(match.index, match.index + match[0].length);
  }
  return undefined;
}

function pad(month: number): string {
  return String(month).padStart(2, '0');
}

/**
 * The deadline as an approximate date: `2014-04` for 四月份, `2024-Q2` for 二季度, `2025-H2` for 下半年,
 * `2014-Q4` for 今年秋冬期, `2025` for 年内; 明年 adds a year. Undefined when the meeting's year is unknown.
 */
export function approximateDeadline(deadline: string, when: MeetingWhen): string | undefined {
  const text = toSimplified(deadline);
  const written = text.match(/(\d{4})年/);
  const year = written
    ? Number(written[1])
    : when.year === undefined
      ? undefined
      : when.year + (text.includes('明年') ? 1 : 0);
  if (year === undefined) return undefined;
  const quarter = text.match(/([一二三四1-4])季度/);
  if (quarter?.[1]) return `${year}-Q${chineseNumber(quarter[1])}`;
  if (/秋冬/.test(text)) return `${year}-Q4`;
  if (text.includes('上半年')) return `${year}-H1`;
  if (text.includes('下半年')) return `${year}-H2`;
  const month = text.match(new RegExp(`(${NUM})月`, 'u'));
  if (month?.[1]) {
    const n = chineseNumber(month[1]);
    return n !== undefined && n >= 1 && n <= 12 ? `${year}-${pad(n)}` : undefined;
  }
  if (/年底|底/.test(text)) return `${year}-12`;
  if (text.includes('春节前')) return `${year + (when.month !== undefined && when.month > 2 ? 1 : 0)}-02`;
  return `${year}`;
}
