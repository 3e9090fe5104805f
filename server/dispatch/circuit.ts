// The circuit breaker per (app, channel), shared by every worker through its ChannelCircuit row: the
// sender asks before each batch (admit), the recorder reports each batch's answers (observe), the
// claim query skips the batches of a held channel (claim-batches.ts) and the campaign page shows it
// (heldChannels). The decisions are circuit-machine.ts's; here the row is read under a row lock and
// written back, with the database's clock, so workers on several machines agree.
import "server-only";
import type { PoolClient } from "pg";
import type { SendResult } from "./providers/types";
import { inSqlTransaction, sqlPool } from "@/server/sql";
import { DISPATCH_CHANNEL } from "@/server/wake";
import {
  admitBatch,
  closedCircuit,
  observeBatch,
  type Admission,
  type BatchVerdict,
  type CircuitRow,
} from "./circuit-machine";
import type { CircuitConfig } from "./config";

// Answers that mean "you are sending too fast", not "the service is down": they never open a circuit.
const rateLimited = /QUOTA|RATE|THROTTL|TOO_MANY|429/i;

// A batch's answers as the breaker sees them.
export function verdictOf(batchId: string, results: SendResult[]): BatchVerdict {
  let answered = 0;
  let transient = 0;
  let error: string | null = null;
  for (const result of results) {
    if (result.outcome !== "retry") answered += 1;
    else if (!result.quota && result.errorCode !== "aborted" && !rateLimited.test(result.errorCode)) {
      transient += 1;
      error ??= result.errorCode;
    }
  }
  return { batchId, answered, transient, error };
}

const columns = `state::text as state, "consecutiveFailures", "recentOk", "recentFailed",
  (extract(epoch from "recentAt") * 1000)::float8 as "recentAt",
  (extract(epoch from "openedAt") * 1000)::float8 as "openedAt",
  (extract(epoch from "holdUntil") * 1000)::float8 as "holdUntil", reopens, "probeBatchId"::text as "probeBatchId",
  "lastError"`;

// Runs `decide` on the row (a closed one if none is stored) under its lock; writes what it returns.
async function withRow<T>(
  appId: string,
  channel: string,
  decide: (row: CircuitRow, now: number) => { next: CircuitRow | null; result: T },
): Promise<T> {
  return inSqlTransaction(async (client) => {
    await client.query(
      `insert into "ChannelCircuit" ("appId", channel) values ($1, $2::"Channel") on conflict do nothing`,
      [appId, channel],
    );
    const { rows } = await client.query<CircuitRow & { now: number }>(
      `select ${columns}, (extract(epoch from now()) * 1000)::float8 as now
         from "ChannelCircuit" where "appId" = $1 and channel = $2::"Channel" for update`,
      [appId, channel],
    );
    const { now, ...row } = rows[0]!;
    const { next, result } = decide(row, now);
    if (next) await write(client, appId, channel, next, row.state !== "closed" && next.state === "closed");
    return result;
  });
}

const at = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

async function write(client: PoolClient, appId: string, channel: string, row: CircuitRow, closing: boolean) {
  await client.query(
    `update "ChannelCircuit" set state = $3::"CircuitState", "consecutiveFailures" = $4, "recentOk" = $5,
            "recentFailed" = $6, "recentAt" = $7::timestamptz, "openedAt" = $8::timestamptz,
            "holdUntil" = $9::timestamptz, reopens = $10, "probeBatchId" = $11::bigint, "lastError" = $12,
            "updatedAt" = now()
      where "appId" = $1 and channel = $2::"Channel"`,
    [
      appId,
      channel,
      row.state,
      row.consecutiveFailures,
      row.recentOk,
      row.recentFailed,
      at(row.recentAt),
      at(row.openedAt),
      at(row.holdUntil),
      row.reopens,
      row.probeBatchId,
      row.lastError?.slice(0, 200) ?? null,
    ],
  );
  if (!closing) return;
  // The service answers again: batches that wait out a backoff or Retry-After from the outage go now
  // (the probe proved waiting longer pointless; rate-limit waits stay), and every worker is woken
  // instead of waiting for its poll.
  await client.query(
    `update "DispatchBatch" b set "notBefore" = now()
       from "Campaign" c
      where c.id = b."campaignId" and c."appId" = $1 and b.channel = $2::"Channel" and b.state = 'pending'
        and b."notBefore" > now() and b."lastError" is not null and b."lastError" !~* $3`,
    [appId, channel, rateLimited.source],
  );
  await client.query(`select pg_notify($1, 'circuit')`, [DISPATCH_CHANNEL]);
}

// May this claimed batch go? Most of the time the channel is closed and no row lock is taken.
export async function admit(
  appId: string,
  channel: string,
  batchId: string,
  config: CircuitConfig,
): Promise<Admission> {
  const { rows } = await sqlPool().query<{ state: string }>(
    `select state::text as state from "ChannelCircuit" where "appId" = $1 and channel = $2::"Channel"`,
    [appId, channel],
  );
  if (!rows[0] || rows[0].state === "closed") return { kind: "send" };
  return withRow(appId, channel, (row, now) => {
    const admission = admitBatch(row, batchId, now, config);
    return { next: admission.kind === "probe" ? admission.row : null, result: admission };
  });
}

// Records what a batch's answers say about its channel; answers the row as it is now.
export async function observe(
  appId: string,
  channel: string,
  verdict: BatchVerdict,
  config: CircuitConfig,
): Promise<CircuitRow> {
  if (verdict.answered === 0 && verdict.transient === 0) return closedCircuit;
  return withRow(appId, channel, (row, now) => {
    const next = observeBatch(row, verdict, now, config);
    return { next, result: next };
  });
}

// The channels of an app that are held right now (open or half-open), for the campaign page.
export interface HeldChannel {
  channel: string;
  since: Date;
  nextTry: Date | null;
  lastError: string | null;
}

export async function heldChannels(appId: string): Promise<HeldChannel[]> {
  const { rows } = await sqlPool().query<{
    channel: string;
    since: number;
    nextTry: number | null;
    lastError: string | null;
  }>(
    `select channel::text as channel, (extract(epoch from coalesce("openedAt", "updatedAt")) * 1000)::float8 as since,
            (extract(epoch from "holdUntil") * 1000)::float8 as "nextTry", "lastError"
       from "ChannelCircuit" where "appId" = $1 and state <> 'closed' order by channel`,
    [appId],
  );
  return rows.map((row) => ({
    channel: row.channel,
    since: new Date(row.since),
    nextTry: row.nextTry === null ? null : new Date(row.nextTry),
    lastError: row.lastError,
  }));
}
