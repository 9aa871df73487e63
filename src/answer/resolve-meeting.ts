import type { Meeting } from '../corpus/meeting.js';
import { normalizeText } from '../corpus/script.js';

/**
 * Creates a resolver of meeting references: a number (`4`, `#4`) is a position in the list, a leading-zero
 * number (`004`) or any other text an id or unique id prefix, else a part of title or place in either script.
 * Returns undefined when nothing or more than one meeting matches.
 */
export function createMeetingResolver(meetings: Meeting[]): (ref: string) => Meeting | undefined {
  const byId = new Map(meetings.map((m) => [m.id, m]));
  const headings = meetings.map((m) => normalizeText(`${m.title} ${m.place}`));
  return (ref) => {
    const wanted = ref.trim().replace(/^#/, '');
    if (!wanted) return undefined;
    const byPrefix = meetings.filter((m) => m.id.startsWith(wanted));
    if (/^0\d*$/.test(wanted) && byPrefix.length === 1) return byPrefix[0];
    if (/^\d+$/.test(wanted)) return meetings[Number(wanted) - 1];
    const exact = byId.get(wanted);
    if (exact) return exact;
    if (byPrefix.length === 1) return byPrefix[0];
    const key = normalizeText(wanted);
    const matches = meetings.filter((_, i) => headings[i]?.includes(key));
    return matches.length === 1 ? matches[0] : undefined;
  };
}
