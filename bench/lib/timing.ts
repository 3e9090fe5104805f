// Percentiles of repeated timings for benchmarks.
export interface Timing {
  runs: number;
  p50: number;
  p95: number;
  max: number;
}

// Nearest-rank percentile of sorted values.
function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

// Runs `work` `warmup` times untimed, then `runs` times timed (ms, wall clock).
export async function timeRuns(runs: number, warmup: number, work: () => Promise<unknown>): Promise<Timing> {
  for (let i = 0; i < warmup; i++) await work();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    await work();
    times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  return { runs, p50: percentile(times, 50), p95: percentile(times, 95), max: times.at(-1)! };
}

export const ms = (value: number) => `${value.toFixed(1)} ms`;
export const describeTiming = (t: Timing) => `p50 ${ms(t.p50)}, p95 ${ms(t.p95)}, max ${ms(t.max)} (${t.runs} runs)`;
