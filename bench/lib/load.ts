// What the load generators (bench/lib/*-load.ts, each run as its own process) share: the settings
// every one is given, the autocannon figures every benchmark reads, and the run that posts JSON to
// one API path with the app's key.
import autocannon from "autocannon";

// Where to post, as which app, how hard and for how long.
export interface LoadTarget {
  url: string;
  apiKey: string;
  connections: number;
  durationSeconds: number;
}

// The part of autocannon's result the benchmarks report.
export interface LoadFigures {
  requests: { average: number; total: number };
  latency: { p50: number; p90: number; p99: number; average: number; max: number };
  non2xx: number;
  errors: number;
  timeouts: number;
  "2xx": number;
}

// The settings this process was started with (argv[2], JSON).
export function loadSettings<T extends LoadTarget>(): T {
  return JSON.parse(process.argv[2]) as T;
}

// Posts the bodies `handlers.setupRequest` makes to `path` for the target's duration.
export function postLoad(
  target: LoadTarget,
  path: string,
  handlers: Pick<autocannon.Request, "setupRequest" | "onResponse">,
): Promise<autocannon.Result> {
  return autocannon({
    url: target.url,
    connections: target.connections,
    duration: target.durationSeconds,
    requests: [
      {
        method: "POST",
        path,
        headers: { authorization: `Bearer ${target.apiKey}`, "content-type": "application/json" },
        ...handlers,
      },
    ],
  });
}
