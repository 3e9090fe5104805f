// Child processes the benchmarks run: a load generator that prints its result as JSON on its last line,
// and a server under test that is ready once its OpenAPI document answers. One place for the spawn,
// the readiness loop and the stop, and for the environment every benchmark server runs with.
import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";

// Runs bench/lib/<script> of the tree at `root` in its own Node process with `settings` as its
// argument; resolves the JSON it prints last.
export function runLoadProcess<T>(root: string, script: string, settings: Record<string, unknown>): Promise<T> {
  return new Promise((resolve, reject) => {
    const file = path.join(root, "bench", "lib", script);
    const child = spawn(process.execPath, ["--import", "tsx", file, JSON.stringify(settings)], {
      cwd: root,
      stdio: ["ignore", "pipe", "inherit"],
    });
    let out = "";
    child.stdout.on("data", (chunk) => (out += chunk));
    child.on("error", reject);
    child.on("exit", (code) => {
      if (code === 0) resolve(JSON.parse(out.trim().split("\n").at(-1) ?? "{}") as T);
      else reject(new Error(`load generator ${script} exited with ${code}`));
    });
  });
}

// A server started for a benchmark.
export interface RunningServer {
  url: string;
  process: ChildProcess;
  stop(): Promise<void>;
}

// Waits until `child` answers GET /api/v1/openapi.json at `url` (60 s at most) and returns its handle;
// stops it and throws if it exits or never answers. `what` names it in the error.
export async function serverWhenReady(child: ChildProcess, url: string, what: string): Promise<RunningServer> {
  const stop = () =>
    new Promise<void>((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) return resolve();
      child.once("exit", () => resolve());
      child.kill("SIGTERM");
      setTimeout(() => child.kill("SIGKILL"), 5000).unref();
    });
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`${what} exited with ${child.exitCode}`);
    const ok = await fetch(`${url}/api/v1/openapi.json`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) return { url, process: child, stop };
    await new Promise((r) => setTimeout(r, 250));
  }
  await stop();
  throw new Error(`${what} did not answer within 60 s`);
}

// The environment of a server under load: no API rate limit, a pool of HERALD_DB_POOL (10) connections,
// fixed secrets unless the caller's environment has its own, warnings only in the log.
export function benchServerEnv(extra: Record<string, string | undefined> = {}): NodeJS.ProcessEnv {
  return {
    ...process.env,
    HERALD_API_RATE_PER_SEC: "1000000",
    HERALD_DB_POOL: process.env.HERALD_DB_POOL ?? "10",
    NEXTAUTH_SECRET: process.env.NEXTAUTH_SECRET ?? "bench-secret-bench-secret-bench-secret",
    NEXTAUTH_URL: "http://127.0.0.1",
    HERALD_ENCRYPTION_KEY: process.env.HERALD_ENCRYPTION_KEY ?? Buffer.alloc(32, 7).toString("base64"),
    LOG_LEVEL: "warn",
    ...extra,
  };
}
