import { splitClauses } from '../corpus/chunk.js';
import type { Meeting, Paragraph } from '../corpus/meeting.js';

/**
 * The one owner of numbered lists in a meeting's text: item heads (一是…, 一要…, 一、…, （一）…), their numerals,
 * and enumerations that run within a sentence, over a paragraph, over following paragraphs, or over a speech's
 * numbered sections; plus unnumbered series of clauses separated by semicolons.
 */

/** Chinese numerals 一…十 (and 两) to numbers. */
export const NUMERALS: Readonly<Record<string, number>> = {
  一: 1,
  二: 2,
  两: 2,
  三: 3,
  四: 4,
  五: 5,
  六: 6,
  七: 7,
  八: 8,
  九: 9,
  十: 10,
};

/** An item a question points at by its place in a list: 第三个, 第二项, 第四部分. */
const ORDINAL_MENTION = /第([一二两三四五六七八九十]|\d{1,2})(?:个|项|点|条|件|方面|部分)/u;

/** The item number a question points at (`第三个是什么？` → 3), or undefined. */
export function ordinalOf(question: string): number | undefined {
  const numeral = question.match(ORDINAL_MENTION)?.[1];
  if (!numeral) return undefined;
  return NUMERALS[numeral] ?? Number(numeral);
}

/** How an item is marked: 一是/一要 (inline), 一、 (section), （一） (paren), or a semicolon series (series). */
export type EnumerationStyle = 'inline' | 'section' | 'paren' | 'series';

/** One item of an enumeration: its head clause and the clauses that follow it until the next item. */
export interface EnumerationItem {
  paragraph: Paragraph;
  number: number;
  head: string;
  sentences: string[];
}

/** A numbered list in a meeting: the clause that introduces it (when any), the text before it, and its items. */
export interface Enumeration {
  meeting: Meeting;
  style: EnumerationStyle;
  lead?: { paragraph: Paragraph; text: string };
  /** The lead's paragraph up to the first item (or the lead alone): what the list is about. */
  preamble: string;
  items: EnumerationItem[];
}

const HEAD =
  /^\s*(?:([一二三四五六七八九十]+)(是|要)|([一二三四五六七八九十]+)、|[（(]([一二三四五六七八九十]+)[)）])/u;
/** A number word that announces a list: 三项工作, 五点意见, 四方面, 五个“精心组织”. */
export const ANNOUNCES_LIST = /[一二三四五六七八九十两\d]+(?:点|个方面|方面|项|条|个|部分)/u;

/** The number and style of an item head (`二是…` → 2, inline), or undefined for other clauses. */
export function parseItemHead(clause: string): { number: number; style: EnumerationStyle } | undefined {
  const match = clause.match(HEAD);
  if (!match) return undefined;
  const numeral = match[1] ?? match[3] ?? match[4] ?? '';
  const number = numeral.length === 1 ? NUMERALS[numeral] : numeral === '十' ? 10 : undefined;
  if (number === undefined) return undefined;
  return { number, style: match[1] ? 'inline' : match[3] ? 'section' : 'paren' };
}

/** The number of an enumeration head (`二是…` → 2), or undefined for other sentences. */
export function itemNumber(sentence: string): number | undefined {
  return parseItemHead(sentence)?.number;
}

/** Removes an item's number (`二是把…` → `把…`) and its end mark. */
export function stripItemNumber(sentence: string): string {
  return sentence
    .replace(HEAD, '')
    .replace(/[。；;]$/u, '')
    .trim();
}

/**
 * Clauses of a paragraph, with lists run inside one sentence split too: `干部一要A,二要B,三要C。` →
 * `干部`, `一要A,`, `二要B,`, `三要C。`.
 */
export function listClauses(text: string): string[] {
  return splitClauses(text).flatMap((sentence) => {
    const marker = sentence.match(/([一二三四五六七八九十])(是|要)/u);
    if (!marker || !new RegExp(`[,，;；]\\s*二${marker[2]}`, 'u').test(sentence)) return [sentence];
    const parts = sentence
      .split(new RegExp(`(?=(?<=[,，;；]\\s*)[二三四五六七八九十]${marker[2]})|(?=一${marker[2]})`, 'u'))
      .filter((part) => part.trim().length > 0);
    return parts;
  });
}

const SERIES_END = /[;；]\s*$/u;

function seriesOf(meeting: Meeting, paragraph: Paragraph, clauses: string[]): Enumeration[] {
  const found: Enumeration[] = [];
  let start = -1;
  clauses.forEach((clause, i) => {
    const inRun = SERIES_END.test(clause) && !parseItemHead(clause);
    if (inRun && start < 0) start = i;
    if (inRun || start < 0) return;
    // The clause ending the run (。) is its last item.
    const run = clauses.slice(start, i + 1);
    if (run.length >= 3 && !parseItemHead(clause)) {
      const leadText = clauses[start - 1];
      found.push({
        meeting,
        style: 'series',
        ...(leadText ? { lead: { paragraph, text: leadText.trim() } } : {}),
        preamble: clauses.slice(0, start).join(''),
        items: run.map((text, k) => ({ paragraph, number: k + 1, head: text.trim(), sentences: [text.trim()] })),
      });
    }
    start = -1;
  });
  return found;
}

/** A clause that opens with 要 (要坚持…, 要全力…): one point of a speaker's run of demands. */
const IMPERATIVE = /^\s*要/u;
/** Fewest sentences of such a run that end with 。: fewer, and the run is a semicolon series (`seriesOf` has it). */
const MIN_IMPERATIVE_SENTENCES = 3;

/**
 * Runs of three or more clauses that each open with 要, of which three or more are whole sentences (要坚持党建统领…。
 * 要全力攻坚冲刺四季度…。): the unnumbered points of a speech, led by the clause before the run (骆高燕强调,…).
 */
function imperativesOf(meeting: Meeting, paragraph: Paragraph, clauses: string[]): Enumeration[] {
  const found: Enumeration[] = [];
  let start = -1;
  clauses.forEach((clause, i) => {
    const inRun = IMPERATIVE.test(clause) && !parseItemHead(clause);
    if (inRun && start < 0) start = i;
    if (start < 0 || (inRun && i < clauses.length - 1)) return;
    const run = clauses.slice(start, inRun ? i + 1 : i);
    const sentences = run.filter((text) => !SERIES_END.test(text)).length;
    if (run.length >= 3 && sentences >= MIN_IMPERATIVE_SENTENCES && start > 0) {
      found.push({
        meeting,
        style: 'series',
        lead: { paragraph, text: (clauses[start - 1] ?? '').trim() },
        preamble: clauses.slice(0, start).join(''),
        items: run.map((text, k) => ({ paragraph, number: k + 1, head: text.trim(), sentences: [text.trim()] })),
      });
    }
    start = -1;
  });
  return found;
}

const cache = new WeakMap<Meeting, Enumeration[]>();

/** Every enumeration of a meeting with at least two items, in reading order (cached per meeting). */
export function findEnumerations(meeting: Meeting): Enumeration[] {
  const cached = cache.get(meeting);
  if (cached) return cached;
  const done: Enumeration[] = [];
  const open = new Map<EnumerationStyle, Enumeration>();
  const close = (style: EnumerationStyle) => {
    const list = open.get(style);
    if (list && list.items.length >= 2) done.push(list);
    open.delete(style);
  };
  let previousLast = '';
  for (const paragraph of meeting.paragraphs) {
    const clauses = listClauses(paragraph.text);
    const heads = clauses.map(parseItemHead);
    for (const style of ['inline', 'paren'] as const) {
      const list = open.get(style);
      const first = heads.find((head) => head?.style === style);
      if (list && first?.number !== (list.items.at(-1)?.number ?? 0) + 1) close(style);
    }
    clauses.forEach((clause, i) => {
      const head = heads[i];
      const list = head ? open.get(head.style) : undefined;
      if (head && head.number === 1) {
        close(head.style);
        const before = i > 0 ? clauses[i - 1] : previousLast;
        const leadParagraph = i > 0 ? paragraph : meeting.paragraphs[paragraph.n - 2];
        const lead =
          before && leadParagraph && !parseItemHead(before)
            ? { paragraph: leadParagraph, text: before.trim() }
            : undefined;
        const preamble = i > 0 ? clauses.slice(0, i).join('') : (lead?.text ?? '');
        open.set(head.style, { meeting, style: head.style, ...(lead ? { lead } : {}), preamble, items: [] });
      }
      const target = head ? open.get(head.style) : undefined;
      if (head && target && (head.number === 1 || head.number === (list?.items.at(-1)?.number ?? 0) + 1)) {
        target.items.push({ paragraph, number: head.number, head: clause.trim(), sentences: [clause.trim()] });
        return;
      }
      for (const enumeration of open.values()) {
        const last = enumeration.items.at(-1);
        if (last && last.paragraph === paragraph && last.head !== clause.trim()) last.sentences.push(clause.trim());
      }
    });
    done.push(...seriesOf(meeting, paragraph, clauses), ...imperativesOf(meeting, paragraph, clauses));
    previousLast = clauses.at(-1) ?? '';
  }
  for (const style of [...open.keys()]) close(style);
  const ordered = done.sort(
    (a, b) => (a.items[0]?.paragraph.n ?? 0) - (b.items[0]?.paragraph.n ?? 0) || a.style.localeCompare(b.style),
  );
  cache.set(meeting, ordered);
  return ordered;
}
