import type { Meeting } from '../corpus/meeting.js';
import { UpstreamError } from '../errors.js';
import type { ChatModel } from '../providers/types.js';
import { SUMMARY_MAP_RULES, SUMMARY_REDUCE_RULES } from './prompts.js';
import { MAX_POINTS, type MeetingPoint, MIN_POINTS } from './summary-extractive.js';
import { SUPPORT_THRESHOLD, supportRatio } from './verify.js';

/** Characters of paragraphs per map request. */
const MAP_BATCH_CHARS = 3000;

function parsePoints(reply: string, meeting: Meeting): MeetingPoint[] {
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
  return points.flatMap((point: { text?: unknown; paragraphs?: unknown }) => {
    if (typeof point?.text !== 'string' || !Array.isArray(point.paragraphs)) return [];
    // Keep only paragraphs that exist and support the point's wording.
    const paragraphs = point.paragraphs
      .map(Number)
      .filter((n) => meeting.paragraphs[n - 1] !== undefined)
      .filter((n, i, all) => all.indexOf(n) === i);
    const supported = paragraphs.filter(
      (n) => supportRatio(point.text as string, meeting.paragraphs[n - 1]?.text ?? '') >= SUPPORT_THRESHOLD / 2,
    );
    return supported.length > 0 ? [{ text: point.text.trim(), paragraphs: supported }] : [];
  });
}

function batches(meeting: Meeting): string[] {
  const out: string[] = [];
  let current = '';
  for (const paragraph of meeting.paragraphs) {
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

/**
 * Summarizes a whole meeting with the LLM, map-reduce over every paragraph (no top-k shortcut); points keep only
 * citations to paragraphs that exist and support them. Throws UpstreamError when the model fails or returns too little.
 */
export async function summarizeWithLlm(meeting: Meeting, chat: ChatModel): Promise<MeetingPoint[]> {
  const header = `Meeting: ${meeting.title}${meeting.date ? ` (${meeting.date})` : ''}`;
  const partial: MeetingPoint[] = [];
  for (const batch of batches(meeting)) {
    const reply = await chat.complete(
      [
        { role: 'system', content: SUMMARY_MAP_RULES },
        { role: 'user', content: `${header}\n\n${batch}` },
      ],
      { json: true },
    );
    partial.push(...parsePoints(reply, meeting));
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
    points = parsePoints(reply, meeting);
  }
  if (points.length < Math.min(MIN_POINTS, meeting.paragraphs.length)) {
    throw new UpstreamError(
      `summary of ${meeting.id} has ${points.length} usable points`,
      '模型未能生成摘要。',
      'bad-response',
    );
  }
  return points.slice(0, MAX_POINTS);
}
