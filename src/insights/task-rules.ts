/** Which sentences of a meeting set tasks: an action verb with its object, directed (要, 必须, 确保) or enumerated. */
import { toSimplified } from '../corpus/script.js';

/** Verbs that set work to be done in these reports (checked on simplified text). */
const ACTION = new RegExp(
  [
    '抓',
    '推进',
    '推动',
    '加快',
    '加强',
    '加大',
    '做好',
    '开好',
    '办好',
    '组织',
    '出台',
    '实施',
    '落实',
    '完成',
    '建设',
    '建成',
    '提升',
    '提高',
    '强化',
    '开展',
    '召开',
    '服务',
    '帮助',
    '引导',
    '解决',
    '完善',
    '健全',
    '优化',
    '深化',
    '扩大',
    '保持',
    '查找',
    '改进',
    '明确',
    '聚焦',
    '主攻',
    '压实',
    '压紧',
    '发挥',
    '坚持',
    '突出',
    '统筹',
    '培育',
    '打造',
    '营造',
    '筹备',
    '举办',
    '谋划',
    '启动',
    '通过',
    '化解',
    '整改',
    '防范',
    '保障',
    '促进',
    '增强',
    '放大',
    '招引',
    '考察',
    '美化',
    '严守',
    '维护',
    '做实',
    '规划',
    '编制',
    '贯彻',
    '梳理',
    '排查',
    '治理',
    '保护',
    '实现',
    '攻坚',
    '冲刺',
    '确保',
    '力争',
    '争取',
    '推行',
    '稳定',
    '围绕',
    '进行招商',
    '对接',
    '上市',
    '组建',
    '发展',
    '改造',
    '创建',
    '投入',
    '补齐',
    '紧扣',
    '提速',
    '挖潜',
    '守',
  ].join('|'),
  'u',
);
/** 要 as a modal verb (not inside 要素, 主要, 重要, 需要, 只要, 必要), and 要求 when it names whom it directs. */
const MODAL =
  /(?<![主重需只必纲])要(?![求素点件闻害务紧])|要求[^，,。：:]{0,8}?(?:干部|部门|单位|街道|乡镇|各级)|必须|务必|确保|力争|争取/u;
/** Reports of what happened, procedure and attendance: not tasks even when they hold a verb. */
const NOT_TASK =
  /(?:完成了|进行了|作了|取得了|保持了|通报了|汇报了|听取了|审议了|出席|参加|主持会议|总体平稳|回升向好|调整到位|进展好|热情高涨|成效明显|还需继续努力)/u;
/** A sentence that only announces the items to follow (要抓好五个“精心组织”, 着重抓好三项工作：). */
const UMBRELLA =
  /(?:抓好|做好|提出|强调|突出)[^，,。]{0,4}?[一二三四五六七八九十两\d]+(?:个|项|点|方面)[^，,。]{0,10}[。：:；;]?$/u;
/** An enumeration head opening a sentence: 一是 / 二要 / （三） / 四、. */
const ENUM_HEAD = /^(?:[一二三四五六七八九十]+(?:是|要)|[（(][一二三四五六七八九十]+[）)]|[一二三四五六七八九十]+、)/u;
/** A clause that attributes speech (徐伟南指出，/ 他强调，); stripped before judging and showing a task. */
const ATTRIBUTION = /^[^，,。：:]{0,14}?(?:指出|强调|要求|表示|说|提出|认为)[，,：:]/u;
const CONTEXT = /^(?:当前|同时|会上|目前)[，,]/u;
const IMPERATIVE_LEAD =
  /^(?:特别是|尤其是?|同时[，,]?|并|将|进一步|切实|认真|扎实|全力|持续|积极|大力|精心|着力|著力|狠|深入|继续|严格|全面|[^，,。]{2,6}上[，,])*/u;

/** The sentence without the clauses that attribute it (潘功发强调，) or set the scene (当前，). */
export function stripLead(sentence: string): string {
  let text = sentence;
  for (let i = 0; i < 3; i++) {
    const simplified = toSimplified(text);
    const match = simplified.match(ATTRIBUTION) ?? simplified.match(CONTEXT);
    if (!match) break;
    text = text.slice(match[0].length);
  }
  return text;
}

/** True when the (lead-stripped) sentence opens with an enumeration head (一是…). */
export function isEnumerationHead(sentence: string): boolean {
  return ENUM_HEAD.test(toSimplified(sentence));
}

/** True when the sentence sets a task; `inItem` says it follows an enumeration head in the same paragraph. */
export function isTaskSentence(sentence: string, inItem: boolean): boolean {
  const simplified = toSimplified(stripLead(sentence));
  if (simplified.length < 4 || /[：:]$/u.test(simplified)) return false;
  if (NOT_TASK.test(simplified) || UMBRELLA.test(simplified) || !ACTION.test(simplified)) return false;
  if (ENUM_HEAD.test(simplified) || MODAL.test(simplified)) return true;
  // Outside an enumeration item only an imperative opening (加强…, 组织赴…) makes a bare sentence a task.
  const lead = simplified.match(IMPERATIVE_LEAD)?.[0] ?? '';
  const opensWithAction = new RegExp(`^(?:${ACTION.source})`, 'u').test(simplified.slice(lead.length));
  return opensWithAction || (inItem && /^(?:[^，,。]{1,8}(?:将|要|坚持|继续))/u.test(simplified));
}

/** True when a clause opens with a directive (确保…, 要…), so it stands as a task of its own after owner clauses. */
export function opensWithDirective(clause: string): boolean {
  return /^(?:同时|并)?(?:要|必须|务必|确保|力争|争取)/u.test(toSimplified(clause));
}
