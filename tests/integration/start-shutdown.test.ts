// `npm start` as a person runs it (issue [4/5] items 14 and 15): Ctrl-C (SIGINT to the whole process
// group, as a terminal sends it) stops the simulator, the worker, the server and the pools before the
// embedded database, and prints one line; a checkout the database's own user cannot enter gets a
// one-line explanation instead of a stack trace.
import { spawn } from "node:child_process";
import { chmod, mkdir, mkdtemp, rm } from "node:fs/promises";
import net from "node:net";
import { tmpdir, userInfo } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { anyFreePort } from "../../scripts/lib/database";

const root = path.resolve(import.meta.dirname, "..", "..");
const folders: string[] = [];

afterAll(async () => {
  for (const folder of folders) await rm(folder, { recursive: true, force: true });
});

function startHerald(env: Record<string, string>) {
  const childEnv: NodeJS.ProcessEnv = { ...process.env, ...env };
  delete childEnv.DATABASE_URL;
  const child = spawn(process.execPath, ["--import", "tsx", "scripts/start.ts"], {
    cwd: root,
    env: childEnv,
    detached: true, // a process group of its own, like a terminal's foreground job
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  return { child, exited, output: () => output };
}

const listening = (port: number) =>
  new Promise<boolean>((resolve) => {
    const socket = net.connect({ host: "127.0.0.1", port });
    socket.once("connect", () => {
      socket.destroy();
      resolve(true);
    });
    socket.once("error", () => resolve(false));
  });

describe("npm start", () => {
  it("shuts down in order on Ctrl-C and prints one line", { timeout: 600_000 }, async () => {
    const scratch = await mkdtemp(path.join(tmpdir(), "herald-start-"));
    folders.push(scratch);
    await chmod(scratch, 0o755);
    const [port, pgPort] = [await anyFreePort(), await anyFreePort()];
    const herald = startHerald({
      HERALD_DATA_DIR: path.join(scratch, "data"),
      HERALD_PG_PORT: String(pgPort),
      PORT: String(port),
      HERALD_DEMO_DEVICES: "20",
      HERALD_MQTT_PORT: String(await anyFreePort()),
    });
    await expect
      .poll(() => herald.output().includes("device simulator:") || herald.child.exitCode !== null, {
        timeout: 540_000,
        interval: 500,
      })
      .toBe(true);
    expect(herald.child.exitCode, herald.output()).toBeNull();
    expect(await listening(pgPort)).toBe(true);
    const before = herald.output().length;
    process.kill(-herald.child.pid!, "SIGINT");
    expect(await herald.exited).toBe(0);
    const after = herald.output().slice(before).trim().split("\n");
    expect(after).toHaveLength(1);
    expect(after[0]).toMatch(/^\[herald\] stopped cleanly in \d+\.\d s$/);
    expect(await listening(pgPort)).toBe(false);
  });

  it.skipIf(userInfo().uid !== 0)(
    "says in one line why the embedded database cannot reach a folder (mode 700), without a stack trace",
    { timeout: 120_000 },
    async () => {
      const scratch = await mkdtemp(path.join(tmpdir(), "herald-closed-"));
      folders.push(scratch);
      const closed = path.join(scratch, "closed");
      await mkdir(closed, { mode: 0o700 });
      await chmod(scratch, 0o755);
      const herald = startHerald({ HERALD_DATA_DIR: path.join(closed, "data"), PORT: String(await anyFreePort()) });
      expect(await herald.exited).toBe(1);
      const lines = herald.output().trim().split("\n");
      const line = lines.find((l) => l.startsWith("[herald] cannot start:"));
      expect(line).toContain(`cannot enter ${closed} (mode 700)`);
      expect(herald.output()).not.toMatch(/\n\s+at /);
    },
  );
});
