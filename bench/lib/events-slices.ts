// Pieces of bench:events-compare: one side (a Herald tree's API server on its own seeded database),
// a timed slice of load against it with its CPU, and the zero-loss check of all its slices.
import { readFile } from "node:fs/promises";
import pg from "pg";
import { processCpuMs } from "./machine";
import { runLoadProcess } from "./processes";

export interface Side {
  name: string;
  root: string;
  url: string;
  client: pg.Client;
  appId: string;
  apiKey: string;
  campaignId: string;
  targetsFile: string;
  serverPid: number;
  totals: {
    seconds: number;
    requests: number;
    accepted: number;
    serverCpuMs: number;
    pgCpuMs: number;
    loadCpuMs: number;
    non2xx: number;
    errors: number;
  };
  // Per slice: the eventId prefix and the file of its answers.
  slices: Array<{ prefix: string; answersFile: string }>;
}

interface LoadAnswer {
  requests: { total: number };
  acceptedEvents: number;
  non2xx: number;
  errors: number;
  cpuMs: number;
}

// Runs bench/lib/events-load.ts (this tree's) as a process with `settings`; resolves its result.
export function runLoad(root: string, settings: Record<string, unknown>): Promise<LoadAnswer> {
  return runLoadProcess<LoadAnswer>(root, "events-load.ts", settings);
}

async function backendPids(side: Side): Promise<number[]> {
  const { rows } = await side.client.query<{ pid: number }>(
    `select pid from pg_stat_activity where datname = current_database() and backend_type = 'client backend'
       and pid <> pg_backend_pid()`,
  );
  return rows.map((r) => r.pid);
}

// One slice of load on `side`, its figures added to the side's totals. The CPU of the side's
// PostgreSQL backends is read from /proc: those alive before and after, plus those opened meanwhile.
export async function runSlice(
  side: Side,
  root: string,
  settings: Record<string, unknown>,
  seconds: number,
  prefix: string,
  answersFile: string,
): Promise<void> {
  const before = new Map((await backendPids(side)).map((pid) => [pid, processCpuMs(pid) ?? 0]));
  const serverBefore = processCpuMs(side.serverPid) ?? 0;
  const result = await runLoad(root, {
    ...settings,
    url: side.url,
    apiKey: side.apiKey,
    targetsFile: side.targetsFile,
    durationSeconds: seconds,
    prefix,
    answersFile,
  });
  const serverAfter = processCpuMs(side.serverPid) ?? 0;
  let pgCpuMs = 0;
  for (const pid of await backendPids(side)) {
    const now = processCpuMs(pid);
    if (now !== null) pgCpuMs += now - (before.get(pid) ?? 0);
  }
  const t = side.totals;
  t.seconds += seconds;
  t.requests += result.requests.total;
  t.accepted += result.acceptedEvents;
  t.serverCpuMs += serverAfter - serverBefore;
  t.pgCpuMs += pgCpuMs;
  t.loadCpuMs += result.cpuMs;
  t.non2xx += result.non2xx;
  t.errors += result.errors;
  side.slices.push({ prefix, answersFile });
}

// Zero loss over all of a side's slices: for every batch, the events stored equal the events its
// answers acknowledged as accepted (batches cut off at a slice's deadline may have more stored).
export async function checkZeroLoss(
  side: Side,
): Promise<{ missing: number; unexplained: number; stored: number; counterEqual: boolean }> {
  let missing = 0;
  let unexplained = 0;
  let storedTotal = 0;
  for (const slice of side.slices) {
    const answers = JSON.parse(await readFile(slice.answersFile, "utf8")) as {
      accepted: Array<[number, number]>;
      unanswered: number[];
    };
    const { rows } = await side.client.query<{ batch: number; n: number }>(
      `select split_part(substr("eventId", $3), '-', 1)::int as batch, count(*)::int as n from "DeviceEvent"
         where "appId" = $1 and "eventId" like $2 group by 1`,
      [side.appId, `${slice.prefix}%`, slice.prefix.length + 1],
    );
    const stored = new Map(rows.map((r) => [r.batch, r.n]));
    const acknowledged = new Map(answers.accepted);
    const unanswered = new Set(answers.unanswered);
    for (const [batch, n] of acknowledged) missing += Math.max(0, n - (stored.get(batch) ?? 0));
    for (const [batch, n] of stored) {
      storedTotal += n;
      if (!unanswered.has(batch)) unexplained += Math.max(0, n - (acknowledged.get(batch) ?? 0));
    }
  }
  const counters = await side.client.query<{ delivered: number; counter: number }>(
    `select count(*) filter (where status = 'delivered')::int as delivered, (select "deliveredCount" from "Campaign"
       where id = $1) as counter from "Delivery" where "campaignId" = $1`,
    [side.campaignId],
  );
  return {
    missing,
    unexplained,
    stored: storedTotal,
    counterEqual: counters.rows[0].delivered === counters.rows[0].counter,
  };
}
