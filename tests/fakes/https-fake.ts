// The plumbing the form-speaking vendor fakes share (tests/fakes/xiaomi, tests/fakes/oppo): an HTTPS
// server on 127.0.0.1 with a checked-in self-signed certificate, a vendor handler, a JSON control API
// under /__fake/*, a client for that API from another process, and the command-line entry that runs a
// fake as its own process. The vendors' own rules live in each fake.
import { spawn, type ChildProcess } from "node:child_process";
import { readFileSync } from "node:fs";
import https from "node:https";
import { createInterface } from "node:readline";

// One vendor request as the fake received it.
export interface FakeRequest {
  method: string;
  path: string;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
  // The body read as a form (empty unless form-encoded).
  form: URLSearchParams;
  contentType: string;
}

// An answer: HTTP status and JSON body; null leaves the request hanging (until the fake closes).
export type FakeReply = { status: number; body: unknown } | null;

// What a running fake exposes besides its vendor API.
export interface RunningFake {
  port: number;
  url: string;
  ca: string;
  caFile: string;
  close(): Promise<void>;
}

export interface HttpsFakeOptions {
  keyFile: string;
  certFile: string;
  port?: number;
  host?: string;
  handle(request: FakeRequest): FakeReply | Promise<FakeReply>;
  // Control routes: "POST /__fake/configure" -> handler of the JSON input (its result is the answer).
  control: Record<string, (input: Record<string, unknown>) => unknown>;
  latencyMs(): number;
}

// Starts the HTTPS server; resolves once it listens.
export async function startHttpsFake(options: HttpsFakeOptions): Promise<RunningFake> {
  const hanging = new Set<{ destroy(): void }>();
  const server = https.createServer(
    { key: readFileSync(options.keyFile), cert: readFileSync(options.certFile), keepAlive: true },
    (req, res) => {
      const chunks: Buffer[] = [];
      req.on("data", (chunk: Buffer) => chunks.push(chunk));
      req.on("end", () => {
        const body = Buffer.concat(chunks);
        const path = (req.url ?? "/").split("?")[0]!;
        const answer = (status: number, value: unknown) =>
          res.writeHead(status, { "content-type": "application/json;charset=UTF-8" }).end(JSON.stringify(value));
        const control = options.control[`${req.method} ${path}`];
        if (path.startsWith("/__fake/")) {
          if (!control) return answer(404, { error: `no control route ${req.method} ${path}` });
          try {
            const input = body.length ? (JSON.parse(body.toString("utf8")) as Record<string, unknown>) : {};
            return answer(200, control(input) ?? {});
          } catch (error) {
            return answer(400, { error: (error as Error).message });
          }
        }
        const contentType = String(req.headers["content-type"] ?? "");
        const form = /x-www-form-urlencoded/i.test(contentType)
          ? new URLSearchParams(body.toString("utf8"))
          : new URLSearchParams();
        const request: FakeRequest = {
          method: req.method ?? "GET",
          path,
          headers: req.headers,
          body,
          form,
          contentType,
        };
        void Promise.resolve(options.handle(request)).then((reply) => {
          if (!reply) return void hanging.add(res.socket ?? { destroy: () => undefined });
          const latency = options.latencyMs();
          if (latency > 0) setTimeout(() => answer(reply.status, reply.body), latency);
          else answer(reply.status, reply.body);
        });
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
    ca: readFileSync(options.certFile, "utf8"),
    caFile: options.certFile,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of hanging) socket.destroy();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

// Calls a fake's control API from another process.
export class FakeControlClient {
  private readonly agent: https.Agent;

  constructor(
    private readonly url: string,
    ca: string,
  ) {
    this.agent = new https.Agent({ ca, keepAlive: true });
  }

  call<T>(method: "GET" | "POST", path: string, input?: unknown): Promise<T> {
    const body = input === undefined ? undefined : JSON.stringify(input);
    return new Promise<T>((resolve, reject) => {
      const request = https.request(
        new URL(path, this.url),
        { method, agent: this.agent, headers: body ? { "content-type": "application/json" } : {} },
        (response) => {
          const chunks: Buffer[] = [];
          response.on("data", (chunk: Buffer) => chunks.push(chunk));
          response.on("end", () => {
            const text = Buffer.concat(chunks).toString("utf8");
            if (response.statusCode !== 200) reject(new Error(`fake control ${path}: ${response.statusCode} ${text}`));
            else resolve(JSON.parse(text) as T);
          });
        },
      );
      request.on("error", reject);
      request.end(body);
    });
  }

  close() {
    this.agent.destroy();
  }
}

// Runs a fake as its own process: `--port N [--host H]`, prints one JSON ready line, stops on SIGTERM/SIGINT.
export async function runFakeMain(start: (port: number, host: string) => Promise<RunningFake>) {
  const argument = (name: string) => {
    const index = process.argv.indexOf(`--${name}`);
    return index > 0 ? process.argv[index + 1] : undefined;
  };
  const fake = await start(Number(argument("port") ?? 0), argument("host") ?? "127.0.0.1");
  process.stdout.write(`${JSON.stringify({ ready: true, port: fake.port, url: fake.url, caFile: fake.caFile })}\n`);
  const stop = () => void fake.close().then(() => process.exit(0));
  process.on("SIGTERM", stop);
  process.on("SIGINT", stop);
}

// A fake started as a child process: its address, control client and stop().
export interface FakeProcess {
  port: number;
  url: string;
  caFile: string;
  ca: string;
  child: ChildProcess;
  control: FakeControlClient;
  stop(): Promise<void>;
}

// Spawns `node --import tsx <script> --port N` and waits for its ready line.
export async function spawnFake(script: string, port = 0): Promise<FakeProcess> {
  const child = spawn(process.execPath, ["--import", "tsx", script, "--port", String(port)], {
    stdio: ["ignore", "pipe", "inherit"],
  });
  const lines = createInterface({ input: child.stdout! });
  const ready = await new Promise<{ port: number; url: string; caFile: string }>((resolve, reject) => {
    child.once("exit", (code) => reject(new Error(`fake process exited early (${code})`)));
    lines.once("line", (line) => resolve(JSON.parse(line) as { port: number; url: string; caFile: string }));
  });
  child.removeAllListeners("exit");
  const ca = readFileSync(ready.caFile, "utf8");
  const control = new FakeControlClient(ready.url, ca);
  return {
    ...ready,
    ca,
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

// The day in China (UTC+8) of a moment, as YYYY-MM-DD: the vendors' quotas count per such day.
export function chinaDay(nowMs: number): string {
  return new Date(nowMs + 8 * 3_600_000).toISOString().slice(0, 10);
}

// Length in characters as the vendors count them (a Chinese character or an emoji is one).
export const charLength = (text: string) => Array.from(text).length;
