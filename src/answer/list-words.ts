/** Words a list question uses for its shape rather than its topic, and how list items are shortened for quoting. */

const ITEM_CHARS = 70;
/** Words that ask for a list rather than say what it is about. */
export const LIST_WORDS = new Set([
  '哪些',
  '哪几',
  '几项',
  '几点',
  '分别',
  '包括',
  '什么',
  '有哪些',
  '方面',
  '工作',
  '要求',
  '部署',
  '提出',
  '部分',
  '任务',
  '举措',
  '措施',
  '抓好',
  '做好',
  '具体',
  '事项',
  '内容',
  '安排',
  '具体安排',
  '提了',
  '做法',
  '办法',
]);
/**
 * A word made only of function characters or of saying (上要 of 工作上要, 对下 of 对下一步, 讲了): a tokenizer's seam or
 * the question's frame, not a topic.
 */
export const FUNCTION_ONLY = /^[的了在上下要是对把和与及将从为被就也都还又中之里内讲说]+$/u;
/** An item's head, cut at a comma when longer than about 70 characters. */
export function shortHead(text: string): string {
  if (text.length <= ITEM_CHARS) return text;
  const cut = text.slice(0, ITEM_CHARS);
  const comma = Math.max(cut.lastIndexOf(','), cut.lastIndexOf('，'), cut.lastIndexOf('；'), cut.lastIndexOf(';'));
  return `${comma > ITEM_CHARS / 3 ? cut.slice(0, comma) : cut}…`;
}
