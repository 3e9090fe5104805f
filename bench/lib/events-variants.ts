// The variants bench:events-ab compares: a statement, its parameters, and schema changes applied to
// the variant's own copy of the seeded database. The first variant is the reference of the ratios.
import { execFileSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import type { ValidEvent } from "../../server/analytics/events-schema";
import { recordEventsSql, recordEventsValues } from "../../server/analytics/record-events-sql";
import { projectRoot } from "../../scripts/lib/migrations";

// The statement as it was at `commit`, read from the git history (this benchmark needs a clone).
async function recordEventsSqlAt(commit: string): Promise<string> {
  const source = execFileSync("git", ["show", `${commit}:server/analytics/record-events-sql.ts`], {
    cwd: projectRoot,
    encoding: "utf8",
  });
  const file = path.join(mkdtempSync(path.join(tmpdir(), "herald-events-sql-")), "record-events-sql.ts");
  writeFileSync(file, source);
  return ((await import(pathToFileURL(file).href)) as { recordEventsSql: string }).recordEventsSql;
}

// Before the PostgreSQL CPU work (commit 2c89ee6).
const recordEventsSqlBefore = await recordEventsSqlAt("2c89ee6");

export interface EventsVariant {
  name: string;
  sql: string;
  values(appId: string, events: ValidEvent[]): unknown[];
  // SQL run once on the variant's copy before the run (indexes, storage parameters).
  setup?: string[];
  // Merge each round of batches into one statement.
  group?: boolean;
}

// The schema before migration 20261125235539_device_event_indexes (the copies start from the current one).
const restoreEventIndexes = [
  `create index "DeviceEvent_campaignId_type_occurredAt_idx" on "DeviceEvent" ("campaignId", "type", "occurredAt")`,
  `create index "DeviceEvent_appId_occurredAt_idx" on "DeviceEvent" ("appId", "occurredAt")`,
];
const before: EventsVariant = {
  name: "before",
  sql: recordEventsSqlBefore,
  // That statement predates custom events (name, value, currency: the last three parameters).
  values: (appId, events) => recordEventsValues(appId, events).slice(0, 9),
  setup: restoreEventIndexes,
};
const after: EventsVariant = { name: "after", sql: recordEventsSql, values: recordEventsValues };
// The statement before custom events (name, value, currency) were added, on the same mix of events.
const beforeCustomEvents: EventsVariant = {
  name: "before-custom-events",
  sql: await recordEventsSqlAt("71dd79b"),
  values: (appId, events) => recordEventsValues(appId, events).slice(0, 9),
};

function replaceCte(sql: string, name: string, body: string): string {
  const start = sql.indexOf(`${name} as (`);
  const end = sql.indexOf("\n), ", start);
  if (start < 0 || end < 0) throw new Error(`no CTE ${name}`);
  return `${sql.slice(0, start)}${name} as (\n  ${body}${sql.slice(end)}`;
}
const withoutDeviceUpdate = (sql: string) =>
  replaceCte(
    sql,
    "activated",
    `select v.id from "Device" v join activity a on v.id = a.id where v."lastActiveAt" < a.at`,
  );
const withoutDeliveryUpdates = (sql: string) =>
  replaceCte(
    replaceCte(
      sql,
      "transitioned",
      `select d.id, d."campaignId" from "Delivery" d join effects f on d.id = f.id
         where f.delivered_at is not null and d.status in ('queued', 'sent')`,
    ),
    "engaged",
    `select d."campaignId" from "Delivery" d join effects f on d.id = f.id where not exists (select 1
       from transitioned t where t.id = d.id)`,
  );
const withoutInsert = (sql: string) =>
  replaceCte(
    sql,
    "inserted",
    `select k.device_id, k.delivery_id, k.type, k.occurred_at from classified k where k.reason is null`,
  );

const all: EventsVariant[] = [
  before,
  after,
  beforeCustomEvents,
  // The same again: how far two copies drift apart by chance.
  { ...before, name: "before-again" },
  { ...after, name: "after-again" },
  // Candidates measured and not taken (see bench/RESULTS.md).
  { ...after, name: "delivery-fillfactor-90", setup: [`alter table "Delivery" set (fillfactor = 90)`] },
  {
    ...after,
    name: "event-key-as-primary-key",
    setup: [
      `alter table "DeviceEvent" drop constraint "DeviceEvent_pkey"`,
      `alter table "DeviceEvent" drop column id`,
      `alter table "DeviceEvent" add constraint "DeviceEvent_pkey" primary key using index
         "DeviceEvent_appId_eventId_occurredAt_key"`,
    ],
  },
  {
    ...after,
    name: "event-device-hash-index",
    setup: [
      `drop index "DeviceEvent_deviceId_occurredAt_idx"`,
      `create index on "DeviceEvent" using hash ("deviceId")`,
    ],
  },
  { ...after, name: "grouped", group: true },
  // Not correct, for finding where the time goes: the statement without some of its writes.
  { ...after, name: "no-device-update", sql: withoutDeviceUpdate(recordEventsSql) },
  { ...after, name: "no-delivery-updates", sql: withoutDeliveryUpdates(recordEventsSql) },
  { ...after, name: "no-updates", sql: withoutDeliveryUpdates(withoutDeviceUpdate(recordEventsSql)) },
  { ...after, name: "lookups-only", sql: withoutInsert(withoutDeliveryUpdates(withoutDeviceUpdate(recordEventsSql))) },
];

// The variants named in `list` (comma-separated), or all of them (and `extra`); the first named is the reference.
export function pickVariants(list: string | undefined, extra: EventsVariant[] = []): EventsVariant[] {
  const known = [...all, ...extra];
  if (!list) return known;
  return list.split(",").map((name) => {
    const variant = known.find((v) => v.name === name.trim());
    if (!variant) throw new Error(`no variant ${name}; known: ${known.map((v) => v.name).join(", ")}`);
    return variant;
  });
}
