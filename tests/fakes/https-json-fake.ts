// The plumbing the vivo and JPush fakes share: an HTTPS (HTTP/1.1) server on loopback with a checked-in
// self-signed certificate, JSON request bodies, a control API under /__fake/ for a fake running in
// another process, and a runner for `tsx <fake>/server.ts --port N` that prints one ready line.
import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import type { IncomingHttpHeaders } from "node:http";
import https from "node:https";
import { createInterface } from "node:readline";
import { pathToFileURL } from "node:url";

// One request as the vendor part of a fake sees it.
export interface FakeRequest {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  // The parsed JSON body, or undefined when it was not JSON.
  body: unknown;
  raw: string;
}

// What the vendor part answers.
export interface FakeReply {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
}

// A control route: takes the JSON input (or query for GET), answers JSON.
export type ControlRoutes = Record<string, (input: Record<string, unknown>) => unknown>;

export interface JsonHttpsFake {
  port: number;
  url: string;
  ca: string;
  caFile: string;
  close(): Promise<void>;
}

// Starts the server; `handle` answers vendor requests, `control` the /__fake/ routes ("POST /__fake/x").
export async function startJsonHttpsFake(options: {
  keyFile: string;
  certFile: string;
  port?: number;
  host?: string;
  latencyMs: () => number;
  handle: (request: FakeRequest) => FakeReply;
  control: ControlRoutes;
}): Promise<JsonHttpsFake> {
  const server = https.createServer({ key: readFileSync(options.keyFile), cert: readFileSync(options.certFile) });
  server.keepAliveTimeout = 30_000;
  server.on("request", (req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const raw = Buffer.concat(chunks).toString("utf8");
      let body: unknown;
      try {
        body = raw ? (JSON.parse(raw) as unknown) : undefined;
      } catch {
        body = undefined;
      }
      const url = new URL(req.url ?? "/", "https://fake");
      const respond = (reply: FakeReply) =>
        res
          .writeHead(reply.status, { "content-type": "application/json;charset=UTF-8", ...reply.headers })
          .end(typeof reply.body === "string" ? reply.body : JSON.stringify(reply.body));
      if (url.pathname.startsWith("/__fake/")) {
        const route = options.control[`${req.method} ${url.pathname}`];
        if (!route) return respond({ status: 404, body: { error: `no control route ${url.pathname}` } });
        try {
          const input = req.method === "GET" ? Object.fromEntries(url.searchParams) : (body ?? {});
          return respond({ status: 200, body: route(input as Record<string, unknown>) ?? {} });
        } catch (error) {
          return respond({ status: 400, body: { error: String(error) } });
        }
      }
      const reply = options.handle({
        method: req.method ?? "GET",
        path: url.pathname,
        headers: req.headers,
        body,
        raw,
      });
      const latency = options.latencyMs();
      if (latency > 0) setTimeout(() => respond(reply), latency);
      else respond(reply);
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, options.host ?? "127.0.0.1", () => resolve());
  });
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : 0;
  return {
    port,
    url: `https://127.0.0.1:${port}`,
    ca: readFileSync(options.certFile, "utf8"),
    caFile: options.certFile,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

// Runs a fake as its own process when `moduleUrl` is the entry script: `--port N [--host H]`, one JSON
// ready line {"ready":true,"port","url","caFile"} on stdout, stops on SIGTERM/SIGINT.
export function runAsProcess(
  moduleUrl: string,
  start: (options: {
    port: number;
    host: string;
  }) => Promise<{ port: number; url: string; caFile: string; close(): Promise<void> }>,
) {
  if (!process.argv[1] || moduleUrl !== pathToFileURL(process.argv[1]).href) return;
  const argument = (name: string) => {
    const index = process.argv.indexOf(`--${name}`);
    return index > 0 ? process.argv[index + 1] : undefined;
  };
  start({ port: Number(argument("port") ?? 0), host: argument("host") ?? "127.0.0.1" }).then(
    (fake) => {
      process.stdout.write(`${JSON.stringify({ ready: true, port: fake.port, url: fake.url, caFile: fake.caFile })}\n`);
      const stop = () => void fake.close().then(() => process.exit(0));
      process.on("SIGTERM", stop);
      process.on("SIGINT", stop);
    },
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
}

// Calls a fake's control API in another process.
export async function callFakeControl<T>(url: string, ca: string, route: string, input?: unknown): Promise<T> {
  const [method, path] = route.split(" ") as [string, string];
  const body = input === undefined ? undefined : JSON.stringify(input);
  return new Promise<T>((resolve, reject) => {
    const request = https.request(
      new URL(path, url),
      { method, ca, headers: { "content-type": "application/json" } },
      (response) => {
        const chunks: Buffer[] = [];
        response.on("data", (chunk: Buffer) => chunks.push(chunk));
        response.on("end", () => {
          const text = Buffer.concat(chunks).toString("utf8");
          if (response.statusCode !== 200) reject(new Error(`fake control ${route}: ${response.statusCode} ${text}`));
          else resolve(JSON.parse(text) as T);
        });
      },
    );
    request.on("error", reject);
    request.end(body);
  });
}

// The calendar day in China (UTC+8) of a moment: the unit of the vendors' daily quotas and device caps.
export function chinaDay(now = Date.now()): string {
  return new Date(now + 8 * 3_600_000).toISOString().slice(0, 10);
}

// A fake running in its own process (benchmarks keep the fake's CPU off the sender's event loop).
export interface SpawnedFake {
  port: number;
  url: string;
  ca: string;
  caFile: string;
  pid: number;
  // Calls a control route ("POST /__fake/configure", "GET /__fake/stats", ...).
  control<T>(route: string, input?: unknown): Promise<T>;
  stop(): Promise<void>;
}

// Spawns `node --import tsx <script> --port N` and waits for its ready line.
export async function spawnJsonHttpsFake(script: string, port = 0): Promise<SpawnedFake> {
  const child = spawn(process.execPath, ["--import", "tsx", script, "--port", String(port)], {
    stdio: ["ignore", "pipe", "inherit"],
  });
  const ready = await new Promise<{ port: number; url: string; caFile: string }>((resolve, reject) => {
    child.once("exit", (code) => reject(new Error(`fake ${script} exited early (${code})`)));
    createInterface({ input: child.stdout! }).once("line", (line) => {
      try {
        resolve(JSON.parse(line) as { port: number; url: string; caFile: string });
      } catch (error) {
        reject(error instanceof Error ? error : new Error(String(error)));
      }
    });
  });
  child.removeAllListeners("exit");
  const ca = readFileSync(ready.caFile, "utf8");
  return {
    ...ready,
    ca,
    pid: child.pid!,
    control: (route, input) => callFakeControl(ready.url, ca, route, input),
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once("exit", () => resolve());
        child.kill("SIGTERM");
      }),
  };
}
