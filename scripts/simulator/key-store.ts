// The Quick start's demo app key for its built-in simulator. Herald stores only a hash of an API key
// and prints a new key once, so the first start keeps the demo app's key here for later starts:
// <data dir>/simulator-keys.json, readable by its owner only, beside the generated secrets.json.
import { mkdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { dataDir } from "../lib/database";

const file = path.join(dataDir, "simulator-keys.json");

async function readAll(): Promise<Record<string, string>> {
  try {
    const parsed = JSON.parse(await readFile(file, "utf8")) as unknown;
    return typeof parsed === "object" && parsed !== null ? (parsed as Record<string, string>) : {};
  } catch {
    return {};
  }
}

// Remembers `apiKey` for `appId`.
export async function saveSimulatorKey(appId: string, apiKey: string): Promise<void> {
  const keys = { ...(await readAll()), [appId]: apiKey };
  await mkdir(dataDir, { recursive: true });
  await writeFile(file, JSON.stringify(keys, null, 2), { mode: 0o600 });
}

// The kept key of `appId`, or of the only app kept when no id is given; null when none is kept.
export async function readSimulatorKey(appId?: string): Promise<{ appId: string; apiKey: string } | null> {
  const keys = await readAll();
  if (appId) return keys[appId] ? { appId, apiKey: keys[appId] } : null;
  const entries = Object.entries(keys);
  return entries.length === 1 ? { appId: entries[0]![0], apiKey: entries[0]![1] } : null;
}
