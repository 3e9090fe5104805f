// A private Prosody for the XMPP tests: the repo's config (tests/support/prosody/prosody.cfg.lua) with a
// temp data folder and free loopback ports, started in the foreground as a child process, accounts
// registered with prosodyctl, stopped (and restartable, for the reconnect test) by the suite.
// Without Debian's prosody package the suites skip with a message, except in CI (CI or
// HERALD_REQUIRE_PROSODY set), where a missing Prosody fails them: .ci/run installs it.
import { type ChildProcess, execFile, spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { chmod, mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import net from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { anyFreePort } from "../../scripts/lib/database";

const run = promisify(execFile);
const template = path.resolve(import.meta.dirname, "prosody/prosody.cfg.lua");

// Where Debian installs Prosody's binaries (PROSODY_BIN_DIR overrides).
function prosodyBinary(name: "prosody" | "prosodyctl"): string | null {
  const dirs = [process.env.PROSODY_BIN_DIR, "/usr/bin", "/usr/local/bin"].filter(Boolean) as string[];
  for (const dir of dirs) {
    const file = path.join(dir, name);
    if (existsSync(file)) return file;
  }
  return null;
}

// Why the XMPP suites cannot run here, or null when Prosody is installed. Throws in CI.
export function prosodyMissing(): string | null {
  if (prosodyBinary("prosody") && prosodyBinary("prosodyctl")) return null;
  const message = "Prosody is not installed (apt-get install prosody): the XMPP tests cannot run.";
  if (process.env.CI || process.env.HERALD_REQUIRE_PROSODY) throw new Error(message);
  console.warn(`\n[xmpp] ${message} They are reported as skipped.\n`);
  return message;
}

async function portOpen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: "127.0.0.1", port });
    socket.once("connect", () => {
      socket.destroy();
      resolve(true);
    });
    socket.once("error", () => resolve(false));
  });
}

export interface Prosody {
  // The virtual host the device accounts live on, and the component's domain and secret.
  domain: string;
  componentDomain: string;
  componentSecret: string;
  c2sPort: number;
  componentPort: number;
  dataDir: string;
  // Registers an account (user@domain) with prosodyctl.
  register(user: string, password: string): Promise<string>;
  // Stops the server (its data folder stays) and starts it again on the same ports.
  stop(): Promise<void>;
  start(): Promise<void>;
  // Stops it and removes its data folder.
  close(): Promise<void>;
  log(): Promise<string>;
}

// Starts a private Prosody. The data folder's parents must be readable by Prosody (mode 755).
export async function startProsody(): Promise<Prosody> {
  const prosodyBin = prosodyBinary("prosody");
  const ctlBin = prosodyBinary("prosodyctl");
  if (!prosodyBin || !ctlBin) throw new Error("Prosody is not installed");
  const dataDir = await mkdtemp(path.join(tmpdir(), "herald-prosody-"));
  await chmod(dataDir, 0o755);
  await mkdir(path.join(dataDir, "certs"), { recursive: true });
  const [c2sPort, componentPort] = [await anyFreePort(), await anyFreePort()];
  const domain = "localhost";
  const componentDomain = "push.localhost";
  const componentSecret = `secret-${Math.random().toString(36).slice(2, 10)}`;
  const config = (await readFile(template, "utf8"))
    .replaceAll("@DATA@", dataDir)
    .replaceAll("@LOG_LEVEL@", process.env.TEST_PROSODY_LOG ?? "info")
    .replaceAll("@C2S_PORT@", String(c2sPort))
    .replaceAll("@COMPONENT_PORT@", String(componentPort))
    .replaceAll("@DOMAIN@", domain)
    .replaceAll("@COMPONENT_DOMAIN@", componentDomain)
    .replaceAll("@COMPONENT_SECRET@", componentSecret);
  const configFile = path.join(dataDir, "prosody.cfg.lua");
  await writeFile(configFile, config);

  let child: ChildProcess | null = null;
  let exited: Promise<void> = Promise.resolve();

  async function start() {
    const started = spawn(prosodyBin!, ["--config", configFile], { stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    started.stdout?.on("data", (chunk) => (output += chunk));
    started.stderr?.on("data", (chunk) => (output += chunk));
    child = started;
    exited = new Promise((resolve) => started.once("exit", () => resolve()));
    const deadline = Date.now() + 15_000;
    while (Date.now() < deadline) {
      if (started.exitCode !== null) throw new Error(`Prosody exited at start: ${output}`);
      if ((await portOpen(c2sPort)) && (await portOpen(componentPort))) return;
      await new Promise((r) => setTimeout(r, 100));
    }
    started.kill("SIGKILL");
    throw new Error(`Prosody did not open its ports within 15 s: ${output}`);
  }

  async function stop() {
    const current = child;
    child = null;
    if (!current || current.exitCode !== null) return;
    current.kill("SIGTERM");
    const timer = setTimeout(() => current.kill("SIGKILL"), 5000);
    await exited;
    clearTimeout(timer);
  }

  await start();
  return {
    domain,
    componentDomain,
    componentSecret,
    c2sPort,
    componentPort,
    dataDir,
    async register(user, password) {
      await run(ctlBin, ["--config", configFile, "register", user, domain, password]);
      return `${user}@${domain}`;
    },
    stop,
    start,
    async close() {
      await stop();
      await rm(dataDir, { recursive: true, force: true });
    },
    log: () => readFile(path.join(dataDir, "prosody.log"), "utf8").catch(() => ""),
  };
}
