/**
 * Phone-style questions (钟楼 五个坚持不懈 都有啥, 3月份干得咋样, 几场会) in the wording the classifier and the reports
 * use, so they are read as their formal twins are. Only the text that is searched and classified changes; the
 * answer still carries the question as typed.
 */

const DIGIT_NUMERALS = ['', '一', '二', '三', '四', '五', '六', '七', '八', '九', '十', '十一', '十二'];

/** Colloquial words and their formal wording, in both scripts (the rewrite runs before script normalization). */
const COLLOQUIAL: [RegExp, string][] = [
  // 都有啥 / 都是什么 after a named set asks for its items.
  [/都有(?:啥|什[么麼])|有啥/gu, '有哪些'],
  [/是啥/gu, '是什么'],
  [/啥/gu, '什么'],
  [/咋样/gu, '怎么样'],
  [/咋/gu, '怎么'],
  // 谁讲的话 / 谁说的: who spoke.
  [/[谁誰](?:[讲講说說]|[发發][言])的(?:[话話])?/gu, '谁讲话'],
  // 几场会 / 哪几个会 / 这几次会: meetings, as the reports and the classifier call them (not 哪个会场, 这次会上).
  [/([几幾哪这這])(?:[场場个個次])[会會](?![议議场場上员員长長计計所址务務面见見])/gu, '$1次会议'],
  // 干得怎么样 / 有哪些成绩: the work's results.
  [/(?:干|幹|做)得怎[么麼]样|(?:干|幹|做)得怎[么麼]樣/gu, '工作情况'],
  [/有(?:哪些|什[么麼])(成[绩績]|成效|成果)/gu, '取得了哪些$1'],
];

/** Latin and digit terms the reports write in Chinese numerals (Q4 → 四季度, 3季度 → 三季度). */
const DIGIT_TERMS: [RegExp, (match: string, digits: string) => string][] = [
  [/\b[Qq]([1-4])\b/gu, (_, d) => `${DIGIT_NUMERALS[Number(d)]}季度`],
  [/(?<![\d.])([1-4])季度/gu, (_, d) => `${DIGIT_NUMERALS[Number(d)]}季度`],
  [/(?<![\d.])([1-4])(?=个季度)/gu, (_, d) => DIGIT_NUMERALS[Number(d)] ?? d],
];

/** N月份: a month as the reports write it, in Chinese numerals (三月份; their dates, 4月1日, keep digits). */
const MONTH = /(?<![\d.])(1[0-2]|[1-9])月份/gu;

/** Rewrites a phone-style question into the reports' wording; returns the question unchanged when nothing applies. */
export function formalQuestion(question: string): string {
  let text = question;
  for (const [pattern, formal] of COLLOQUIAL) text = text.replace(pattern, formal);
  for (const [pattern, formal] of DIGIT_TERMS) text = text.replace(pattern, formal);
  text = text.replace(MONTH, (_, digits: string) => `${DIGIT_NUMERALS[Number(digits)]}月份`);
  return text;
}
