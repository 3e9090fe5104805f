// The database `npm run simulate` may use: DATABASE_URL, else the Quick start's embedded PostgreSQL
// when it is already running (never started from here: the simulator needs a running Herald anyway).
import { readFile } from "node:fs/promises";
import path from "node:path";
import pg from "pg";
import { dataDir } from "../lib/database";

async function embeddedUrl(): Promise<string | null> {
  try {
    // Written by scripts/lib/database.ts when it starts the embedded server.
    const state = JSON.parse(await readFile(path.join(dataDir, "postgres.json"), "utf8")) as {
      port?: number;
      password?: string;
    };
    return state.port && state.password
      ? `postgresql://postgres:${encodeURIComponent(state.password)}@127.0.0.1:${state.port}/herald`
      : null;
  } catch {
    return null;
  }
}

// A small pool on the reachable database, or null.
export async function reachableDatabase(): Promise<pg.Pool | null> {
  const url = process.env.DATABASE_URL ?? (await embeddedUrl());
  if (!url) return null;
  const pool = new pg.Pool({ connectionString: url, max: 3, connectionTimeoutMillis: 2000 });
  try {
    await pool.query("select 1");
    return pool;
  } catch {
    await pool.end().catch(() => undefined);
    return null;
  }
}
