// After a batch of events commits: Campaign.deliveredCount grows by the deliveries it moved to
// delivered, and its campaigns are marked for a rollup (the same upsert as dirty.ts). Both touch one
// row per campaign, which every batch of a busy campaign wants: done inside the batch's statement,
// each batch would hold that row through its commit (a WAL flush) and batches would queue on it one
// flush at a time. Here the marks of all batches that finish meanwhile are merged and written by
// one statement at a time per process, like a group commit; each request waits for the write that
// carries its marks. Marking after the commit is what dirty.ts allows: a rollup that ran between
// the two sees the new mark and runs again.
// Trade-off: if the process dies between a batch's commit and this write, those marks are lost
// (the Delivery rows are right; the counter stays short and the rollup waits for the next mark).
import "server-only";
import type { DatabaseError } from "pg";
import { log } from "@/server/log";
import { sqlPool } from "@/server/sql";

// Campaign id -> deliveries newly delivered (0: only mark it dirty).
export type CampaignMarks = Map<string, number>;

const markSql = `
with k as (
  select * from unnest($1::uuid[], $2::int[]) as k(id, n)
), bumped as (
  update "Campaign" c set "deliveredCount" = c."deliveredCount" + k.n from k where c.id = k.id and k.n > 0
  returning c.id
), dirty as (
  insert into "RollupDirty" ("campaignId", since)
  select k.id, clock_timestamp() from k, (select count(*) from bumped) b order by k.id
  on conflict ("campaignId")
  do update set since = greatest(excluded.since, "RollupDirty".since + interval '1 millisecond')
  returning 1
)
select (select count(*) from dirty)::int as marked`;

interface Pending {
  marks: CampaignMarks;
  done: Promise<void>;
  resolve(): void;
}

let collecting: Pending | null = null;
let writing = false;

function newPending(): Pending {
  let resolve!: () => void;
  const done = new Promise<void>((r) => (resolve = r));
  return { marks: new Map(), done, resolve };
}

async function write(marks: CampaignMarks): Promise<void> {
  const ids = [...marks.keys()].sort();
  for (let attempt = 1; ; attempt += 1) {
    try {
      await sqlPool().query({
        name: "herald-event-marks",
        text: markSql,
        values: [ids, ids.map((id) => marks.get(id) ?? 0)],
      });
      return;
    } catch (error) {
      // Another process's marks on the same campaigns in another order: run it again.
      if (attempt >= 4 || (error as DatabaseError).code !== "40P01") throw error;
    }
  }
}

async function drain(): Promise<void> {
  writing = true;
  while (collecting) {
    const batch = collecting;
    collecting = null;
    try {
      await write(batch.marks);
    } catch (error) {
      // The events are stored: the request still succeeds; the marks wait for the next write.
      log.error(
        { err: error, campaigns: batch.marks.size },
        "writing campaign marks of device events failed; retrying with the next batch",
      );
      const next = (collecting ??= newPending());
      for (const [id, n] of batch.marks) next.marks.set(id, (next.marks.get(id) ?? 0) + n);
      await new Promise((r) => setTimeout(r, 1000));
    }
    batch.resolve();
  }
  writing = false;
}

// Adds a batch's marks to the next write; resolves once a write carrying them has finished.
export function addCampaignMarks(marks: CampaignMarks): Promise<void> {
  if (!marks.size) return Promise.resolve();
  const pending = (collecting ??= newPending());
  for (const [id, n] of marks) pending.marks.set(id, (pending.marks.get(id) ?? 0) + n);
  if (!writing) void drain();
  return pending.done;
}
