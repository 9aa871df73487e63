import { type EngineOptions, openSnapshot } from '../app.js';
import { createRetriever } from '../search/retriever.js';
import { createBigramBaseline } from './baseline-bm25.js';
import { goldSourceOf, resolveGold } from './gold.js';
import { isOffTopic, type OnTopicQaItem, type QaItem } from './qa.js';
import { type ParagraphRanker, type RankingReport, scoreRanking } from './retrieval-eval.js';

/** Which ranker `--ranking` scores: the project's retriever alone, or the naive bigram BM25 baseline. */
export type RankingMode = 'retriever' | 'bm25';

/** Parses `--ranking retriever|bm25`; returns undefined for any other value. */
export function parseRankingMode(text: string): RankingMode | undefined {
  return text === 'retriever' || text === 'bm25' ? text : undefined;
}

/** A ranking report with the ranker's name and the on-topic items left out (no paragraph holds their key). */
export interface RankingRun extends RankingReport {
  ranker: RankingMode;
  unresolved: { id: string; reason: string }[];
}

/**
 * Scores retrieval without the answer composer: the gold paragraph's position in the retriever's (or the naive
 * baseline's) ranked paragraphs, for every on-topic QA item that resolves; off-topic items are skipped.
 */
export async function runRanking(
  engine: EngineOptions,
  qa: readonly QaItem[],
  ks: readonly number[],
  mode: RankingMode,
): Promise<RankingRun> {
  const { snapshot, embedder } = await openSnapshot(engine);
  const meetings = await snapshot.meetings();
  const items = qa.filter((item): item is OnTopicQaItem => !isOffTopic(item));
  const { gold, unresolved } = resolveGold(goldSourceOf(meetings), items);
  let rank: ParagraphRanker;
  if (mode === 'bm25') rank = createBigramBaseline(meetings);
  else {
    const retriever = createRetriever({ store: snapshot, embedder });
    rank = async (question, k) =>
      (await retriever.search(question, { k })).map((p) => ({ meetingId: p.meeting.id, paragraph: p.paragraph.n }));
  }
  return { ranker: mode, ...(await scoreRanking({ items, gold, rank, ks })), unresolved };
}

function row(label: string, value: string): string {
  return `  ${label.padEnd(14)}${value}`;
}

/** Renders a ranking run for people: recall@k, MRR, latency, and the unresolved items. */
export function formatRankingRun(run: RankingRun): string {
  const name = run.ranker === 'bm25' ? 'naive bigram BM25 over paragraphs' : 'retriever alone';
  return [
    `Ranking by ${name} over ${run.questions} on-topic questions`,
    ...Object.entries(run.recall).map(([k, value]) => row(`recall@${k}`, value.toFixed(3))),
    row('MRR', run.mrr.toFixed(3)),
    row('latency', `p50 ${run.latencyMs.p50.toFixed(2)} ms, p95 ${run.latencyMs.p95.toFixed(2)} ms`),
    ...(run.unresolved.length === 0
      ? []
      : [
          '',
          `Unresolved, not scored (key in no paragraph) (${run.unresolved.length}):`,
          ...run.unresolved.map((item) => `  ${item.id}: ${item.reason}`),
        ]),
  ].join('\n');
}
