import { percentile, round } from '../eval/stats.js';

/** Median and tail latency in ms. */
export interface LatencySummary {
  p50: number;
  p95: number;
}

/** Calls `call` once per input in order after `warmUp` untimed calls; returns p50/p95 in ms (0.01 ms precision). */
export async function measureLatency<T>(
  inputs: readonly T[],
  call: (input: T) => Promise<unknown>,
  warmUp = 3,
): Promise<LatencySummary> {
  for (const input of inputs.slice(0, warmUp)) await call(input);
  const timings: number[] = [];
  for (const input of inputs) {
    const started = performance.now();
    await call(input);
    timings.push(performance.now() - started);
  }
  return { p50: round(percentile(timings, 50), 2), p95: round(percentile(timings, 95), 2) };
}
