import { splitClauses } from '../corpus/chunk.js';
import { normalizeText } from '../corpus/script.js';
import type { Passage } from '../search/retriever.js';
import { trimSentence } from './extractive.js';
import type { Quote } from './quotes.js';

/** A question about the economy's growth figure: GDP, 地区生产总值, 经济增速, 经济增长率. */
const ASKS_GROWTH = /GDP|生产总值|经济(?:增速|增长率|增幅|增长)|增长率/iu;

/** A question about a planned figure (目标, 预期): the report's words on how the economy did do not answer it. */
const ASKS_TARGET = /目标|预期|计划/u;

/** How a report states the economy's growth in words when it gives no figure (经济运行总体平稳、回升向好). */
const STATES_GROWTH = /经济(?:运行|发展|增长|指标|形势)[^，,;；。]{0,12}(?:平稳|向好|回升|稳中|预期|良好|增长|态势)/u;

/** The words a growth sentence is trimmed around. */
const GROWTH_WORDS = ['经济运行', '总体平稳', '回升向好', '经济指标', '经济增长'];

/**
 * The sentence that says in words how the economy did, for a question that asks its growth figure (GDP增长了多少):
 * the first such sentence of the passages (in their order) of `meetingId`, trimmed around it; undefined when the
 * question asks no growth figure, asks a target (增长目标) or no passage says so.
 */
export function growthQuote(topic: string, passages: readonly Passage[], meetingId?: string): Quote | undefined {
  const asked = normalizeText(topic);
  if (!ASKS_GROWTH.test(asked) || ASKS_TARGET.test(asked)) return undefined;
  for (const passage of passages) {
    if (meetingId && passage.meeting.id !== meetingId) continue;
    const sentence = splitClauses(passage.paragraph.text).find((text) => STATES_GROWTH.test(normalizeText(text)));
    if (sentence) {
      const text = trimSentence(sentence.trim(), GROWTH_WORDS);
      return { meeting: passage.meeting, paragraph: passage.paragraph, text };
    }
  }
  return undefined;
}
