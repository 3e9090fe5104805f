// Starts the fake FCM server in a child process (for benchmarks and multi-process tests) and
// returns its address and a control client; stop() ends it.
import { spawn, type ChildProcess } from "node:child_process";
import { readFileSync } from "node:fs";
import path from "node:path";
import { createInterface } from "node:readline";
import { FakeFcmClient } from "./control-client";

export interface FakeFcmProcess {
  port: number;
  url: string;
  caFile: string;
  ca: string;
  pid: number;
  control: FakeFcmClient;
  child: ChildProcess;
  stop(): Promise<void>;
}

// Spawns `node --import tsx tests/fakes/fcm/server.ts` and waits for its ready line.
export async function spawnFakeFcm(
  options: { port?: number; maxConcurrentStreams?: number; env?: NodeJS.ProcessEnv } = {},
): Promise<FakeFcmProcess> {
  const script = path.join(import.meta.dirname, "server.ts");
  const args = ["--import", "tsx", script, "--port", String(options.port ?? 0)];
  if (options.maxConcurrentStreams) args.push("--max-streams", String(options.maxConcurrentStreams));
  const child = spawn(process.execPath, args, {
    stdio: ["ignore", "pipe", "inherit"],
    env: { ...process.env, ...options.env },
  });
  const lines = createInterface({ input: child.stdout! });
  const ready = await new Promise<{ port: number; url: string; caFile: string }>((resolve, reject) => {
    child.once("exit", (code) => reject(new Error(`fake FCM process exited early (${code})`)));
    lines.once("line", (line) => {
      try {
        resolve(JSON.parse(line) as { port: number; url: string; caFile: string });
      } catch (error) {
        reject(error instanceof Error ? error : new Error(String(error)));
      }
    });
  });
  child.removeAllListeners("exit");
  const ca = readFileSync(ready.caFile, "utf8");
  const control = new FakeFcmClient(ready.url, ca);
  return {
    ...ready,
    ca,
    pid: child.pid!,
    control,
    child,
    stop: () =>
      new Promise<void>((resolve) => {
        control.close();
        if (child.exitCode !== null) return resolve();
        child.once("exit", () => resolve());
        child.kill("SIGTERM");
      }),
  };
}
