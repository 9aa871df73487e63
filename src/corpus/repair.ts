import iconv from 'iconv-lite';
import { getCommonChars } from './common-chars.js';
import { toSimplified } from './script.js';

const PINYIN = 'a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü';
/** `區(qū)` → `區`: a pinyin reading in parentheses right after a Han character. */
const ANNOTATION = new RegExp(`(?<=\\p{Script=Han})\\([${PINYIN}]+\\)`, 'gu');
/** What a lost character leaves behind: `?lián)`, `?qū)`, or `?!` (a lead byte lost, its quote mark shifted). */
const DEBRIS = new RegExp(`\\?(?:[${PINYIN}]+\\)|!)`, 'u');
const CJK_PUNCTUATION = /[“”‘’，。、；：？！（）《》—…]/u;

function isReadable(text: string): boolean {
  if (text.length === 0) return false;
  const common = getCommonChars();
  for (const ch of text) {
    if (CJK_PUNCTUATION.test(ch)) continue;
    if (!common.has(toSimplified(ch))) return false;
  }
  return true;
}

/**
 * Re-reads a run that was decoded one byte out of step (GBK bytes shifted by a lost lead byte).
 * Returns the recovered characters, or '' when the result is not everyday text.
 */
function realign(run: string, lostQuoteByte: boolean): string {
  let bytes = iconv.encode(run, 'gbk');
  bytes = lostQuoteByte ? Buffer.concat([Buffer.from([0xa1]), bytes]) : bytes.subarray(1);
  if (bytes.length % 2 === 1) bytes = bytes.subarray(0, bytes.length - 1);
  const text = iconv.decode(bytes, 'gbk');
  return !text.includes('\uFFFD') && isReadable(text) ? text : '';
}

/** Finds the mis-aligned run after a debris marker: `{ length, recovered }` of the text to replace. */
function readRun(rest: string, lostQuoteByte: boolean): { length: number; recovered: string } {
  const letter = rest.match(/^(\p{Script=Han}{0,2})[A-Za-z](?![A-Za-z])/u);
  if (letter) return { length: letter[0].length, recovered: letter[1] ? realign(letter[0], lostQuoteByte) : '' };
  const question = rest.match(/^([^\s?,，。;；:：“”]{2,8})\?/u);
  if (question?.[1] && !isReadable(question[1])) {
    return { length: question[0].length, recovered: realign(question[1], lostQuoteByte) };
  }
  return { length: 0, recovered: '' };
}

const QUESTION_WORD = /(?:吗|嗎|呢|么|麼|什|怎|哪|谁|誰|几|幾|多少|是否|为何|為何|难道|難道)[^。！？!?,，]*$/u;

/** A lone `?` after a question word (怎么办?) is punctuation; elsewhere between characters it marks a lost one. */
function isRealQuestionMark(mark: string, before: string): boolean {
  return mark.trim() === '?' && !/\s/.test(mark) && QUESTION_WORD.test(before);
}

/**
 * Removes scraping debris from one line without changing real wording: pinyin readings after characters,
 * fragments of lost characters (recovering the neighbours a byte shift garbled when that reads cleanly),
 * and stray `?` placeholders. Real parentheses such as `(扩大)` and `(雅安)` stay.
 */
export function repairLine(line: string): string {
  let text = line.replace(ANNOTATION, '');
  let out = '';
  for (let match = DEBRIS.exec(text); match; match = DEBRIS.exec(text)) {
    const rest = text.slice(match.index + match[0].length);
    const run = readRun(rest, match[0] === '?!');
    out += text.slice(0, match.index) + run.recovered;
    text = rest.slice(run.length);
  }
  out += text;
  return out
    .replace(ANNOTATION, '')
    .replace(
      /(?<=\p{Script=Han})[ \t]*\?[ \t]*(?:\?[ \t]*)*(?=\p{Script=Han})/gu,
      (mark, offset: number, whole: string) =>
        isRealQuestionMark(mark, whole.slice(Math.max(0, offset - 12), offset)) ? '?' : ' ',
    )
    .replace(/[ \t\u3000\u00a0]+/g, ' ')
    .trim();
}
