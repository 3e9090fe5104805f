// Where a batch's time goes, measured in the bench process itself, one batch at a time with
// nothing else from this bench running: JSON.parse, the zod checks (parseEventBatch), the
// statement (recordEvents), and the statement's plan with actual times (EXPLAIN ANALYZE).
// Needs DATABASE_URL pointing at the bench database and the "server-only" hook registered.
import { writeFile } from "node:fs/promises";
import pg from "pg";
import { batchBody, type EventTarget } from "./events-mix";

export interface BatchProfile {
  batches: number;
  jsonParseMs: number;
  validateMs: number;
  statementMs: number;
  // The plan's top-level CTE nodes with their actual total times, and the execution time.
  planSummary: string[];
}

const perBatch = (started: number, batches: number) => (performance.now() - started) / batches;

// Profiles `batches` fresh batches of `size` events (eventIds "p<n>-<i>", kept apart from the run's).
export async function profileBatches(url: string, targets: EventTarget[], appId: string, size: number, batches: number, planFile: string): Promise<BatchProfile> {
  const { parseEventBatch } = await import("../../server/analytics/events-schema");
  const { recordEvents, recordEventsValues } = await import("../../server/analytics/record-events");
  const { recordEventsSql } = await import("../../server/analytics/record-events-sql");
  const bodies = Array.from({ length: batches + 1 }, (_, i) => batchBody(targets, "p", i, size));

  let started = performance.now();
  const parsed = bodies.slice(0, batches).map((body) => JSON.parse(body) as unknown);
  const jsonParseMs = perBatch(started, batches);
  started = performance.now();
  const checked = parsed.map((body) => parseEventBatch(body));
  const validateMs = perBatch(started, batches);
  started = performance.now();
  for (const { events, refused } of checked) await recordEvents(appId, events, refused);
  const statementMs = perBatch(started, batches);

  const client = new pg.Client({ connectionString: url, options: "-c jit=off -c TimeZone=UTC" });
  await client.connect();
  try {
    const { events } = parseEventBatch(JSON.parse(bodies[batches]));
    const { rows } = await client.query<{ "QUERY PLAN": string }>(`explain (analyze, buffers) ${recordEventsSql}`, recordEventsValues(appId, events));
    const plan = rows.map((r) => r["QUERY PLAN"]);
    await writeFile(planFile, plan.join("\n"));
    const planSummary = plan
      .filter((line) => /^\s*CTE \w+|^\s*->\s+(Insert|Update) on|Execution Time|Planning Time/.test(line))
      .map((line) => line.trim());
    return { batches, jsonParseMs, validateMs, statementMs, planSummary };
  } finally {
    await client.end();
  }
}
