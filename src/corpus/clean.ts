import { repairLine } from './repair.js';
import { toSimplified } from './script.js';

/** What a page says about itself rather than about the meeting. */
export interface PageMetadata {
  source?: string;
  published?: string;
  views?: number;
}

/** Cleaned paragraphs in document order, the page metadata, and how many lines were dropped as boilerplate. */
export interface CleanedText {
  paragraphs: string[];
  /** The paragraphs in simplified script, index for index. */
  simplified: string[];
  metadata: PageMetadata;
  droppedLines: number;
}

/** Lines that are page furniture, matched on the simplified form. */
const BOILERPLATE: RegExp[] = [
  /投稿邮箱|投稿信箱/,
  /详情请.{0,4}访问|欢迎访问|请访问|更多.{0,6}请访问/,
  /预览阅读已结束|若您需要全文|联系老师|点击.{0,8}联系/,
  /扫一扫在手机|手机打开当前页|扫描二维码|分享到[:：]/,
  /^(?:上一篇|下一篇|返回顶部|打印本页|关闭窗口|责任编辑)/,
  /^(?:https?:\/\/|www\.)\S+$/i,
  /^\S+@\S+\.\w+$/,
];
const SOURCE = /来源[:：]\s*(\S+)/;
const PUBLISHED =
  /(?:发布时间|发布日期|时间)[:：]\s*(\d{4}[-/年.]\d{1,2}[-/月.]\d{1,2}日?(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?)/;
const VIEWS = /(?:浏览|阅读|点击)(?:次数|量)?[:：]\s*(\d+)\s*次?/;

/** Reads source/date/views from a short metadata line; values are taken from the line as written (its own script). */
function readMetadata(simplified: string, line: string, metadata: PageMetadata): boolean {
  const source = simplified.match(SOURCE);
  const published = simplified.match(PUBLISHED);
  const views = simplified.match(VIEWS);
  const matched = [source, published, views].filter(Boolean).length;
  // A metadata line is short and made of these fields; a paragraph that merely mentions 来源 is not.
  if (matched === 0 || (matched === 1 && simplified.length > 40)) return false;
  if (source?.[1]) {
    // OpenCC keeps lengths, so the simplified match locates the value in the original line.
    const at = (source.index ?? 0) + source[0].length - source[1].length;
    metadata.source = simplified.length === line.length ? line.slice(at, at + source[1].length) : source[1];
  }
  if (published?.[1]) metadata.published = published[1];
  if (views?.[1]) metadata.views = Number(views[1]);
  return true;
}

/** True for a line that carries no text of the meeting (ads, share prompts, contact lines). */
export function isBoilerplate(line: string, simplified = toSimplified(line)): boolean {
  // Page furniture is short or carries a link/address; a long paragraph that mentions 请访问 in passing is content.
  if (simplified.length > 60 && !/https?:\/\/|www\.|\S@\S+\.\w/i.test(simplified)) return false;
  return BOILERPLATE.some((pattern) => pattern.test(simplified));
}

/**
 * Cleans a scraped page into paragraphs: repairs debris in each line, drops boilerplate lines and empty ones,
 * and turns source/date/view-count lines into metadata. Original script and wording are kept.
 */
export function cleanText(raw: string): CleanedText {
  const metadata: PageMetadata = {};
  const paragraphs: string[] = [];
  const simplifiedParagraphs: string[] = [];
  let droppedLines = 0;
  for (const rawLine of raw.replace(/\r\n?/g, '\n').split('\n')) {
    const line = repairLine(rawLine.replace(/^\uFEFF/, ''));
    if (line === '' || /^[\s|｜\-—_=*·•]+$/.test(line)) continue;
    const simplified = toSimplified(line);
    if (isBoilerplate(line, simplified) || readMetadata(simplified, line, metadata)) {
      droppedLines++;
      continue;
    }
    const paragraph = line.replace(/\s*[|｜]\s*$/, '');
    paragraphs.push(paragraph);
    simplifiedParagraphs.push(
      simplified.length === line.length ? simplified.slice(0, paragraph.length) : toSimplified(paragraph),
    );
  }
  return { paragraphs, simplified: simplifiedParagraphs, metadata, droppedLines };
}
