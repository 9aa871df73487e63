/**
 * Prompt-injection detection: sentences of a document that address the assistant (忽略之前的指令, "ignore previous
 * instructions", 回答：…, 你现在是…, "system:") rather than report a meeting. Documents are data, never instructions.
 */
import type { Paragraph } from './meeting.js';
import { normalizeText } from './script.js';

/** Named patterns over script-normalized text (simplified, NFKC, lower case). */
const PATTERNS: readonly [string, RegExp][] = [
  [
    'ignore-instructions',
    /(忽略|无视|忽视|不要理会|不用理会|别管|忘记|忘掉|抛开|跳过)(掉)?(你)?(之前|以上|上面|上述|前面|先前|此前|以前|原有|原来|所有|全部|一切)(的)?(所有|全部|一切)?(的)?(指令|指示|提示词|提示|规则|设定|约束|命令)/u,
  ],
  [
    'ignore-instructions',
    /\b(ignore|disregard|forget|override)\b[^.。]{0,40}\b(instructions?|prompts?|rules|directions|guidelines)\b/u,
  ],
  ['answer-with', /(^|[，。,；;！!？?\s])(请|只|仅|直接)?(回答|回复|输出|答复)[:：]/u],
  [
    'role-change',
    /你现在是|从现在(开始|起)[，,]?你|你(的)?(新)?(身份|角色)(是|为|变成)|你是(一个|一名)?(ai|人工智能|语言模型|助手|聊天机器人|chatgpt|gpt)/u,
  ],
  ['role-change', /\b(you are now|from now on,? you|act as an?|pretend (to be|you are)|new instructions)\b/u],
  ['role-marker', /(^|[。.!！?？\s])(system|assistant|developer)\s*[:：]/u],
  [
    'role-marker',
    /<\|(im_start|im_end|system|endoftext)\|>|\[\/?inst\]|###\s*(instruction|system)|系统提示词?|system prompt/u,
  ],
];

/** Sentence ends, including a final run without one (so `回答：…` up to the paragraph's end is one sentence). */
const SENTENCES = /[^。！？!?\n]+(?:[。！？!?]+|\n|$)/gu;

/** The pattern a text matches (e.g. `ignore-instructions`), or undefined when it does not address the assistant. */
export function detectInjection(text: string): string | undefined {
  const normalized = normalizeText(text);
  return PATTERNS.find(([, pattern]) => pattern.test(normalized))?.[0];
}

/** The sentences of a paragraph that address the assistant, as written. */
export function injectedSentences(text: string): string[] {
  return (text.match(SENTENCES) ?? []).filter((sentence) => detectInjection(sentence) !== undefined);
}

/** Marks paragraphs holding instructions to the assistant (`injection`: the pattern names), for the index to keep. */
export function flagInjections(paragraphs: Paragraph[]): Paragraph[] {
  return paragraphs.map((paragraph) => {
    const kinds = [...new Set(injectedSentences(paragraph.text).map((s) => detectInjection(s) ?? ''))];
    return kinds.length > 0 ? { ...paragraph, injection: kinds } : paragraph;
  });
}

/**
 * The paragraph's text without the sentences that address the assistant (what may be quoted or sent to a model),
 * or undefined when nothing of substance (fewer than 6 letters) remains.
 */
export function withoutInjectedSentences(paragraph: Paragraph): string | undefined {
  if (!paragraph.injection) return paragraph.text;
  const injected = new Set(injectedSentences(paragraph.text));
  const kept = (paragraph.text.match(SENTENCES) ?? []).filter((sentence) => !injected.has(sentence)).join('');
  return (kept.match(/\p{L}/gu) ?? []).length >= 6 ? kept.trim() : undefined;
}

/** Paragraph numbers of a meeting that hold instructions to the assistant. */
export function injectedParagraphs(meeting: { paragraphs: readonly Paragraph[] }): number[] {
  return meeting.paragraphs.filter((paragraph) => paragraph.injection).map((paragraph) => paragraph.n);
}

/** One log line naming a meeting's injected paragraphs, or undefined when it has none. */
export function describeInjections(meeting: { id: string; paragraphs: readonly Paragraph[] }): string | undefined {
  const flagged = meeting.paragraphs.filter((paragraph) => paragraph.injection);
  if (flagged.length === 0) return undefined;
  const list = flagged.map((p) => `¶${p.n} (${p.injection?.join(', ')})`).join(', ');
  return `Document ${meeting.id} addresses the assistant in ${list}: these sentences are never quoted or sent to a model`;
}
