import type { ParagraphRef } from './gold.js';
import type { OnTopicQaItem } from './qa.js';
import { percentile, ratio, round } from './stats.js';

/** Ranks paragraphs for a question, best first. */
export type ParagraphRanker = (question: string, k: number) => Promise<ParagraphRef[]> | ParagraphRef[];

/** Recall@k and MRR of the gold paragraph in a ranker's list (ratios 0..1), and its latency in ms. */
export interface RankingReport {
  questions: number;
  recall: Record<string, number>;
  mrr: number;
  latencyMs: { p50: number; p95: number };
}

/** What `scoreRanking` needs: the items with their gold paragraphs, the ranker, and the cut-offs. */
export interface RankingOptions {
  items: readonly OnTopicQaItem[];
  gold: ReadonlyMap<string, ParagraphRef[]>;
  rank: ParagraphRanker;
  ks: readonly number[];
  now?: () => number;
}

/** Scores a paragraph ranker on the items that have gold paragraphs (others are skipped), after one warm-up. */
export async function scoreRanking(options: RankingOptions): Promise<RankingReport> {
  const { gold, rank, ks } = options;
  const now = options.now ?? (() => performance.now());
  const items = options.items.filter((item) => gold.has(item.id));
  const depth = Math.max(...ks);
  if (items[0]) await rank(items[0].question, depth);
  const ranks: number[] = [];
  const latencies: number[] = [];
  for (const item of items) {
    const started = now();
    const ranked = await rank(item.question, depth);
    latencies.push(now() - started);
    const golds = gold.get(item.id) ?? [];
    ranks.push(
      1 + ranked.findIndex((r) => golds.some((g) => g.meetingId === r.meetingId && g.paragraph === r.paragraph)),
    );
  }
  return {
    questions: items.length,
    recall: Object.fromEntries(
      ks.map((k) => [String(k), round(ratio(ranks.filter((r) => r > 0 && r <= k).length, ranks.length))]),
    ),
    mrr: round(
      ratio(
        ranks.reduce((sum, r) => sum + (r > 0 ? 1 / r : 0), 0),
        ranks.length,
      ),
    ),
    latencyMs: { p50: round(percentile(latencies, 50), 2), p95: round(percentile(latencies, 95), 2) },
  };
}
