import type { Meeting } from '../corpus/meeting.js';
import { UpstreamError } from '../errors.js';
import type { ChatModel } from '../providers/types.js';
import { SUMMARY_MAP_RULES, SUMMARY_REDUCE_RULES } from './prompts.js';
import { MAX_POINTS, type MeetingPoint, MIN_POINTS } from './summary-extractive.js';
import { isSupported } from './support.js';
import { parseCitedSentences } from './verify.js';

/** Characters of paragraphs per map request. */
const MAP_BATCH_CHARS = 3000;

/** Points kept from a reply, and how many sentences of it no cited paragraph supports (left out). */
interface ParsedPoints {
  points: MeetingPoint[];
  droppedSentences: number;
}

/**
 * Keeps of a point only the sentences one of its cited, existing paragraphs supports (the same check as answers),
 * citing only those paragraphs; undefined when no sentence is left.
 */
function verifyPoint(text: string, cited: number[], meeting: Meeting): { point?: MeetingPoint; dropped: number } {
  const sentences = parseCitedSentences(text).map((sentence) => sentence.text);
  const paragraphs = new Set<number>();
  const kept = sentences.filter((sentence) => {
    const support = cited.filter((n) => isSupported(sentence, meeting.paragraphs[n - 1]?.text ?? ''));
    for (const n of support) paragraphs.add(n);
    return support.length > 0;
  });
  const dropped = sentences.length - kept.length;
  if (kept.length === 0) return { dropped };
  const ordered = cited.filter((n) => paragraphs.has(n));
  return { point: { text: kept.join('').trim(), paragraphs: ordered }, dropped };
}

function parsePoints(reply: string, meeting: Meeting): ParsedPoints {
  const json = reply.slice(reply.indexOf('{'), reply.lastIndexOf('}') + 1);
  let parsed: unknown;
  try {
    parsed = JSON.parse(json);
  } catch (error) {
    throw new UpstreamError('summary reply is not JSON', '模型返回的摘要格式有误。', 'bad-response', { cause: error });
  }
  const points = (parsed as { points?: unknown }).points;
  if (!Array.isArray(points))
    throw new UpstreamError('summary reply has no points', '模型返回的摘要格式有误。', 'bad-response');
  const result: ParsedPoints = { points: [], droppedSentences: 0 };
  for (const point of points as { text?: unknown; paragraphs?: unknown }[]) {
    if (typeof point?.text !== 'string' || !Array.isArray(point.paragraphs)) continue;
    const cited = point.paragraphs
      .map(Number)
      .filter((n, i, all) => meeting.paragraphs[n - 1] !== undefined && all.indexOf(n) === i);
    const { point: kept, dropped } = verifyPoint(point.text, cited, meeting);
    result.droppedSentences += dropped;
    if (kept) result.points.push(kept);
  }
  return result;
}

function batches(meeting: Meeting): string[] {
  const out: string[] = [];
  let current = '';
  for (const paragraph of meeting.paragraphs) {
    if (!paragraph.text) continue; // left empty by screening (it only addressed the assistant)
    const line = `¶${paragraph.n} ${paragraph.text}\n`;
    if (current && current.length + line.length > MAP_BATCH_CHARS) {
      out.push(current);
      current = '';
    }
    current += line;
  }
  if (current) out.push(current);
  return out;
}

/** An LLM summary's verified points and how many of the model's sentences were left out as unsupported. */
export interface LlmSummary {
  points: MeetingPoint[];
  droppedSentences: number;
}

/**
 * Summarizes a whole meeting with the LLM, map-reduce over every paragraph (no top-k shortcut); every sentence of a
 * point must be supported by a paragraph it cites (others are left out and counted). Throws UpstreamError when the
 * model fails or too few points survive.
 */
export async function summarizeWithLlm(meeting: Meeting, chat: ChatModel): Promise<LlmSummary> {
  const header = `Meeting: ${meeting.title}${meeting.date ? ` (${meeting.date})` : ''}`;
  const partial: MeetingPoint[] = [];
  let droppedSentences = 0;
  for (const batch of batches(meeting)) {
    const reply = await chat.complete(
      [
        { role: 'system', content: SUMMARY_MAP_RULES },
        { role: 'user', content: `${header}\n\n${batch}` },
      ],
      { json: true },
    );
    const parsed = parsePoints(reply, meeting);
    partial.push(...parsed.points);
    droppedSentences += parsed.droppedSentences;
  }
  let points = partial;
  if (partial.length > MAX_POINTS || batches(meeting).length > 1) {
    const reply = await chat.complete(
      [
        { role: 'system', content: SUMMARY_REDUCE_RULES },
        { role: 'user', content: `${header}\n\n${JSON.stringify({ points: partial })}` },
      ],
      { json: true },
    );
    const parsed = parsePoints(reply, meeting);
    points = parsed.points;
    droppedSentences += parsed.droppedSentences;
  }
  if (points.length < Math.min(MIN_POINTS, meeting.paragraphs.filter((p) => p.text).length)) {
    throw new UpstreamError(
      `summary of ${meeting.id} has ${points.length} usable points`,
      '模型未能生成摘要。',
      'bad-response',
    );
  }
  return { points: points.slice(0, MAX_POINTS), droppedSentences };
}
