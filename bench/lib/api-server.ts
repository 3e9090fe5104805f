// The device API alone, for benchmarks run without a Next.js build: a Node HTTP server that answers
// /api/v1 through server/device-api/http-adapter.ts, exactly as Herald's server
// (server/device-api/http-server.ts) does before it would hand anything else to Next.js. Run as a
// child process on PORT.
import { spawn, type ChildProcess } from "node:child_process";
import { openSync } from "node:fs";
import { register } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { freePort } from "./next-server";

export interface RunningApiServer {
  url: string;
  process: ChildProcess;
  stop(): Promise<void>;
}

// Starts this file as a server process on a free port; resolves once the API answers.
export async function startApiServer(root: string, env: NodeJS.ProcessEnv, logFile: string): Promise<RunningApiServer> {
  const output = openSync(logFile, "w");
  const port = await freePort();
  const child = spawn(process.execPath, ["--import", "tsx", fileURLToPath(import.meta.url)], {
    cwd: root,
    env: { ...env, NODE_ENV: "production", PORT: String(port) },
    stdio: ["ignore", output, output],
  });
  const url = `http://127.0.0.1:${port}`;
  const stop = () =>
    new Promise<void>((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) return resolve();
      child.once("exit", () => resolve());
      child.kill("SIGTERM");
      setTimeout(() => child.kill("SIGKILL"), 5000).unref();
    });
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`the API server exited with ${child.exitCode}`);
    if (await fetch(`${url}/api/v1/openapi.json`).then((r) => r.ok, () => false)) return { url, process: child, stop };
    await new Promise((r) => setTimeout(r, 250));
  }
  await stop();
  throw new Error("the API server did not answer within 60 s");
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  register("../../scripts/lib/hooks.mjs", import.meta.url);
  const { createServer } = await import("node:http");
  const { serveApiRequest } = await import("../../server/device-api/http-adapter");
  const server = createServer((req, res) => {
    if (req.url?.startsWith("/api/v1")) void serveApiRequest(req, res);
    else res.writeHead(404).end();
  });
  server.keepAliveTimeout = 65_000;
  server.listen(Number(process.env.PORT), "127.0.0.1", () => console.log(`[api-server] listening on ${process.env.PORT}`));
  process.on("SIGTERM", () => server.close(() => process.exit(0)));
}
