// The plumbing every vendor fake shares (Huawei, Honor, Xiaomi, OPPO, vivo, JPush; FCM uses its
// process runner and control client): an HTTPS (HTTP/1.1) server on 127.0.0.1 with a checked-in
// self-signed certificate, whole request bodies read as bytes, text, JSON and form, optional latency,
// unanswered ("hang") requests destroyed on close, a JSON control API under /__fake/*, a client for
// that API from another process, the runner that starts a fake as its own process and waits for
// its one ready line, and the arrivals a fake reports to an in-process observer (onArrival: what the
// device simulator reads). The vendors' own rules live in each fake.
import { spawn, type ChildProcess } from "node:child_process";
import { readFileSync } from "node:fs";
import type { Server } from "node:net";
import type { IncomingHttpHeaders } from "node:http";
import https from "node:https";
import { createInterface } from "node:readline";
import { pathToFileURL } from "node:url";

// One vendor request as the fake received it.
export interface FakeRequest {
  method: string;
  // The path without the query.
  path: string;
  // The query's parameters (Alibaba Cloud's RPC calls carry theirs there).
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  contentType: string;
  body: Buffer;
  text: string;
  // The body parsed as JSON, or undefined when it is not JSON.
  json: unknown;
  // The body read as a form (empty unless form-encoded).
  form: URLSearchParams;
}

// An answer: HTTP status, a body (a string goes as it is, anything else as JSON) and extra headers.
export type FakeAnswer = { status: number; body: unknown; headers?: Record<string, string> };
// An answer, or "hang": never answer (until the fake closes).
export type FakeReply = FakeAnswer | "hang";

// Control routes: "POST /__fake/configure" -> handler of the JSON input (the query for GET); its
// result is the answer.
export type ControlRoutes = Record<string, (input: Record<string, unknown>) => unknown>;

// A push a fake accepted and showed on one device (not held back by a cap, not a duplicate): the
// address it went to and the key-values the app there receives (the vendor's data or extras field).
// A fake started with `onArrival` reports each one as it happens (the device simulator listens).
export interface FakeArrival {
  token: string;
  data: Record<string, string>;
  // When the fake accepted it (epoch ms).
  at: number;
  // How long the vendor keeps it for an offline device, when the send said.
  ttlSeconds?: number;
  // True when the fake posts a delivery receipt for it (receipt mode on, and the push, or for Huawei and
  // Honor the console, named where): the vendor then confirms the arrival, not the app.
  receipt?: boolean;
}
export type ArrivalListener = (arrival: FakeArrival) => void;

// The key-values of a data field that is an object or a JSON string holding one (strings only).
export function arrivalData(value: unknown): Record<string, string> {
  let parsed = value;
  if (typeof value === "string") {
    try {
      parsed = JSON.parse(value) as unknown;
    } catch {
      return {};
    }
  }
  if (typeof parsed !== "object" || parsed === null) return {};
  return Object.fromEntries(
    Object.entries(parsed).filter((entry): entry is [string, string] => typeof entry[1] === "string"),
  );
}

// What a running fake exposes besides its vendor API.
export interface RunningFake {
  port: number;
  // https://127.0.0.1:<port>
  url: string;
  ca: string;
  caFile: string;
  close(): Promise<void>;
}

export interface LoopbackFakeOptions {
  keyFile: string;
  certFile: string;
  port?: number;
  host?: string;
  handle(request: FakeRequest): FakeReply | Promise<FakeReply>;
  control: ControlRoutes;
  latencyMs(): number;
}

function parseJson(text: string): unknown {
  try {
    return text ? (JSON.parse(text) as unknown) : undefined;
  } catch {
    return undefined;
  }
}

// Starts the HTTPS server; resolves once it listens.
export async function startLoopbackFake(options: LoopbackFakeOptions): Promise<RunningFake> {
  const hanging = new Set<{ destroy(): void }>();
  const server = https.createServer({
    key: readFileSync(options.keyFile),
    cert: readFileSync(options.certFile),
    keepAlive: true,
  });
  server.keepAliveTimeout = 30_000;
  server.on("request", (req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const body = Buffer.concat(chunks);
      const text = body.toString("utf8");
      const url = new URL(req.url ?? "/", "https://fake");
      const respond = (status: number, value: unknown, headers: Record<string, string> = {}) =>
        res
          .writeHead(status, { "content-type": "application/json;charset=UTF-8", ...headers })
          .end(typeof value === "string" ? value : JSON.stringify(value));
      if (url.pathname.startsWith("/__fake/")) {
        const route = options.control[`${req.method} ${url.pathname}`];
        if (!route) return respond(404, { error: `no control route ${req.method} ${url.pathname}` });
        try {
          const input = req.method === "GET" ? Object.fromEntries(url.searchParams) : (parseJson(text) ?? {});
          return void Promise.resolve(route(input as Record<string, unknown>)).then(
            (value) => respond(200, value ?? {}),
            (error: unknown) => respond(400, { error: String(error) }),
          );
        } catch (error) {
          return respond(400, { error: String(error) });
        }
      }
      const contentType = String(req.headers["content-type"] ?? "");
      const request: FakeRequest = {
        method: req.method ?? "GET",
        path: url.pathname,
        query: url.searchParams,
        headers: req.headers,
        contentType,
        body,
        text,
        json: parseJson(text),
        form: /x-www-form-urlencoded/i.test(contentType) ? new URLSearchParams(text) : new URLSearchParams(),
      };
      void Promise.resolve(options.handle(request)).then((reply) => {
        if (reply === "hang") {
          const socket = res.socket ?? { destroy: () => undefined };
          hanging.add(socket);
          res.once("close", () => hanging.delete(socket));
          return;
        }
        const latency = options.latencyMs();
        const answer = () => respond(reply.status, reply.body, reply.headers);
        if (latency > 0) setTimeout(answer, latency);
        else answer();
      });
    });
  });
  const where = await listenFake(server, options, options.certFile);
  return {
    ...where,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of hanging) socket.destroy();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

// Calls a fake's control API from another process, over one kept-alive connection.
export class FakeControlClient {
  private readonly agent: https.Agent;

  constructor(
    private readonly url: string,
    ca: string,
    // Names the fake in errors.
    private readonly label = "fake",
  ) {
    this.agent = new https.Agent({ ca, keepAlive: true });
  }

  // Calls a route ("POST /__fake/configure", "GET /__fake/stats", ...); a GET's input goes in the query.
  call<T>(route: string, input?: unknown): Promise<T> {
    const [method, path] = route.split(" ") as [string, string];
    const url = new URL(path, this.url);
    let body: string | undefined;
    if (method === "GET" && input && typeof input === "object") {
      for (const [name, value] of Object.entries(input))
        if (value !== undefined) url.searchParams.set(name, String(value));
    } else if (input !== undefined) body = JSON.stringify(input);
    return new Promise<T>((resolve, reject) => {
      const request = https.request(
        url,
        { method, agent: this.agent, headers: body ? { "content-type": "application/json" } : {} },
        (response) => {
          const chunks: Buffer[] = [];
          response.on("data", (chunk: Buffer) => chunks.push(chunk));
          response.on("end", () => {
            const text = Buffer.concat(chunks).toString("utf8");
            if (response.statusCode !== 200)
              reject(new Error(`${this.label} control ${path}: ${response.statusCode} ${text}`));
            else resolve(JSON.parse(text) as T);
          });
        },
      );
      request.on("error", reject);
      request.end(body);
    });
  }

  // Closes the keep-alive connection to the fake.
  close() {
    this.agent.destroy();
  }
}

// The value of `--name` on the command line.
export function argument(name: string): string | undefined {
  const index = process.argv.indexOf(`--${name}`);
  return index > 0 ? process.argv[index + 1] : undefined;
}

// Runs a fake as its own process when `moduleUrl` is the entry script: `--port N [--host H]`, one JSON
// ready line {"ready":true,"port","url","caFile"} on stdout, stops on SIGTERM/SIGINT.
export function runAsProcess(
  moduleUrl: string,
  start: (options: { port: number; host: string }) => Promise<Omit<RunningFake, "ca">>,
) {
  if (!process.argv[1] || moduleUrl !== pathToFileURL(process.argv[1]).href) return;
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

// A fake running in its own process (benchmarks keep the fake's CPU off the sender's event loop).
export interface FakeProcess<Control extends FakeControlClient = FakeControlClient> {
  port: number;
  url: string;
  caFile: string;
  ca: string;
  pid: number;
  child: ChildProcess;
  control: Control;
  stop(): Promise<void>;
}

export interface SpawnOptions<Control extends FakeControlClient> {
  port?: number;
  // More command-line arguments and environment for the fake.
  args?: string[];
  env?: NodeJS.ProcessEnv;
  // The control client to hand back (a fake's typed one).
  client?: (url: string, ca: string) => Control;
}

// Spawns `node --import tsx <script> --port N` and waits for its ready line.
export async function spawnFake<Control extends FakeControlClient = FakeControlClient>(
  script: string,
  options: SpawnOptions<Control> = {},
): Promise<FakeProcess<Control>> {
  const args = ["--import", "tsx", script, "--port", String(options.port ?? 0), ...(options.args ?? [])];
  const child = spawn(process.execPath, args, {
    stdio: ["ignore", "pipe", "inherit"],
    ...(options.env ? { env: { ...process.env, ...options.env } } : {}),
  });
  const ready = await new Promise<{ port: number; url: string; caFile: string }>((resolve, reject) => {
    child.once("exit", (code) => reject(new Error(`fake process ${script} exited early (${code})`)));
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
  const control = options.client ? options.client(ready.url, ca) : (new FakeControlClient(ready.url, ca) as Control);
  return {
    ...ready,
    ca,
    pid: child.pid!,
    child,
    control,
    stop: () =>
      new Promise<void>((resolve) => {
        control.close();
        if (child.exitCode !== null) return resolve();
        child.once("exit", () => resolve());
        child.kill("SIGTERM");
      }),
  };
}

// The calendar day in China (UTC+8) of a moment, as YYYY-MM-DD: the unit of the vendors' daily quotas.
export function chinaDay(now = Date.now()): string {
  return new Date(now + 8 * 3_600_000).toISOString().slice(0, 10);
}

// Length in characters as the vendors count them (a Chinese character or an emoji is one).
export const charLength = (text: string) => Array.from(text).length;

// Listens `server` on the fake's host and port (127.0.0.1 and a free port unless given) and answers
// where it is and the CA its clients trust: every TLS fake, HTTP/1 or HTTP/2, starts this way.
export async function listenFake(
  server: Server,
  options: { port?: number; host?: string },
  caFile: string,
): Promise<{ port: number; url: string; ca: string; caFile: string }> {
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, options.host ?? "127.0.0.1", () => resolve());
  });
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : 0;
  return { port, url: `https://127.0.0.1:${port}`, ca: readFileSync(caFile, "utf8"), caFile };
}
