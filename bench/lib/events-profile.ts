// Where a batch's time goes, measured in the bench process itself, one batch at a time with
// nothing else from this bench running: JSON.parse, the zod checks (parseEventBatch), the
// statement (recordEvents), and the statement's plan with actual times (EXPLAIN ANALYZE).
// Needs DATABASE_URL pointing at the bench database and the "server-only" hook registered.
import { writeFile } from "node:fs/promises";
import pg from "pg";
import { batchBody, type EventTarget } from "./events-mix";
import { processCpuMs } from "./machine";

export interface BatchProfile {
  batches: number;
  jsonParseMs: number;
  validateMs: number;
  statementMs: number;
  // CPU the database backend spent per statement (from /proc; null elsewhere).
  statementCpuMs: number | null;
  // The plan's top-level CTE nodes with their actual total times, and the execution time.
  planSummary: string[];
}

const perBatch = (started: number, batches: number) => (performance.now() - started) / batches;

// Profiles `batches` fresh batches of `size` events (eventIds "p<n>-<i>", kept apart from the run's).
export async function profileBatches(
  url: string,
  targets: EventTarget[],
  appId: string,
  size: number,
  batches: number,
  planFile: string,
): Promise<BatchProfile> {
  // One connection, so the backend whose CPU is read is the one that ran every statement.
  process.env.HERALD_SQL_POOL = "1";
  const { sqlPool } = await import("../../server/sql");
  const { parseEventBatch } = await import("../../server/analytics/events-schema");
  const { recordEvents, recordEventsValues } = await import("../../server/analytics/record-events");
  const { recordEventsSql } = await import("../../server/analytics/record-events-sql");
  const bodies = Array.from({ length: batches + 1 }, (_, i) => batchBody(targets, "p", i, size));

  // Warm up (the server's code is warm too): zod and V8 compile their fast paths on first use.
  for (const body of bodies.slice(0, 50)) parseEventBatch(JSON.parse(body));
  let started = performance.now();
  const parsed = bodies.slice(0, batches).map((body) => JSON.parse(body) as unknown);
  const jsonParseMs = perBatch(started, batches);
  started = performance.now();
  const checked = parsed.map((body) => parseEventBatch(body));
  const validateMs = perBatch(started, batches);
  const backend = (await sqlPool().query<{ pid: number }>("select pg_backend_pid() as pid")).rows[0].pid;
  const cpuBefore = processCpuMs(backend);
  started = performance.now();
  for (const { events, refused } of checked) await recordEvents(appId, events, refused);
  const statementMs = perBatch(started, batches);
  const cpuAfter = processCpuMs(backend);
  const statementCpuMs = cpuBefore === null || cpuAfter === null ? null : (cpuAfter - cpuBefore) / batches;
  await sqlPool().end();

  const client = new pg.Client({ connectionString: url, options: "-c jit=off -c TimeZone=UTC" });
  await client.connect();
  try {
    const { events } = parseEventBatch(JSON.parse(bodies[batches]));
    const { rows } = await client.query<{ "QUERY PLAN": string }>(
      `explain (analyze, buffers) ${recordEventsSql}`,
      recordEventsValues(appId, events),
    );
    const plan = rows.map((r) => r["QUERY PLAN"]);
    await writeFile(planFile, plan.join("\n"));
    // Each write with its rows and its own time (the node's end minus its start, when its input was ready).
    const planSummary = plan.flatMap((line) => {
      const write = /(Insert|Update) on "(\w+)".*actual time=([\d.]+)\.\.([\d.]+) rows=(\d+)/.exec(line);
      if (write)
        return [
          `${write[1].toLowerCase()} ${write[2]} ${write[5]} rows ` +
            `${(Number(write[4]) - Number(write[3])).toFixed(1)} ms`,
        ];
      const total = /(Execution Time|Planning Time): ([\d.]+) ms/.exec(line);
      return total ? [`${total[1].toLowerCase()} ${Number(total[2]).toFixed(1)} ms`] : [];
    });
    return { batches, jsonParseMs, validateMs, statementMs, statementCpuMs, planSummary };
  } finally {
    await client.end();
  }
}
