/** The seed meetings as insights read them, loaded once per test file. */
import { loadCorpus } from '../../src/corpus/meeting.js';
import type { InsightMeeting } from '../../src/insights/types.js';
import { SEEDS_DIR } from '../helpers/seed-index.js';

/** Loads the real seeds (numbered 1–5 in id order). */
export async function loadSeedMeetings(): Promise<InsightMeeting[]> {
  const { meetings } = await loadCorpus(SEEDS_DIR);
  return meetings;
}

/** The seed meeting numbered `n`; throws when it is missing so a broken fixture cannot pass. */
export function meetingNumber(meetings: InsightMeeting[], n: number): InsightMeeting {
  const meeting = meetings.find((m) => m.number === n);
  if (!meeting) throw new Error(`no meeting #${n}`);
  return meeting;
}
