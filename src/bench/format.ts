import type { BenchReport } from './run-bench.js';

/** The targets of issue 11 for a 300k-chunk corpus on a two-core machine (the 100k run is held to the same). */
export const BENCH_TARGETS = {
  ingestChunksPerSec: 4000,
  searchP95Ms: 20,
  askP95Ms: 100,
  hnswRecallAt10: 0.95,
  ingestPeakRssMb: 1536,
  rssMb: 1536,
  coldLoadMs: 2000,
  firstSearchMs: 50,
} as const;

function row(label: string, value: string, ok: boolean | undefined, target = ''): string {
  const verdict = ok === undefined ? '' : ok ? '  ok' : '  MISSED';
  return `  ${label.padEnd(16)}${value.padEnd(24)}${target}${verdict}`;
}

/** Renders a bench report for people: one line per figure with its target and whether it was met. */
export function formatBenchReport(report: BenchReport): string {
  const t = BENCH_TARGETS;
  return [
    `Bench over ${report.chunks} chunks`,
    row(
      'ingest',
      `${report.ingestChunksPerSec} chunks/s`,
      report.ingestChunksPerSec >= t.ingestChunksPerSec,
      `≥ ${t.ingestChunksPerSec}`,
    ),
    row('index size', `${(report.indexBytes / 1024 / 1024).toFixed(1)} MB`, undefined),
    row('cold load', `${report.coldLoadMs.toFixed(0)} ms`, report.coldLoadMs <= t.coldLoadMs, `≤ ${t.coldLoadMs} ms`),
    row(
      'first search',
      `${report.firstSearchMs.toFixed(0)} ms`,
      report.firstSearchMs <= t.firstSearchMs,
      `≤ ${t.firstSearchMs} ms`,
    ),
    row('rss after load', `${report.rssMb.toFixed(0)} MB`, report.rssMb <= t.rssMb, `≤ ${t.rssMb} MB`),
    row(
      'ingest peak rss',
      `${report.ingestPeakRssMb.toFixed(0)} MB`,
      report.ingestPeakRssMb <= t.ingestPeakRssMb,
      `≤ ${t.ingestPeakRssMb} MB`,
    ),
    row(
      'search k=10',
      `p50 ${report.searchMs.p50} / p95 ${report.searchMs.p95} ms`,
      report.searchMs.p95 <= t.searchP95Ms,
      `p95 ≤ ${t.searchP95Ms} ms`,
    ),
    row(
      'ask (offline)',
      `p50 ${report.askMs.p50} / p95 ${report.askMs.p95} ms`,
      report.askMs.p95 <= t.askP95Ms,
      `p95 ≤ ${t.askP95Ms} ms`,
    ),
    row(
      'HNSW recall@10',
      report.hnswRecallAt10.toFixed(4),
      report.hnswRecallAt10 >= t.hnswRecallAt10,
      `≥ ${t.hnswRecallAt10}`,
    ),
    row('load average', report.loadAverage.toFixed(2), undefined),
  ].join('\n');
}
