import { splitClauses } from '../corpus/chunk.js';
import type { Meeting } from '../corpus/meeting.js';
import { findEnumerations, stripItemNumber } from './enumerations.js';

/** A key point with the paragraph numbers it rests on. */
export interface MeetingPoint {
  text: string;
  paragraphs: number[];
}

export const MIN_POINTS = 3;
export const MAX_POINTS = 8;
const POINT_CHARS = 90;
const SPEAKER_LEAD = /^[^,，。:：]{2,12}(?:指出|强调|強調|表示|要求|說|说)[,，:：]\s*(?:当前|當前)?[,，]?\s*/u;
const KEY_VERB = /要|强调|強調|指出|部署|要求|确保|確保|推进|推進|抓好/u;

function shorten(text: string, limit = POINT_CHARS): string {
  const trimmed = text.replace(SPEAKER_LEAD, '').trim();
  if (trimmed.length <= limit) return trimmed;
  const cut = trimmed.slice(0, limit);
  const comma = Math.max(cut.lastIndexOf(','), cut.lastIndexOf('，'), cut.lastIndexOf('；'));
  return `${comma > limit / 2 ? cut.slice(0, comma) : cut}…`;
}

/** The end of a list's lead sentence (`…要着重抓好三项工作`), at most about 30 characters, cut at a comma. */
function leadClause(sentence: string): string {
  const text = sentence.replace(SPEAKER_LEAD, '').replace(/[。:：,，\s]+$/u, '');
  if (text.length <= 30) return text;
  const clauses = text.split(/[,，]/u);
  let tail = clauses.pop() ?? text;
  while (clauses.length > 0 && tail.length + (clauses.at(-1)?.length ?? 0) < 30) tail = `${clauses.pop()},${tail}`;
  return tail;
}

/** Numbered lists (一是…二是…, 一要…, 一、…) → one point each: the end of the lead, then the item heads. */
function findLists(meeting: Meeting): MeetingPoint[] {
  return findEnumerations(meeting)
    .filter((list) => list.style !== 'series')
    .map((list) => {
      const lead = list.style !== 'section' && list.lead ? `${leadClause(list.lead.text)}：` : '';
      const items = list.items.map((item) => shorten(stripItemNumber(item.head), 40).replace(/[,，、]$/u, ''));
      return {
        text: shorten(`${lead}${items.join('；')}`, 160),
        paragraphs: [...new Set(list.items.map((item) => item.paragraph.n))],
      };
    });
}

const STRONG_DECISION = /推行|实行|出台|建立|健全|开展|实施|设立|启动/u;
const DECISION = /推进|推动|确保|做到|加快|提高|加大|强化|压实|落实|提升|抓好|主攻/u;

/**
 * A task's opening clause and the clause that says what is decided (推行企业“挂号制”), strongest verb first, so that
 * a summary keeps each task's decision instead of cutting it off after a fixed number of characters.
 */
function taskWithDecision(task: string): string {
  const clauses = task
    .replace(/[。；;]$/u, '')
    .split(/[,，]/u)
    .filter((clause) => clause.length > 0);
  const [head = task, ...rest] = clauses;
  const decision = rest.find((c) => STRONG_DECISION.test(c)) ?? rest.find((c) => DECISION.test(c));
  return decision ? `${head},${decision}` : head;
}

/**
 * Parallel tasks without numbers: a paragraph with three or more sentences that each set a task with 要
 * (要以实的举措…。要以拼的韧性…。) becomes one point, its lead followed by the start of each task.
 */
function findParallelTasks(meeting: Meeting, taken: Set<number>): MeetingPoint[] {
  return meeting.paragraphs.flatMap((paragraph) => {
    if (taken.has(paragraph.n)) return [];
    const sentences = splitClauses(paragraph.text).map((s) => s.replace(SPEAKER_LEAD, '').trim());
    const tasks = sentences.filter((s) => /^(?:全区上下)?要/u.test(s));
    if (tasks.length < 3) return [];
    const first = sentences[0] ?? '';
    const lead = tasks.includes(first) ? '' : `${leadClause(first)}：`;
    const items = tasks.map(taskWithDecision);
    return [{ text: shorten(`${lead}${items.join('；')}`, 260), paragraphs: [paragraph.n] }];
  });
}

/** Sections headed `一、…` (a speech's main parts): each heading is a point on its own. */
function findHeadings(meeting: Meeting): MeetingPoint[] {
  return meeting.paragraphs
    .filter((paragraph) => /^\s*[一二三四五六七八九十]+、/u.test(paragraph.text))
    .map((paragraph) => ({
      text: shorten(stripItemNumber(splitClauses(paragraph.text)[0] ?? paragraph.text)),
      paragraphs: [paragraph.n],
    }));
}

/** The key sentence of a body paragraph: its first sentence that states a task or a judgement. */
function keySentence(text: string): string {
  const sentences = splitClauses(text);
  return sentences.find((s) => KEY_VERB.test(s) && s.length >= 12) ?? sentences[0] ?? text;
}

/**
 * Extracts a meeting's key points from its own structure: numbered sections (一、), enumerations (一是…二是…,
 * 五个"精心组织"), then key sentences of the remaining body paragraphs, 3–8 points, each citing its paragraphs.
 */
export function extractKeyPoints(meeting: Meeting): MeetingPoint[] {
  const headings = findHeadings(meeting);
  const headed = new Set(headings.flatMap((p) => p.paragraphs));
  const lists = findLists(meeting).filter((list) => !list.paragraphs.every((n) => headed.has(n)));
  const listed = new Set([...headed, ...lists.flatMap((p) => p.paragraphs)]);
  const points = [...headings, ...lists, ...findParallelTasks(meeting, listed)].sort(
    (a, b) => (a.paragraphs[0] ?? 0) - (b.paragraphs[0] ?? 0),
  );
  const cited = new Set(points.flatMap((p) => p.paragraphs));
  const body = meeting.paragraphs.filter((p) => !cited.has(p.n) && p.text.length >= 60);
  const ranked = body
    .map((p) => ({ p, score: (KEY_VERB.test(p.text) ? 1 : 0) + Math.min(p.text.length, 400) / 400 }))
    .sort((a, b) => b.score - a.score);
  const distinct = () => new Set(points.flatMap((p) => p.paragraphs)).size;
  for (const { p } of ranked) {
    if (points.length >= MAX_POINTS) break;
    if (points.length >= MIN_POINTS + 2 && distinct() >= MIN_POINTS) break;
    points.push({ text: shorten(keySentence(p.text)), paragraphs: [p.n] });
  }
  return points.sort((a, b) => (a.paragraphs[0] ?? 0) - (b.paragraphs[0] ?? 0)).slice(0, MAX_POINTS);
}
