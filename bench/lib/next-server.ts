// Runs the server under test (Herald's own, or plain `next start`) as a child process on a free port.
import { spawn } from "node:child_process";
import { openSync } from "node:fs";
import path from "node:path";
import { createRequire } from "node:module";
import { anyFreePort } from "../../scripts/lib/database";
import { serverWhenReady, type RunningServer } from "./processes";

const require = createRequire(import.meta.url);
const nextBin = require.resolve("next/dist/bin/next");

// A TCP port nobody listens on right now (never 3000, which developers use).
export async function freePort(): Promise<number> {
  const port = await anyFreePort();
  return port === 3000 ? freePort() : port;
}

export type { RunningServer };

// Starts a server on a free port (output to logFile) and resolves once the API answers:
// "herald" is Herald's own server (scripts/serve.ts, as `npm start` runs it: /api/v1 bypasses
// Next.js); "next" is plain `next start`, where the catch-all route serves the same API.
export async function startServer(
  root: string,
  distDir: string,
  env: NodeJS.ProcessEnv,
  logFile: string,
  kind: "herald" | "next" = "herald",
): Promise<RunningServer> {
  const output = openSync(logFile, "w");
  const port = await freePort();
  const args =
    kind === "herald"
      ? ["--import", "tsx", path.join(root, "scripts", "serve.ts")]
      : [nextBin, "start", "-p", String(port), "-H", "127.0.0.1"];
  const child = spawn(process.execPath, args, {
    cwd: root,
    env: { ...env, NEXT_DIST_DIR: distDir, NODE_ENV: "production", PORT: String(port), HERALD_HOST: "127.0.0.1" },
    stdio: ["ignore", output, output],
  });
  return serverWhenReady(child, `http://127.0.0.1:${port}`, "the server");
}
