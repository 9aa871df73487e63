/** Who is responsible for a task and what measurable target it sets, found in the task's own text. */
import { toSimplified } from '../corpus/script.js';

const HAN = '\\p{Script=Han}';
/** Units that own tasks in these reports: districts' streets and towns, zones, bureaus, task forces, cadres. */
const OWNER_UNIT = `(?:街道|乡镇|部门|干部|上下|开发区|高新区|园区|农科园|管委会|局|委|办|专班|中心|单位|企业|社区|镇|村)`;
const OWNER = new RegExp(
  `^(?:(?:当前|同时|今年|四月份|${HAN}{1,3}月份)[，,])?((?:全区|全市|全县)?(?:各级|各|全体)?${HAN}{0,10}?${OWNER_UNIT}(?:[、和与](?:各|全体)?${HAN}{0,8}?${OWNER_UNIT})*)` +
    `(?=${HAN}{0,8}?(?:(?<![需只主重必])要(?![求素])|必须|务必|争取|力争|负责|牵头|主动|切实|进一步))`,
  'u',
);
const LEADING = /^(?:[一二三四五六七八九十]+(?:是|要)|[（(][一二三四五六七八九十]+[）)]|[一二三四五六七八九十]+、)/u;
/** 东区要求全区各级领导干部…: the owner is whom 要求 directs, not who directs. */
const DIRECTED = /^\s*[^，,\s]{0,6}?要求/u;
/** Words ending like units but never owners. */
const NOT_OWNER =
  /^(?:要|把|对|在|将|通过|围绕|按照|坚持|加快|推进|做好|加强|抓|重点|特别|尤其|确保|推动|全力|进一步|切实|认真|全面|持续|扎实)|项目|工作|任务|目标/u;

/** The owner named at the start of a clause before 要/必须/争取/负责 (各街道, 开发区, 全区上下), as written. */
export function findOwner(clause: string): string | undefined {
  const simplified = toSimplified(clause)
    .replace(LEADING, (head) => ' '.repeat(head.length))
    .replace(DIRECTED, (head) => ' '.repeat(head.length));
  const offset = simplified.length - simplified.trimStart().length;
  const match = simplified.trimStart().match(OWNER);
  const owner = match?.[1];
  if (!owner || NOT_OWNER.test(owner) || owner.length < 2) return undefined;
  return clause.slice(offset, offset + owner.length);
}

/** `由…负责` and `…牵头` name an owner anywhere in a task. */
export function findResponsible(text: string): string | undefined {
  const simplified = toSimplified(text);
  const match = simplified.match(new RegExp(`由(${HAN}{2,16}?)(?:负责|牵头)`, 'u'));
  if (!match?.[1] || match.index === undefined) return undefined;
  const start = match.index + 1;
  return text.slice(start, start + match[1].length);
}

const QUOTED_TARGET = /(?:做到|实现|确保|确|力争|争取|达到)[“"「]([^”"」]{2,16})[”"」]/u;
const RANK_TARGET = new RegExp(`(?:确保|力争|争取|争创|保持)${HAN}{0,8}?第[一二三四五六七八九十\\d]+(?:名|位)`, 'u');
const NUMBER_TARGET = /(?:增长|达到|提高到|突破|控制在|完成)\s*\d+(?:\.\d+)?\s*(?:%|％|亿元|万元|个|家|户|亩|公里)/u;
const NAMED_TARGETS = /双过半|时间过半、任务过半/u;

/** The measurable target of a task as written (保二争三, 确保全市考评第一名, 双过半, 增长8%), or undefined. */
export function findTarget(text: string): string | undefined {
  const simplified = toSimplified(text);
  const quoted = simplified.match(QUOTED_TARGET);
  if (quoted?.[1] && quoted.index !== undefined) {
    const start = quoted.index + quoted[0].indexOf(quoted[1]);
    return text.slice(start, start + quoted[1].length);
  }
  for (const pattern of [RANK_TARGET, NUMBER_TARGET, NAMED_TARGETS]) {
    const match = simplified.match(pattern);
    if (match && match.index !== undefined) return text.slice(match.index, match.index + match[0].length);
  }
  return undefined;
}
