// The installation-wide figures /metrics reports from PostgreSQL: campaigns by state, the dispatch
// queue (pending batches and their messages per channel) and the age of the oldest due wave and batch.
// One statement, read through indexes (Campaign by state, CampaignWave by state and dueAt, DispatchBatch by
// state), at most once per `cacheMs`: scrapes within that share the answer, so several Prometheus
// servers or a flood of scrapes cost one query. When PostgreSQL does not answer within a second and a
// half the scrape goes on without these gauges (they are absent, not zero) and a warning is logged.
import "server-only";
import { CampaignState, Channel } from "@/server/generated/prisma/enums";
import { log } from "@/server/log";
import { sqlPool } from "@/server/sql";

export interface ClusterSnapshot {
  campaigns: Record<string, number>;
  pendingBatches: Record<string, number>;
  pendingMessages: Record<string, number>;
  oldestDueWaveSeconds: number;
  oldestDueBatchSeconds: number;
}

export const clusterCacheMs = 5_000;
const timeoutMs = 1_500;

// A wave is due once dueAt passed while its campaign is scheduled or sending and it is not fanned out
// (pending, or fanning out now); a batch once notBefore passed while pending, or its lease ran out while
// claimed (fanout.ts and claim-batches.ts take work by the same conditions).
const snapshotSql = `
  select
    (select coalesce(json_object_agg(state, n), '{}') from
      (select state::text as state, count(*)::int as n from "Campaign" group by 1) t) as campaigns,
    (select coalesce(json_object_agg(channel, json_build_array(n, m)), '{}') from
      (select b.channel::text as channel, count(*)::int as n, coalesce(sum(b.size), 0)::int as m
         from "DispatchBatch" b join "Campaign" c on c.id = b."campaignId"
        where b.state = 'pending' and c.state = 'sending' group by 1) t) as pending,
    (select coalesce(extract(epoch from now() - min(w."dueAt")), 0)::float8
       from "CampaignWave" w join "Campaign" c on c.id = w."campaignId"
      where w.state in ('pending', 'fanning_out') and w."dueAt" <= now()
        and c.state in ('scheduled', 'sending')) as "waveAge",
    (select coalesce(extract(epoch from now() - min(case when b.state = 'pending' then b."notBefore"
                                                         else coalesce(b."leaseUntil", b."notBefore") end)), 0)::float8
       from "DispatchBatch" b join "Campaign" c on c.id = b."campaignId"
      where c.state = 'sending'
        and ((b.state = 'pending' and b."notBefore" <= now())
             or (b.state = 'claimed' and (b."leaseUntil" is null or b."leaseUntil" < now())))) as "batchAge"`;

interface Row {
  campaigns: Record<string, number>;
  pending: Record<string, [number, number]>;
  waveAge: number;
  batchAge: number;
}

// Every value of an enum with 0, so a dashboard's series exist before the first campaign or batch.
const zeros = (values: Record<string, string>) => Object.fromEntries(Object.values(values).map((v) => [v, 0]));

async function readSnapshot(): Promise<ClusterSnapshot> {
  const query = sqlPool().query<Row>(snapshotSql);
  const timeout = new Promise<never>((_, reject) =>
    setTimeout(() => reject(new Error(`PostgreSQL did not answer within ${timeoutMs} ms`)), timeoutMs).unref(),
  );
  const row = (await Promise.race([query, timeout])).rows[0]!;
  const pendingBatches = zeros(Channel);
  const pendingMessages = zeros(Channel);
  for (const [channel, [batches, messages]] of Object.entries(row.pending)) {
    pendingBatches[channel] = batches;
    pendingMessages[channel] = messages;
  }
  return {
    campaigns: { ...zeros(CampaignState), ...row.campaigns },
    pendingBatches,
    pendingMessages,
    oldestDueWaveSeconds: Math.max(0, row.waveAge),
    oldestDueBatchSeconds: Math.max(0, row.batchAge),
  };
}

let last: { at: number; result: Promise<ClusterSnapshot | null> } | null = null;

// The figures, read at most once per `clusterCacheMs`; null when PostgreSQL failed to answer.
export function clusterSnapshot(now = Date.now()): Promise<ClusterSnapshot | null> {
  if (!last || now - last.at >= clusterCacheMs) {
    last = {
      at: now,
      result: readSnapshot().catch((error: unknown) => {
        log.warn({ err: error instanceof Error ? error.message : String(error) }, "metrics: cluster figures not read");
        return null;
      }),
    };
  }
  return last.result;
}

// Forgets the cached figures (tests that change the database and expect the next scrape to see it).
export function forgetClusterSnapshot(): void {
  last = null;
}
