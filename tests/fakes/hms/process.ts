// Starts a Huawei-style fake (tests/fakes/hms/server.ts or tests/fakes/honor/server.ts) in a child
// process, for benchmarks and multi-process tests, and returns its address and a control client.
import { spawn, type ChildProcess } from "node:child_process";
import { readFileSync } from "node:fs";
import { createInterface } from "node:readline";
import { FakeControlClient } from "./control-client";

export interface FakeProcess<Behaviour> {
  port: number;
  url: string;
  caFile: string;
  ca: string;
  control: FakeControlClient<Behaviour>;
  child: ChildProcess;
  stop(): Promise<void>;
}

// Spawns `node --import tsx <script> --port <port>` and waits for its ready line.
export async function spawnFake<Behaviour>(script: string, port = 0): Promise<FakeProcess<Behaviour>> {
  const child = spawn(process.execPath, ["--import", "tsx", script, "--port", String(port)], {
    stdio: ["ignore", "pipe", "inherit"],
  });
  const lines = createInterface({ input: child.stdout! });
  const ready = await new Promise<{ port: number; url: string; caFile: string }>((resolve, reject) => {
    child.once("exit", (code) => reject(new Error(`fake process ${script} exited early (${code})`)));
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
  const control = new FakeControlClient<Behaviour>(ready.url, ca);
  return {
    ...ready,
    ca,
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
