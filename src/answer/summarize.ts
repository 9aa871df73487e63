import { createHash } from 'node:crypto';
import type { Meeting } from '../corpus/meeting.js';
import type { Script } from '../corpus/script.js';
import { UpstreamError } from '../errors.js';
import type { Logger } from '../logger.js';
import type { ChatModel } from '../providers/types.js';
import { droppedNote, fallbackNote } from './notes.js';
import { createFileSummaryCache, type SummaryCache } from './summary-cache.js';
import { extractKeyPoints, type MeetingPoint } from './summary-extractive.js';
import { type LlmSummary, summarizeWithLlm } from './summary-llm.js';
import type { Citation, MeetingInfo, Summary } from './types.js';

/** Produces one-meeting summaries; LLM ones are cached by document hash and model. */
export interface Summarizer {
  summarize(meeting: Meeting, info: MeetingInfo, script: Script): Promise<Summary>;
}

function header(info: MeetingInfo, script: Script): string {
  const placeLabel = script === 'traditional' ? '地點' : '地点';
  const facts = [info.date ? `日期：${info.date}` : '', info.place ? `${placeLabel}：${info.place}` : ''].filter(
    Boolean,
  );
  const lines = [`《${info.title}》`];
  if (facts.length > 0) lines.push(facts.join('｜'));
  if (info.people.length > 0) lines.push(`人物：${info.people.join('、')}`);
  return lines.join('\n');
}

function assemble(
  meeting: Meeting,
  info: MeetingInfo,
  script: Script,
  points: MeetingPoint[],
  mode: Summary['mode'],
): Summary {
  const order: number[] = [];
  const numbered = points.map((point) => {
    const citations = point.paragraphs.map((n) => {
      if (!order.includes(n)) order.push(n);
      return order.indexOf(n) + 1;
    });
    return { text: point.text, citations };
  });
  const citations: Citation[] = order.map((n, i) => ({
    n: i + 1,
    meeting: { id: info.id, number: info.number, title: info.title, date: info.date },
    paragraph: n,
    text: meeting.paragraphs[n - 1]?.text ?? '',
  }));
  const body = numbered.map((p, i) => `${i + 1}. ${p.text}${p.citations.map((c) => `[${c}]`).join('')}`).join('\n');
  return { meeting: info, summary: `${header(info, script)}\n\n${body}`, points: numbered, citations, mode };
}

/**
 * Creates a summarizer: with `chat`, map-reduce over every paragraph (cached in `cache`, else in `cacheDir`'s
 * summaries/ folder); otherwise structural extraction.
 */
export function createSummarizer({
  chat,
  logger,
  cacheDir,
  cache = cacheDir ? createFileSummaryCache(cacheDir) : undefined,
}: {
  chat?: ChatModel;
  logger: Logger;
  cacheDir?: string;
  cache?: SummaryCache;
}): Summarizer {
  const cacheKey = (meeting: Meeting, model: string) =>
    `${meeting.id}.${createHash('sha256').update(`${meeting.hash}\n${model}`).digest('hex').slice(0, 16)}`;

  async function llmPoints(meeting: Meeting, model: ChatModel): Promise<LlmSummary> {
    const key = cacheKey(meeting, model.id);
    const cached = await cache?.get(key).catch(() => undefined);
    if (cached && cached.points.length > 0) {
      return { points: cached.points, droppedSentences: cached.droppedSentences ?? 0 };
    }
    const points = await summarizeWithLlm(meeting, model);
    try {
      await cache?.set(key, points);
    } catch (error) {
      logger.warn('Could not cache a summary', { error });
    }
    return points;
  }

  return {
    async summarize(meeting, info, script) {
      if (chat) {
        try {
          const { points, droppedSentences } = await llmPoints(meeting, chat);
          const summary = assemble(meeting, info, script, points, 'llm');
          const language = script === 'traditional' ? 'zh-Hant' : 'zh-Hans';
          return droppedSentences > 0 ? { ...summary, note: droppedNote(droppedSentences, language) } : summary;
        } catch (error) {
          if (!(error instanceof UpstreamError)) throw error;
          logger.warn(`LLM summary failed (${error.reason}); using the extractive summary`, { error });
          const summary = assemble(meeting, info, script, extractKeyPoints(meeting), 'extractive');
          return { ...summary, note: fallbackNote(error.reason, script === 'traditional' ? 'zh-Hant' : 'zh-Hans') };
        }
      }
      return assemble(meeting, info, script, extractKeyPoints(meeting), 'extractive');
    },
  };
}
