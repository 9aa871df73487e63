import { normalizeText } from '../corpus/script.js';
import { coreWords, queryCoverage } from '../search/retriever.js';
import { tokenizeWords } from '../search/tokenize.js';
import type { AskedDetail } from './classify.js';
import { type ReplyLanguage, say } from './language.js';
import type { Quote } from './quotes.js';

const AMOUNT = /\d|[一二两三四五六七八九十百千万亿]+(?:元|万|亿|个|家|人|天|倍|公里|亩|%|％|成|周年|年|届)/u;
const DATE =
  /\d{1,2}月(?:\d{1,2}日)?|\d{4}年|年内|年底|年末|秋冬|春节|上半年|下半年|[一二三四]季度末|月底|月份|上午|下午|前完成|之前/u;
/** A named venue, or a sentence that says where a meeting was held (在区行政中心召开). */
const VENUE = /会场|会议室|礼堂|大厅|宾馆|酒店|大楼|报告厅|在[\p{Script=Han}]{2,12}(?:召开|举行)/u;
/** A placing or score: 第一名, 排名第三, 名列前茅, 得了95分. */
const RANK = /第[一二三四五六七八九十\d]+名|排名|名列|位列|位居|名次|得分|\d+(?:\.\d+)?分/u;
/** A question that asks who placed where (哪个乡镇得了第一名, 排名如何, 谁得分最高, 前三名是谁). */
const ASKS_RANK =
  /第[一二三四五六七八九十\d]+名|前[一二三四五六七八九十\d]+名|排名|名次|冠军|得分|多少分|排第几|(?:谁|哪)[^？?。]{0,16}(?:最高|最低|最好|最差|最多|最少|第一|垫底|领先)/u;

/** What a question asks for that the quotes must state: a detail of `classify.ts`, or a placing (`rank`). */
export type MissingDetail = AskedDetail | 'rank';

/** The placing a question asks for (哪个乡镇得了第一名？ → `rank`), else the detail the classifier read. */
export function askedDetail(question: string, detail: AskedDetail | undefined): MissingDetail | undefined {
  return detail ?? (ASKS_RANK.test(normalizeText(question)) ? 'rank' : undefined);
}

/** Words of a question that name what it asks for, not what it is about. */
const ASKING = /^(?:多少|几|什么|哪|何|是否|时候|时间|日期|具体|金额|数字)/u;
/** A speech verb jieba glues to the next character (东区说离年底… → 说离): it reports who said it, no topic. */
const GLUED_SAYING = /^说(?![话明法服])\p{Script=Han}$/u;

/** The first quote that holds the asked kind of detail and is about the question's topic (half its words). */
export function detailQuote(
  detail: MissingDetail,
  quotes: readonly Quote[],
  topic: string,
  heading = '',
): Quote | undefined {
  const pattern = { amount: AMOUNT, date: DATE, venue: VENUE, rank: RANK, person: undefined }[detail];
  if (!pattern) return quotes[0];
  const words = topicWords(topic, heading);
  return quotes.find(
    (quote) =>
      // An ordinal (第一季度) is no amount or date; a placing (第一名) is what a rank question asks for.
      pattern.test(detail === 'rank' ? quote.text : quote.text.replace(/第[一二三四五六七八九十\d]+/gu, '')) &&
      (words.length === 0 || queryCoverage(words, quote.text) >= 0.5),
  );
}

/** The question's content words, without those of the meeting's heading or the ones that ask (多少, 什么时候). */
export function topicWords(topic: string, heading = ''): string[] {
  const normalizedHeading = normalizeText(heading);
  return coreWords(tokenizeWords(normalizeText(topic))).filter(
    (word) =>
      !ASKING.test(word) && !GLUED_SAYING.test(word) && !(normalizedHeading !== '' && normalizedHeading.includes(word)),
  );
}

/** The quotes that are about the topic (a third of its words), or all of them when none is. */
export function onTopicQuotes(quotes: readonly Quote[], topic: string): Quote[] {
  const kept = quotes.filter((quote) => {
    const words = topicWords(topic, `${quote.meeting.title} ${quote.meeting.place}`);
    return words.length === 0 || queryCoverage(words, quote.text) >= 1 / 3;
  });
  return kept.length > 0 ? kept : [...quotes];
}

/** The opening that says the reports lack the asked detail, before what they do say. */
export function missingIntro(detail: MissingDetail, language: ReplyLanguage): string {
  const what = {
    amount: ['具体数字', 'the figure'],
    date: ['具体时间', 'when'],
    person: ['是谁', 'who'],
    venue: ['会议地点', 'where it was held'],
    rank: ['名次或评比结果', 'the placings'],
  }[detail];
  return say(
    language,
    `会议报告没有提到${what[0]}。相关内容：`,
    `The reports do not say ${what[1]}. What they say (quoted in Chinese): `,
  );
}
