// Herald's HTTP server: the device API (/api/v1) answered directly, everything else by Next.js.
import "server-only";
import { createServer, type Server, type ServerResponse } from "node:http";
import next from "next";
import { metricsPath, serveMetrics } from "@/server/ops/metrics-endpoint";
import { stampRequest, trustedProxies } from "@/server/auth/client-address";
import { logRefusal } from "@/server/log-limit";
import { readiness } from "@/server/ops/readiness";
import { refuseBeforeNext } from "./http-guard";
import { apiPrefix } from "./routes";
import { serveApiRequest } from "./http-adapter";

// How long close() lets requests in flight finish before it cuts their connections.
const closeGraceMs = 3_000;

// Where and how to serve (dev: Next.js's development server).
export interface HttpServerOptions {
  dir: string;
  port: number;
  hostname?: string;
  dev: boolean;
}

// /healthz: alive. /readyz: database, migrations, a worker heartbeat and the MQTT broker (server/ops).
async function answerProbe(probe: string, dir: string, head: boolean, res: ServerResponse): Promise<void> {
  let status = 200;
  let body: unknown = { status: "ok" };
  if (probe === "/readyz") {
    try {
      const ready = await readiness(dir);
      status = ready.status === "ready" ? 200 : 503;
      body = ready;
    } catch (error) {
      status = 503;
      body = { status: "not_ready", error: error instanceof Error ? error.message : String(error) };
    }
  }
  res.writeHead(status, { "content-type": "application/json", "cache-control": "no-store" });
  res.end(head ? undefined : JSON.stringify(body));
}

// Starts the server and resolves once it listens; close() stops it and Next.js.
export async function startHttpServer(options: HttpServerOptions): Promise<{ server: Server; close(): Promise<void> }> {
  const app = next({
    dev: options.dev,
    dir: options.dir,
    hostname: options.hostname ?? "localhost",
    port: options.port,
  });
  // HERALD_HOST (default: every interface) is where the server listens.
  const handle = app.getRequestHandler();
  await app.prepare();
  const proxies = trustedProxies();
  const server = createServer((req, res) => {
    const url = req.url ?? "/";
    const probe = url.split("?")[0];
    if ((probe === "/healthz" || probe === "/readyz") && (req.method === "GET" || req.method === "HEAD")) {
      void answerProbe(probe, options.dir, req.method === "HEAD", res);
      return;
    }
    if (probe === metricsPath) return void serveMetrics(req, res);
    // The client's address (sign-in throttling) and HTTPS or not (HSTS, Secure cookies), from the socket
    // or a trusted proxy, never from a header the client wrote.
    stampRequest(req, proxies);
    if (url === apiPrefix || url.startsWith(`${apiPrefix}/`)) {
      void serveApiRequest(req, res);
      return;
    }
    const refusal = refuseBeforeNext(req);
    if (refusal) {
      const level = refusal.status === 403 ? "warn" : "info";
      logRefusal(
        `http:${refusal.status}`,
        { status: refusal.status, reason: refusal.detail },
        "request refused",
        level,
      );
      res.writeHead(refusal.status, {
        "content-type": "application/problem+json",
        "x-content-type-options": "nosniff",
      });
      res.end(JSON.stringify({ type: "about:blank", ...refusal }));
      req.resume();
      return;
    }
    void handle(req, res);
  });
  // Next.js's dev server reloads the browser over a WebSocket on the same port.
  server.on("upgrade", (req, socket, head) => void app.getUpgradeHandler()(req, socket, head));
  server.keepAliveTimeout = 65_000;
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port, options.hostname, resolve);
  });
  return {
    server,
    // Stops accepting connections, closes idle keep-alive ones at once, gives requests in flight (an
    // inbox long poll) a few seconds, then closes what is left, and stops Next.js.
    close: () =>
      new Promise<void>((resolve) => {
        const force = setTimeout(() => server.closeAllConnections(), closeGraceMs);
        force.unref();
        server.close(() => {
          clearTimeout(force);
          void app.close().then(
            () => resolve(),
            () => resolve(),
          );
        });
        server.closeIdleConnections();
      }),
  };
}
