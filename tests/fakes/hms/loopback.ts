// The HTTPS server under the Huawei and Honor fakes: TLS with a checked-in self-signed certificate on
// 127.0.0.1, HTTP/1.1 (what both vendors' token and send endpoints speak to Node's https client),
// whole request bodies handed to a handler, optional latency, unanswered ("hang") requests destroyed
// on close, and the control API every fake shares under /__fake/*.
import { readFileSync } from "node:fs";
import https from "node:https";
import type { IncomingHttpHeaders, ServerResponse } from "node:http";

// A request as a fake sees it.
export interface FakeRequest {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

// A fake's answer, or "hang" to never answer.
export type FakeReply = { status: number; body: string; headers?: Record<string, string> } | "hang";

// The control API of a fake: a route name (configure, reset, stats, tokens, bodies, …) and its JSON input.
export type ControlHandler = (route: string, input: Record<string, unknown>) => Promise<unknown>;

export interface LoopbackOptions {
  tlsDir: string;
  name: string;
  port?: number;
  host?: string;
  handle: (request: FakeRequest) => FakeReply;
  control: ControlHandler;
  latencyMs: () => number;
}

// A running loopback server.
export interface Loopback {
  port: number;
  // https://127.0.0.1:<port>
  url: string;
  ca: string;
  caFile: string;
  close(): Promise<void>;
}

const json = (res: ServerResponse, status: number, body: string, headers: Record<string, string> = {}) =>
  res.writeHead(status, { "content-type": "application/json;charset=UTF-8", ...headers }).end(body);

// Starts the server; resolves once it listens.
export async function startLoopback(options: LoopbackOptions): Promise<Loopback> {
  const caFile = `${options.tlsDir}/${options.name}.crt`;
  const hanging = new Set<ServerResponse>();
  const server = https.createServer(
    { key: readFileSync(`${options.tlsDir}/${options.name}.key`), cert: readFileSync(caFile), keepAlive: true },
    (req, res) => {
      const chunks: Buffer[] = [];
      req.on("data", (chunk: Buffer) => chunks.push(chunk));
      req.on("end", () => {
        const body = Buffer.concat(chunks);
        const path = req.url ?? "/";
        if (path.startsWith("/__fake/")) {
          let input: Record<string, unknown> = {};
          try {
            input = body.length ? (JSON.parse(body.toString("utf8")) as Record<string, unknown>) : {};
          } catch {
            return json(res, 400, JSON.stringify({ error: "control input is not JSON" }));
          }
          const route = path.slice("/__fake/".length).split("?")[0]!;
          options.control(route, input).then(
            (value) => json(res, 200, JSON.stringify(value ?? {})),
            (error: Error) => json(res, 404, JSON.stringify({ error: error.message })),
          );
          return;
        }
        const reply = options.handle({ method: req.method ?? "GET", path, headers: req.headers, body });
        if (reply === "hang") {
          hanging.add(res);
          res.once("close", () => hanging.delete(res));
          return;
        }
        const answer = () => json(res, reply.status, reply.body, reply.headers);
        const latency = options.latencyMs();
        if (latency > 0) setTimeout(answer, latency);
        else answer();
      });
    },
  );
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, options.host ?? "127.0.0.1", () => resolve());
  });
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : 0;
  return {
    port,
    url: `https://127.0.0.1:${port}`,
    ca: readFileSync(caFile, "utf8"),
    caFile,
    close: () =>
      new Promise<void>((resolve) => {
        for (const res of hanging) res.destroy();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

// Reads a form-encoded body.
export function readForm(body: Buffer): URLSearchParams {
  return new URLSearchParams(body.toString("utf8"));
}

// The calendar day (UTC+8, the vendors' clock) of an epoch time, as YYYY-MM-DD.
export function chinaDay(epochMs: number): string {
  return new Date(epochMs + 8 * 3600_000).toISOString().slice(0, 10);
}
