// A plain node-postgres pool for the few hot paths where Prisma's per-query overhead matters
// (device registration runs thousands of times a second). Everything else uses server/db.ts.
import "server-only";
import pg from "pg";
import { log } from "./log";

const holder = globalThis as { heraldSqlPool?: pg.Pool };

export function sqlPool(): pg.Pool {
  if (!holder.heraldSqlPool) {
    const connectionString = process.env.DATABASE_URL;
    if (!connectionString) throw new Error("DATABASE_URL is not set");
    // JIT compilation only adds latency to these short queries (about 20 ms on broad audience counts).
    // Prisma stores DateTime as UTC wall time in "timestamp" columns; a UTC session makes now() agree with them.
    const pool = new pg.Pool({
      connectionString,
      max: Number(process.env.HERALD_SQL_POOL ?? process.env.HERALD_DB_POOL ?? 10),
      options: "-c jit=off -c TimeZone=UTC",
    });
    // A lost connection (PostgreSQL restarted, network cut) must not end the process: pg reports it as
    // an 'error' event, on the pool for an idle client and on the client itself for one checked out
    // between queries, and an unheard 'error' event throws. pg discards such clients; the next
    // query connects afresh and the callers' own retries (dispatch loop, leases) carry on.
    pool.on("error", (error) =>
      log.warn({ err: error.message }, "PostgreSQL connection lost (idle client); it will be replaced"),
    );
    pool.on("connect", (client) => client.on("error", () => undefined));
    holder.heraldSqlPool = pool;
  }
  return holder.heraldSqlPool;
}

// The pool if one was made, without making one (/metrics reports its use: server/ops/metrics.ts).
export function openSqlPool(): pg.Pool | undefined {
  return holder.heraldSqlPool;
}

// Ends the pool if one was made (shutdown, after the last query).
export async function closeSqlPool(): Promise<void> {
  const pool = holder.heraldSqlPool;
  holder.heraldSqlPool = undefined;
  await pool?.end();
}

// Runs `work` in one transaction on a client of the pool: committed when it returns, rolled back when
// it throws (the error goes on), the client released either way.
export async function inSqlTransaction<T>(work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  const client = await sqlPool().connect();
  try {
    await client.query("begin");
    const result = await work(client);
    await client.query("commit");
    return result;
  } catch (error) {
    await client.query("rollback").catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}
