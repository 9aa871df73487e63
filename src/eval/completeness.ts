import type { Answer } from '../answer/types.js';
import { repairLine } from '../corpus/repair.js';
import { normalizeText } from '../corpus/script.js';
import type { OnTopicQaItem } from './qa.js';

/** What an answer lacks against an item's `must` phrases and `meetings` prefixes. */
export interface CompletenessCheck {
  /** True when the item states no expectations (nothing to check) or every one holds. */
  complete: boolean;
  /** True when the item has `must` or `meetings`. */
  checked: boolean;
  missingPhrases: string[];
  missingMeetings: string[];
}

/**
 * Text in the form must-phrases are compared in: debris repaired as at ingest (a phrase copied from the raw page keeps
 * its `穩(wěn)定` pinyin, the answer shows `穩定`), simplified, NFKC-folded, without punctuation, spaces or `[n]`.
 */
export function normalizePhrase(text: string): string {
  return normalizeText(repairLine(text.replace(/\[\d+\]/gu, ''))).replace(/[^\p{L}\p{N}]/gu, '');
}

/** Checks that the answer holds every `must` phrase and cites a meeting for every `meetings` prefix. */
export function checkCompleteness(item: Pick<OnTopicQaItem, 'must' | 'meetings'>, answer: Answer): CompletenessCheck {
  const text = normalizePhrase(answer.answer);
  const missingPhrases = (item.must ?? []).filter((phrase) => !text.includes(normalizePhrase(phrase)));
  const cited = answer.citations.map((citation) => citation.meeting.id);
  const missingMeetings = (item.meetings ?? []).filter((prefix) => !cited.some((id) => id.startsWith(prefix)));
  const checked = item.must !== undefined || item.meetings !== undefined;
  return {
    complete: missingPhrases.length === 0 && missingMeetings.length === 0,
    checked,
    missingPhrases,
    missingMeetings,
  };
}
