// The device API alone, for benchmarks run without a Next.js build: a Node HTTP server that answers
// /api/v1 through server/device-api/http-adapter.ts, exactly as Herald's server
// (server/device-api/http-server.ts) does before it would hand anything else to Next.js. Run as a
// child process on PORT.
import { spawn } from "node:child_process";
import { openSync } from "node:fs";
import { register } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { freePort } from "./next-server";
import { serverWhenReady, type RunningServer } from "./processes";

export type RunningApiServer = RunningServer;

// Starts this file as a server process on a free port; resolves once the API answers.
export async function startApiServer(root: string, env: NodeJS.ProcessEnv, logFile: string): Promise<RunningApiServer> {
  const output = openSync(logFile, "w");
  const port = await freePort();
  const child = spawn(process.execPath, ["--import", "tsx", fileURLToPath(import.meta.url)], {
    cwd: root,
    env: { ...env, NODE_ENV: "production", PORT: String(port) },
    stdio: ["ignore", output, output],
  });
  return serverWhenReady(child, `http://127.0.0.1:${port}`, "the API server");
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
  server.listen(Number(process.env.PORT), "127.0.0.1", () =>
    console.log(`[api-server] listening on ${process.env.PORT}`),
  );
  process.on("SIGTERM", () => server.close(() => process.exit(0)));
}
