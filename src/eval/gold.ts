import type { Assistant } from '../answer/types.js';
import { normalizeText } from '../corpus/script.js';
import { stripQuotes } from '../search/retriever.js';
import type { OnTopicQaItem } from './qa.js';

/** A paragraph address: meeting id and 1-based paragraph number. */
export interface ParagraphRef {
  meetingId: string;
  paragraph: number;
}

/** The form keys and paragraphs are compared in: script-normalized, without quotation marks or whitespace. */
export function normalizeKey(text: string): string {
  return stripQuotes(normalizeText(text)).replace(/\s+/gu, '');
}

/**
 * Finds each item's gold paragraphs (any paragraph of a meeting whose id starts with `doc` that contains `key`);
 * throws one Error listing every item whose doc or key matches nothing.
 */
export function resolveGold(
  assistant: Pick<Assistant, 'meetings' | 'paragraph'>,
  items: readonly OnTopicQaItem[],
): Map<string, ParagraphRef[]> {
  const paragraphs = assistant.meetings().flatMap((meeting) =>
    Array.from({ length: meeting.paragraphs }, (_, i) => {
      const view = assistant.paragraph(meeting.id, i + 1);
      return { meetingId: meeting.id, paragraph: i + 1, normalized: normalizeKey(view?.text ?? '') };
    }),
  );
  const gold = new Map<string, ParagraphRef[]>();
  const problems: string[] = [];
  for (const item of items) {
    const candidates = paragraphs.filter((p) => p.meetingId.startsWith(item.doc));
    const key = normalizeKey(item.key);
    const matches = candidates.filter((p) => p.normalized.includes(key));
    if (candidates.length === 0) problems.push(`${item.id}: no meeting id starts with "${item.doc}"`);
    else if (matches.length === 0) problems.push(`${item.id}: key "${item.key}" is in no paragraph of "${item.doc}"`);
    else
      gold.set(
        item.id,
        matches.map(({ meetingId, paragraph }) => ({ meetingId, paragraph })),
      );
  }
  if (problems.length > 0) throw new Error(`QA items without a gold paragraph:\n- ${problems.join('\n- ')}`);
  return gold;
}
