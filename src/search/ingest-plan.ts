import { describeInjections } from '../corpus/injection.js';
import { type Corpus, loadCorpus, type Meeting, meetingIdOf } from '../corpus/meeting.js';
import type { Logger } from '../logger.js';
import type { IngestReport } from './ingest.js';

/** What an ingest must do to make a store match its seeds folder. */
export interface IngestPlan {
  /** The folder as read now (its unreadable files in `corpus.errors`). */
  corpus: Corpus;
  /** Meetings that are new or whose file changed: to be chunked and embedded. */
  changed: Meeting[];
  /** Ids of stored meetings whose file is gone (an unreadable file is not gone: its meeting is kept). */
  removed: string[];
  /** Ids of the meetings whose file could not be read this time. */
  failedIds: Set<string>;
  /** Ids of the meetings in the folder now. */
  current: Set<string>;
}

/**
 * Reads `seedsDir` against the meetings a store holds: unchanged files (same path and bytes) keep their stored meeting
 * instead of being parsed again. Logs each repaired document as a warning; never throws for one bad file.
 */
export async function planIngest(stored: readonly Meeting[], seedsDir: string, logger: Logger): Promise<IngestPlan> {
  const previous = new Map(stored.map((meeting) => [meeting.id, meeting]));
  const byFile = new Map(stored.map((meeting) => [meeting.file, meeting]));
  const corpus = await loadCorpus(seedsDir, {
    reuse: (file, hash) => {
      const known = byFile.get(file);
      return known?.hash === hash ? known : undefined;
    },
  });
  const failedIds = new Set(corpus.errors.map((error) => meetingIdOf(error.file)));
  for (const warning of corpus.warnings) logger.warn(`Repaired document ${warning}`);
  const changed = corpus.meetings.filter((meeting) => previous.get(meeting.id)?.hash !== meeting.hash);
  const current = new Set(corpus.meetings.map((meeting) => meeting.id));
  const removed = [...previous.keys()].filter((id) => !current.has(id) && !failedIds.has(id));
  return { corpus, changed, removed, failedIds, current };
}

/**
 * The report of an ingest that carried out `plan` and left the store holding `meetings` in `chunks` chunks, timed from
 * `started` (a `performance.now()` value). Logs each unreadable document and each document that gives orders.
 */
export function reportIngest(
  plan: IngestPlan,
  held: { meetings: readonly Meeting[]; chunks: number },
  rebuiltBecause: string | undefined,
  started: number,
  logger: Logger,
): IngestReport {
  const report: IngestReport = {
    documents: held.meetings.length,
    paragraphs: held.meetings.reduce((sum, meeting) => sum + meeting.paragraphs.length, 0),
    chunks: held.chunks,
    embedded: plan.changed.map((meeting) => meeting.id),
    removed: plan.removed,
    failed: plan.corpus.errors.map((error) => ({ file: error.file, message: error.message })),
    ...(rebuiltBecause ? { rebuiltBecause } : {}),
    seconds: (performance.now() - started) / 1000,
  };
  for (const failure of report.failed) logger.warn(`Skipped unreadable document ${failure.message}`);
  for (const line of plan.changed.map(describeInjections)) if (line) logger.warn(line);
  return report;
}
