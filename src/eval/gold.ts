import type { Meeting } from '../corpus/meeting.js';
import { repairLine } from '../corpus/repair.js';
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

/** An on-topic QA item whose gold paragraph cannot be found, and why. */
export interface UnresolvedItem {
  id: string;
  reason: string;
}

/** Gold paragraphs per resolvable item id, and the items that resolve to none. */
export interface GoldResolution {
  gold: Map<string, ParagraphRef[]>;
  unresolved: UnresolvedItem[];
}

/** The paragraphs `resolveGold` searches: every paragraph of every meeting, with its text. */
export interface GoldSource {
  meetings(): { id: string; paragraphs: number }[];
  paragraph(meetingId: string, n: number): { text: string } | undefined;
}

/**
 * Finds each item's gold paragraphs (any paragraph of a meeting whose id starts with `doc` that contains `key`);
 * an item whose doc or key matches nothing is listed in `unresolved` with the reason, never thrown.
 */
export function resolveGold(source: GoldSource, items: readonly OnTopicQaItem[]): GoldResolution {
  const paragraphs = source.meetings().flatMap((meeting) =>
    Array.from({ length: meeting.paragraphs }, (_, i) => {
      const view = source.paragraph(meeting.id, i + 1);
      return { meetingId: meeting.id, paragraph: i + 1, normalized: normalizeKey(view?.text ?? '') };
    }),
  );
  const gold = new Map<string, ParagraphRef[]>();
  const unresolved: UnresolvedItem[] = [];
  for (const item of items) {
    const candidates = paragraphs.filter((p) => p.meetingId.startsWith(item.doc));
    // A key copied from the raw page may keep debris (`穩(wěn)定`) that ingest repaired in the paragraph.
    const key = normalizeKey(repairLine(item.key));
    const matches = candidates.filter((p) => p.normalized.includes(key));
    if (candidates.length === 0) unresolved.push({ id: item.id, reason: `no meeting id starts with "${item.doc}"` });
    else if (matches.length === 0)
      unresolved.push({ id: item.id, reason: `key "${item.key}" is in no paragraph of "${item.doc}"` });
    else
      gold.set(
        item.id,
        matches.map(({ meetingId, paragraph }) => ({ meetingId, paragraph })),
      );
  }
  return { gold, unresolved };
}

/** Adapts a loaded index's meetings to a `GoldSource`. */
export function goldSourceOf(meetings: readonly Meeting[]): GoldSource {
  const byId = new Map(meetings.map((meeting) => [meeting.id, meeting]));
  return {
    meetings: () => meetings.map((meeting) => ({ id: meeting.id, paragraphs: meeting.paragraphs.length })),
    paragraph: (meetingId, n) => byId.get(meetingId)?.paragraphs[n - 1],
  };
}
