/** A meeting's year and month from its date or its text, for approximate deadlines and timeline order. */
import { toSimplified } from '../corpus/script.js';
import type { InsightMeeting } from './types.js';

/** What is known of when a meeting took place; any part may be missing. */
export interface MeetingWhen {
  year?: number;
  month?: number;
  day?: number;
}

const DIGITS: Record<string, number> = { 一: 1, 二: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9, 十: 10 };

/** Reads a Chinese or Arabic number up to 99 (四, 十二, 12); undefined for anything else. */
export function chineseNumber(text: string): number | undefined {
  if (/^\d+$/.test(text)) return Number(text);
  if (text.length === 1) return DIGITS[text];
  if (text.startsWith('十')) return 10 + (DIGITS[text.slice(1)] ?? Number.NaN);
  if (text.endsWith('十') && text.length === 2) return (DIGITS[text[0] ?? ''] ?? Number.NaN) * 10;
  if (text.length === 3 && text[1] === '十') return (DIGITS[text[0] ?? ''] ?? 0) * 10 + (DIGITS[text[2] ?? ''] ?? 0);
  return undefined;
}

/** The year a five-year plan ends: the 14th (十四五) ends in 2025. */
function planEndYear(ordinal: string): number | undefined {
  const n = chineseNumber(ordinal);
  return n !== undefined && n >= 6 && n <= 20 ? 1955 + 5 * n : undefined;
}

/**
 * When a meeting took place: year, month and day from its date (`2024-05-06`, `11月5日下午`); a missing year is
 * taken from a written year in the first paragraphs (`2014年3月`), or from a five-year plan said to close this
 * year (`“十四五”圆满收官` → 2025).
 */
export function meetingWhen(meeting: Pick<InsightMeeting, 'date' | 'paragraphs'>): MeetingWhen {
  const date = toSimplified(meeting.date);
  const iso = date.match(/(\d{4})-(\d{1,2})-(\d{1,2})/);
  if (iso) return { year: Number(iso[1]), month: Number(iso[2]), day: Number(iso[3]) };
  const when: MeetingWhen = {};
  const written = date.match(/(?:(\d{4})年)?(\d{1,2})月(?:(\d{1,2})日)?/);
  if (written?.[1]) when.year = Number(written[1]);
  if (written?.[2]) when.month = Number(written[2]);
  if (written?.[3]) when.day = Number(written[3]);
  if (when.year === undefined) {
    const text = toSimplified(
      meeting.paragraphs
        .slice(0, 3)
        .map((p) => p.text)
        .join('\n'),
    );
    const year = text.match(/((?:19|20)\d{2})年(?:(\d{1,2})月)?/);
    const all = toSimplified(meeting.paragraphs.map((p) => p.text).join('\n'));
    const plan = all.match(/十([一二三四五六七八九])五”?(?:规划)?(?:圆满)?收官/);
    if (year?.[1]) {
      when.year = Number(year[1]);
      if (when.month === undefined && year[2]) when.month = Number(year[2]);
    } else if (plan?.[1]) {
      const end = planEndYear(`十${plan[1]}`);
      if (end !== undefined) when.year = end;
    }
  }
  return when;
}

/** Orders meetings by date: known years first in date order, then those without a year by month, then by number. */
export function compareWhen(a: MeetingWhen, b: MeetingWhen): number {
  const rank = (w: MeetingWhen) => (w.year !== undefined ? 0 : w.month !== undefined ? 1 : 2);
  return (
    rank(a) - rank(b) || (a.year ?? 0) - (b.year ?? 0) || (a.month ?? 0) - (b.month ?? 0) || (a.day ?? 0) - (b.day ?? 0)
  );
}

/** Meetings most recent first: known years newest first, then those with only a month or day, then undated by number. */
export function byRecency<T extends Pick<InsightMeeting, 'date' | 'paragraphs' | 'number'>>(meetings: T[]): T[] {
  const dated = meetings.map((meeting) => ({ meeting, when: meetingWhen(meeting) }));
  const rank = (w: MeetingWhen) => (w.year !== undefined ? 0 : w.month !== undefined ? 1 : 2);
  return dated
    .sort((a, b) => rank(a.when) - rank(b.when) || -compareWhen(a.when, b.when) || a.meeting.number - b.meeting.number)
    .map(({ meeting }) => meeting);
}
