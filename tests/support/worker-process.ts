// Runs `npm run worker`'s entry (scripts/worker.ts) as a child process, for tests and benchmarks
// that need a real worker they can kill -9, restart and measure (peak RSS from /proc).
import { spawn, type ChildProcess } from "node:child_process";
import { readFileSync } from "node:fs";
import path from "node:path";

const root = path.resolve(import.meta.dirname, "../..");

export interface WorkerProcess {
  pid: number;
  child: ChildProcess;
  // Resolves when the worker printed its "running" line.
  ready: Promise<void>;
  // Peak resident memory in bytes so far (VmHWM), or null where /proc is missing.
  peakRss(): number | null;
  kill(signal?: NodeJS.Signals): Promise<void>;
}

// Starts a worker against `databaseUrl` with extra environment (FCM endpoint, lease, concurrency...).
// `script` (relative to the repository) is the entry; another one must end by importing
// scripts/worker.ts, as bench/lib/floor-worker.ts does.
export function startWorkerProcess(
  databaseUrl: string,
  env: Record<string, string> = {},
  script = "scripts/worker.ts",
): WorkerProcess {
  const child = spawn(process.execPath, ["--import", "tsx", path.join(root, script)], {
    cwd: root,
    env: { ...process.env, LOG_LEVEL: process.env.WORKER_LOG_LEVEL ?? "warn", ...env, DATABASE_URL: databaseUrl },
    stdio: ["ignore", "pipe", "inherit"],
  });
  const ready = new Promise<void>((resolve, reject) => {
    let buffer = "";
    child.stdout!.on("data", (chunk: Buffer) => {
      buffer += chunk.toString("utf8");
      if (buffer.includes("[herald] worker")) resolve();
      if (buffer.length > 65_536) buffer = buffer.slice(-1024);
    });
    child.once("exit", (code) => reject(new Error(`worker exited before it was ready (${code})`)));
  });
  ready.catch(() => undefined);
  return {
    pid: child.pid!,
    child,
    ready,
    peakRss() {
      try {
        const match = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${child.pid}/status`, "utf8"));
        return match ? Number(match[1]) * 1024 : null;
      } catch {
        return null;
      }
    },
    kill(signal = "SIGTERM") {
      if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
      return new Promise<void>((resolve) => {
        child.once("exit", () => resolve());
        child.kill(signal);
      });
    },
  };
}
