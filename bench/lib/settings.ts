// How the benchmarks read their settings: numbers from BENCH_* environment variables with defaults.

// The number in the environment variable `name`, else `fallback`.
export const setting = (name: string, fallback: number) => Number(process.env[name] ?? fallback);

// The load the events benchmarks (bench:events, bench:events-ab, bench:events-compare) share, so that
// their figures compare: BENCH_DEVICES (100,000) devices, BENCH_CONNECTIONS (16) connections, batches
// of BENCH_BATCH (100) events, and BENCH_RETRY_SHARE (0.02) of the requests re-sending a batch.
export function eventsLoadSettings() {
  return {
    devices: setting("BENCH_DEVICES", 100_000),
    connections: setting("BENCH_CONNECTIONS", 16),
    batchSize: setting("BENCH_BATCH", 100),
    retryShare: setting("BENCH_RETRY_SHARE", 0.02),
  };
}
