// Finds the database Herald runs on: DATABASE_URL when set, otherwise an embedded PostgreSQL whose
// data, port and password live under .data/ so that a second start reuses them.
import { randomBytes } from "node:crypto";
import { existsSync, statSync } from "node:fs";
import { chmod, mkdir, readFile, writeFile } from "node:fs/promises";
import net from "node:net";
import path from "node:path";
import { totalmem, userInfo } from "node:os";
import pg from "pg";
import { detachedPostgres, importEmbeddedPostgres, unreachableFolder } from "./embedded-process";
import { applyMigrations, projectRoot } from "./migrations";

// A reason the embedded database cannot start that the person can fix: `npm start` prints its message
// as one line, without a stack trace.
export class EmbeddedDatabaseError extends Error {
  override name = "EmbeddedDatabaseError";
}

export interface ResolvedDatabase {
  url: string;
  embedded: boolean;
  // Stops the embedded server if this process started it; a no-op otherwise.
  stop(): Promise<void>;
}

interface EmbeddedState {
  port: number;
  password: string;
}

export const dataDir = path.resolve(process.env.HERALD_DATA_DIR ?? path.join(projectRoot, ".data"));
const pgDir = path.join(dataDir, "postgres");
const stateFile = path.join(dataDir, "postgres.json");
const defaultPort = 54329;

function portIsFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once("error", () => resolve(false));
    server.listen(port, "127.0.0.1", () => server.close(() => resolve(true)));
  });
}

// A TCP port on 127.0.0.1 that nothing listens on right now.
export function anyFreePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

async function canConnect(url: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 1500 });
  try {
    await client.connect();
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

function urlFor(state: EmbeddedState, database: string) {
  return `postgresql://postgres:${encodeURIComponent(state.password)}@127.0.0.1:${state.port}/${database}`;
}

async function ensureDatabase(state: EmbeddedState, name: string) {
  const client = new pg.Client({ connectionString: urlFor(state, "postgres") });
  await client.connect();
  try {
    const { rowCount } = await client.query("select 1 from pg_database where datname = $1", [name]);
    if (!rowCount) await client.query(`create database "${name}"`);
  } finally {
    await client.end();
  }
}

// Settings of the embedded server. PostgreSQL's own default of 128 MB of shared buffers is sized for a
// small VM; audience counts read the whole Device table (288 MB at 1,000,000 devices) and pay for
// copying it from the OS cache on every count: with a quarter of the memory, at most 1 GB, bench:segments
// went from p50 105 to 83 ms (embedded PostgreSQL 18, 2 CPUs, 23.5 GiB, see bench/RESULTS.md).
// HERALD_PG_FLAGS adds or overrides settings ("name=value" separated by spaces).
export function embeddedFlags(totalMemory = totalmem(), extra = process.env.HERALD_PG_FLAGS ?? ""): string[] {
  const sharedBuffersMb = Math.max(128, Math.min(1024, Math.floor(totalMemory / 4 / 2 ** 20)));
  const effectiveCacheMb = Math.max(512, Math.floor((totalMemory / 2 ** 20) * 0.5));
  return [
    "listen_addresses=127.0.0.1",
    "max_connections=200",
    `shared_buffers=${sharedBuffersMb}MB`,
    `effective_cache_size=${effectiveCacheMb}MB`,
    ...extra.split(/\s+/).filter(Boolean),
  ];
}

// Starts (or joins an already running) embedded PostgreSQL and returns a URL to its `herald` database.
export async function startEmbedded(log: (line: string) => void = () => undefined): Promise<ResolvedDatabase> {
  await mkdir(dataDir, { recursive: true });
  // The server runs as the `postgres` user when we are root; it must be able to reach its folder.
  await chmod(dataDir, 0o755).catch(() => undefined);
  const saved: Partial<EmbeddedState> = JSON.parse(await readFile(stateFile, "utf8").catch(() => "{}"));
  const initialised = existsSync(path.join(pgDir, "PG_VERSION"));
  const state: EmbeddedState = {
    port: saved.port ?? Number(process.env.HERALD_PG_PORT ?? defaultPort),
    password: saved.password ?? randomBytes(18).toString("base64url"),
  };

  // Another Herald process (the worker, a second terminal) may already run this data directory.
  if (initialised && saved.port && (await canConnect(urlFor(state, "postgres")))) {
    await ensureDatabase(state, "herald");
    return { url: urlFor(state, "herald"), embedded: true, stop: async () => undefined };
  }

  if (!(await portIsFree(state.port))) {
    const busy = state.port;
    state.port = await anyFreePort();
    log(`port ${busy} is busy; the embedded PostgreSQL uses ${state.port}`);
  }

  if (userInfo().uid === 0) {
    // The server runs as `postgres`, which must reach its binaries (in node_modules) and its data.
    const blocked = unreachableFolder(projectRoot) ?? unreachableFolder(path.dirname(pgDir));
    if (blocked)
      throw new EmbeddedDatabaseError(
        `the embedded PostgreSQL runs as the user "postgres", which cannot enter ${blocked} (mode ` +
          `${(statSync(blocked).mode & 0o777).toString(8)}): move Herald's folder somewhere it can (for example ` +
          `under /srv or /opt), or run \`chmod o+x ${blocked}\`, or set DATABASE_URL to a PostgreSQL of your own`,
      );
  }
  const EmbeddedPostgres = await importEmbeddedPostgres();
  const server = new EmbeddedPostgres({
    databaseDir: pgDir,
    port: state.port,
    user: "postgres",
    password: state.password,
    persistent: true,
    createPostgresUser: userInfo().uid === 0,
    postgresFlags: embeddedFlags().flatMap((flag) => ["-c", flag]),
    onLog: (message) => {
      if (process.env.HERALD_DEBUG_PG) log(String(message).trim());
    },
    onError: (error) => log(`embedded PostgreSQL: ${error instanceof Error ? error.message : String(error)}`),
  });
  if (!initialised) {
    log("initialising the embedded PostgreSQL in .data/postgres (first start only)");
    await server.initialise();
  }
  await detachedPostgres(() => server.start());
  await writeFile(stateFile, JSON.stringify(state, null, 2), { mode: 0o600 });
  await ensureDatabase(state, "herald");
  return { url: urlFor(state, "herald"), embedded: true, stop: () => server.stop() };
}

// `url` with its database name replaced by `name`.
export function withDatabase(url: string, name: string): string {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}

// Drops and re-creates database `name` on the server of `serverUrl`, migrates it and returns its URL.
// Tests and benchmarks use it for a database of their own.
export async function freshDatabase(serverUrl: string, name: string): Promise<string> {
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  try {
    await admin.query(`drop database if exists "${name}" with (force)`);
    await admin.query(`create database "${name}"`);
  } finally {
    await admin.end();
  }
  const url = withDatabase(serverUrl, name);
  await applyMigrations(url);
  return url;
}

// Drops database `name` on the server of `serverUrl` (best effort).
export async function dropDatabase(serverUrl: string, name: string): Promise<void> {
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect().catch(() => undefined);
  await admin.query(`drop database if exists "${name}" with (force)`).catch(() => undefined);
  await admin.end().catch(() => undefined);
}

export async function resolveDatabase(log?: (line: string) => void): Promise<ResolvedDatabase> {
  const url = process.env.DATABASE_URL;
  if (url) return { url, embedded: false, stop: async () => undefined };
  return startEmbedded(log);
}
