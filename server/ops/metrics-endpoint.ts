// GET /metrics: the Prometheus text format, for a scraper holding HERALD_METRICS_TOKEN.
// - Without HERALD_METRICS_TOKEN the endpoint is disabled: 404 (problem+json), nothing is revealed.
// - With it, a request must carry `Authorization: Bearer <token>`; a missing or wrong one is 401
//   problem+json with `WWW-Authenticate: Bearer`. The comparison is constant-time (both sides hashed
//   to the same length first, so neither the token's content nor its length leaks through timing).
// - Only GET and HEAD: anything else is 405 with Allow.
// The web server (server/device-api/http-server.ts) answers it with every metric; a worker running on
// its own serves its process's metrics on HERALD_WORKER_METRICS_PORT (startMetricsListener).
import "server-only";
import { createHash, timingSafeEqual } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { log } from "@/server/log";
import { metricsRegistry } from "./metrics";

export const metricsPath = "/metrics";

function problem(res: ServerResponse, status: number, title: string, detail: string, headers = {}) {
  res.writeHead(status, {
    "content-type": "application/problem+json",
    "cache-control": "no-store",
    "x-content-type-options": "nosniff",
    ...headers,
  });
  res.end(JSON.stringify({ type: "about:blank", title, status, detail }));
}

const digest = (text: string) => createHash("sha256").update(text, "utf8").digest();

// True when the request's bearer token is `expected`.
export function bearerMatches(authorization: string | undefined, expected: string): boolean {
  const match = /^Bearer[ \t]+(\S+)[ \t]*$/i.exec(authorization ?? "");
  // A missing header is compared like any other token, so refusing it takes the same time.
  return timingSafeEqual(digest(match?.[1] ?? ""), digest(expected)) && match !== null;
}

// Answers one /metrics request with the registry of `scope` (see metrics.ts).
export async function serveMetrics(
  req: IncomingMessage,
  res: ServerResponse,
  scope: "all" | "process" = "all",
): Promise<void> {
  req.resume();
  const token = process.env.HERALD_METRICS_TOKEN;
  if (!token) return problem(res, 404, "Not found", "Metrics are disabled: HERALD_METRICS_TOKEN is not set.");
  const method = (req.method ?? "GET").toUpperCase();
  if (method !== "GET" && method !== "HEAD")
    return problem(res, 405, "Method not allowed", `${method} is not supported here; use GET.`, {
      allow: "GET, HEAD",
    });
  if (!bearerMatches(req.headers.authorization, token))
    return problem(res, 401, "Unauthorized", "A valid metrics token is required (Authorization: Bearer).", {
      "www-authenticate": 'Bearer realm="herald-metrics"',
    });
  try {
    const registry = metricsRegistry(scope);
    const body = await registry.metrics();
    res.writeHead(200, { "content-type": registry.contentType, "cache-control": "no-store" });
    res.end(method === "HEAD" ? undefined : body);
  } catch (error) {
    log.error({ err: error }, "metrics: scrape failed");
    problem(res, 500, "Internal server error", "The metrics could not be collected.");
  }
}

// A worker's own listener (HERALD_WORKER_METRICS_PORT): /metrics with this process's metrics, 404 elsewhere.
export async function startMetricsListener(port: number, host?: string): Promise<Server> {
  const server = createServer((req, res) => {
    if ((req.url ?? "/").split("?")[0] === metricsPath) void serveMetrics(req, res, "process");
    else {
      req.resume();
      problem(res, 404, "Not found", "This listener serves /metrics only.");
    }
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, resolve);
  });
  return server;
}
