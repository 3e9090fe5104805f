// Builds the app into its own dist dir when sources changed, and runs `next start` as a child
// process on a free port. `next build` may rewrite tsconfig.json and next-env.d.ts to mention its
// dist dir; both are restored afterwards so the benchmark leaves the checkout as it found it.
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { existsSync, openSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import net from "node:net";
import path from "node:path";
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
const nextBin = require.resolve("next/dist/bin/next");
const sources = ["app", "components", "server", "lib", "i18n", "messages", "prisma/schema.prisma", "next.config.js", "package.json", "postcss.config.mjs", "tsconfig.json"];
const skip = new Set(["node_modules", "generated"]);

function newestMtime(target: string): number {
  if (!existsSync(target)) return 0;
  const stat = statSync(target);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const entry of readdirSync(target)) if (!skip.has(entry)) newest = Math.max(newest, newestMtime(path.join(target, entry)));
  return newest;
}

// Builds into `distDir` unless its BUILD_ID is newer than every source. Returns true if it built.
export function buildIfStale(root: string, distDir: string, env: NodeJS.ProcessEnv, log: (line: string) => void): boolean {
  const marker = path.join(root, distDir, "BUILD_ID");
  const built = existsSync(marker) ? statSync(marker).mtimeMs : 0;
  if (built && !sources.some((s) => newestMtime(path.join(root, s)) > built)) return false;
  log(`building the app into ${distDir} (next build)`);
  const kept = ["tsconfig.json", "next-env.d.ts"].map((file) => ({ file: path.join(root, file), text: existsSync(path.join(root, file)) ? readFileSync(path.join(root, file), "utf8") : null }));
  try {
    const result = spawnSync(process.execPath, [nextBin, "build"], { cwd: root, env: { ...env, NEXT_DIST_DIR: distDir, NODE_ENV: "production" }, stdio: "inherit" });
    if (result.status !== 0) throw new Error(`next build failed with status ${result.status}`);
  } finally {
    for (const { file, text } of kept) if (text !== null && readFileSync(file, "utf8") !== text) writeFileSync(file, text);
  }
  return true;
}

// A TCP port nobody listens on right now (never 3000, which developers use).
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => (port === 3000 ? freePort().then(resolve, reject) : resolve(port)));
    });
  });
}

export interface RunningServer {
  url: string;
  process: ChildProcess;
  stop(): Promise<void>;
}

// Starts a server on a free port (output to logFile) and resolves once the API answers:
// "herald" is Herald's own server (scripts/serve.ts, as `npm start` runs it: /api/v1 bypasses
// Next.js); "next" is plain `next start`, where the catch-all route serves the same API.
export async function startServer(root: string, distDir: string, env: NodeJS.ProcessEnv, logFile: string, kind: "herald" | "next" = "herald"): Promise<RunningServer> {
  const output = openSync(logFile, "w");
  const port = await freePort();
  const args = kind === "herald" ? ["--import", "tsx", path.join(root, "scripts", "serve.ts")] : [nextBin, "start", "-p", String(port), "-H", "127.0.0.1"];
  const child = spawn(process.execPath, args, {
    cwd: root,
    env: { ...env, NEXT_DIST_DIR: distDir, NODE_ENV: "production", PORT: String(port), HERALD_HOST: "127.0.0.1" },
    stdio: ["ignore", output, output],
  });
  const url = `http://127.0.0.1:${port}`;
  const stop = () =>
    new Promise<void>((resolve) => {
      if (child.exitCode !== null) return resolve();
      child.once("exit", () => resolve());
      child.kill("SIGTERM");
      setTimeout(() => child.kill("SIGKILL"), 5000).unref();
    });
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`the server exited with ${child.exitCode}`);
    const ok = await fetch(`${url}/api/v1/openapi.json`).then((r) => r.ok, () => false);
    if (ok) return { url, process: child, stop };
    await new Promise((r) => setTimeout(r, 250));
  }
  await stop();
  throw new Error("the server did not answer within 60 s");
}
