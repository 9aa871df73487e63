import type { Meeting } from '../corpus/meeting.js';
import { normalizeText } from '../corpus/script.js';
import { ACROSS } from './classify.js';
import { ATTRIBUTE_WORDS } from './meeting-attributes.js';
import { topicWords } from './missing.js';

/** Words that ask across meetings, not say about what. */
const ACROSS_FRAME =
  /哪些会议|哪几次会议|哪次会议|哪个会议|这几次会议|几次会议|这些会议|各次会议|各个会议|各会议|各区|所有会议|都|分别|提到了?|谈到了?|讲到了?|涉及(?:到)?了?|部署了?|比较|对比|不同|区别|差异|异同|是在|在/gu;
const ACROSS_ANY = new RegExp(ACROSS.source, 'gu');
const MEETING_WORDS = new Set([
  '会议',
  '召开',
  '举行',
  '时候',
  '时间',
  '日期',
  '哪天',
  '什么时候',
  '何时',
  '开会',
  '名义',
  '名称',
  '名字',
  '会议名称',
  // Words about the reports or where the meetings were held, not about a topic (这几份材料里明确写了…, 哪个区的).
  '这些',
  '材料',
  '报告',
  '里',
  '明确',
  '写',
  '写明',
  '区',
  '地区',
  '报道',
  '篇',
  '几篇',
  '写出',
  '注明',
  '开的',
  ...ATTRIBUTE_WORDS,
]);
/** Words that ask for the shape of each meeting's point (方面, 问题, 要求, 分别, 各自), not what it is about. */
const ASKING_WORDS = new Set([
  '方面',
  '问题',
  '要求',
  '分别',
  '各自',
  '提了',
  '提出',
  '怎么',
  '怎样',
  '如何',
  '评价',
  '看法',
  '哪些',
  '哪几次',
  '几次',
  '什么',
  '内容',
  '提法',
  '说法',
  '表述',
  '专门',
  '几位',
  '哪几位',
  '两次',
  '这两次',
  '列出',
  '按',
  '各是',
  '各有',
  '各为',
  '分别是',
  // Verbs that say a meeting spoke of the topic (强调了安全生产, 对招商引资作了安排), not what it is.
  '强调',
  '指出',
  '安排',
  '提及',
]);
/** A leading clause that says when, not what (在总结上一阶段工作时，…). */
const WHEN_CLAUSE = /在[^，,。？?]{2,20}时[，,]/gu;

/**
 * What a question across meetings is about, without the words that ask across; of a question in two parts
 * (哪些会议提到了污水处理？分别放在什么工作里讲？) only the first, which names the topic, when it names one.
 */
export function acrossTopic(topic: string): string {
  const parts = normalizeText(topic)
    .split(/[？?]/u)
    .map((part) =>
      part.replace(WHEN_CLAUSE, ' ').replace(ACROSS_ANY, ' ').replace(ACROSS_FRAME, ' ').replace(/\s+/gu, ' ').trim(),
    )
    .filter((part) => part !== '');
  const first = parts[0] ?? '';
  return parts.length > 1 && topicWords(first).length > 0 ? first : parts.join(' ');
}

/** What each meeting is searched for: the topic's words, each set of alternatives (讲话或主持) as its variants. */
export interface AcrossTopic {
  query: string;
  variants: string[][];
}

/**
 * The topic's content words, without the words that ask (方面, 要求, 分别) or only name a meeting, and without words
 * no candidate meeting contains when the others are more than half of the topic (出面 of 区长出面讲话); `X或Y` gives one
 * variant per alternative.
 */
export function readAcrossTopic(topic: string, meetings: readonly Meeting[], post?: string): AcrossTopic {
  // A meeting's place (大观区和钟楼区…) says which meetings to look in, not what to look for; nor does an asked post.
  const places = meetings.map((m) => normalizeText(m.place)).filter((place) => place !== '');
  if (post) places.push(post);
  const all = topicWords(topic).filter(
    (word) => !ASKING_WORDS.has(word) && !MEETING_WORDS.has(word) && !places.some((place) => place.includes(word)),
  );
  const long = all.filter((word) => word.length >= 2);
  const texts = meetings.map((m) => normalizeText(m.paragraphs.map((p) => p.text).join('')));
  const present = long.filter((word) => texts.some((text) => text.includes(word)));
  const words = present.length * 2 > long.length ? present : long;
  const alternatives = [...normalizeText(topic).matchAll(/([\p{Script=Han}]{2})或([\p{Script=Han}]{2})/gu)]
    .map((m) => [m[1] ?? '', m[2] ?? ''])
    .filter((pair) => pair.every((word) => words.includes(word)));
  const variants =
    alternatives.length === 0
      ? [words]
      : alternatives.flatMap((pair) =>
          pair.map((keep) => words.filter((word) => word === keep || !pair.includes(word))),
        );
  return { query: words.join(' ') || topic, variants };
}

/** The topic in two-character pieces (经济运行 → 经济 运行), for a named meeting that words it otherwise (经济指标). */
export function piecesOfTopic(topic: AcrossTopic): AcrossTopic {
  const pieces = (words: string[]) =>
    words.flatMap((word) => (word.length >= 4 ? (word.match(/.{2}/gu) ?? [word]) : [word]));
  return { query: pieces(topic.query.split(' ')).join(' '), variants: topic.variants.map(pieces) };
}
