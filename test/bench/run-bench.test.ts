import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { formatBenchReport } from '../../src/bench/format.js';
import { type BenchReport, runBench } from '../../src/bench/run-bench.js';

const SEEDS = fileURLToPath(new URL('../../seeds', import.meta.url));

describe('runBench', () => {
  let report: BenchReport;
  const lines: string[] = [];

  beforeAll(async () => {
    report = await runBench({ chunks: 300, repeats: 1, queries: 40, seedsDir: SEEDS, log: (line) => lines.push(line) });
  }, 120_000);

  it('reports every figure of a 300-chunk run in the agreed JSON shape', () => {
    expect(Object.keys(report).sort()).toEqual(
      [
        'askMs',
        'chunks',
        'coldLoadMs',
        'firstSearchMs',
        'hnswRecallAt10',
        'ingestPeakRssMb',
        'loadAverage',
        'indexBytes',
        'ingestChunksPerSec',
        'rssMb',
        'searchMs',
      ].sort(),
    );
    expect(Object.keys(report.searchMs).sort()).toEqual(['p50', 'p95']);
    expect(Object.keys(report.askMs).sort()).toEqual(['p50', 'p95']);
  });

  it('ingests exactly the requested number of chunks', () => {
    expect(report.chunks).toBe(300);
  });

  it('measures positive sizes, times and memory', () => {
    expect(report.ingestChunksPerSec).toBeGreaterThan(0);
    expect(report.indexBytes).toBeGreaterThan(10_000);
    expect(report.coldLoadMs).toBeGreaterThan(0);
    expect(report.rssMb).toBeGreaterThan(10);
    expect(report.ingestPeakRssMb).toBeGreaterThan(10);
    expect(report.firstSearchMs).toBeGreaterThan(0);
    expect(report.searchMs.p95).toBeGreaterThanOrEqual(report.searchMs.p50);
    expect(report.askMs.p95).toBeGreaterThanOrEqual(report.askMs.p50);
  });

  it('finds nearly the exact nearest neighbours on a small index', () => {
    expect(report.hnswRecallAt10).toBeGreaterThanOrEqual(0.9);
    expect(report.hnswRecallAt10).toBeLessThanOrEqual(1);
  });

  it('says that cold load ran in a fresh process', () => {
    expect(lines.some((line) => line.includes('fresh node process'))).toBe(true);
  });

  it('renders each figure with its target for people', () => {
    expect(formatBenchReport(report)).toMatch(/HNSW recall@10\s+\d\.\d{4}/);
  });
});
