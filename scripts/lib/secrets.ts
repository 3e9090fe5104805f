// NEXTAUTH_SECRET and HERALD_ENCRYPTION_KEY: taken from the environment, or generated once into
// .data/secrets.json for the zero-setup start (a deployment sets both explicitly).
import { randomBytes } from "node:crypto";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { dataDir } from "./database";

export async function ensureSecrets(): Promise<{ generated: string[] }> {
  const file = path.join(dataDir, "secrets.json");
  const saved: Record<string, string> = JSON.parse(await readFile(file, "utf8").catch(() => "{}"));
  const generated: string[] = [];
  const wanted: Record<string, () => string> = {
    NEXTAUTH_SECRET: () => randomBytes(32).toString("base64url"),
    HERALD_ENCRYPTION_KEY: () => randomBytes(32).toString("base64"),
  };
  for (const [name, make] of Object.entries(wanted)) {
    if (process.env[name]) continue;
    if (!saved[name]) {
      saved[name] = make();
      generated.push(name);
    }
    process.env[name] = saved[name];
  }
  if (generated.length) {
    await mkdir(dataDir, { recursive: true });
    await writeFile(file, JSON.stringify(saved, null, 2), { mode: 0o600 });
  }
  return { generated };
}

// A secret from the environment or the file ensureSecrets() keeps, never generated (null when neither has
// it): for tools that must derive what the server derives (receipt URLs), not from a key of their own.
export async function knownSecret(name: "NEXTAUTH_SECRET" | "HERALD_ENCRYPTION_KEY"): Promise<string | null> {
  if (process.env[name]) return process.env[name];
  const saved: Record<string, string> = JSON.parse(
    await readFile(path.join(dataDir, "secrets.json"), "utf8").catch(() => "{}"),
  );
  return saved[name] || null;
}
