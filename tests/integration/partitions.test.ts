// Partitioning and retention of Delivery and DeviceEvent against the real database: a fanned-out run
// lands in the partition of the day its first wave was due (made before fan-out), a row of a month
// without a partition waits in the default one until housekeeping gives it its own, the retention
// pass drops exactly the partitions past the cutoff while the campaign's report keeps the same figures
// (also after it is rolled up again, and with its live run still counted), the campaign page, report
// and device trace say what was removed, the hourly housekeeping job does both on its own, and the
// migration kept the rows of the tables it converted.
//
// The data retired here is dated 2019 (and the rows without a partition 2031), months no other test
// file writes, because the integration files share one database.
import { cp, mkdtemp, readdir, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { randomUUID } from "node:crypto";
import pg from "pg";
import { createTranslator } from "next-intl";
import { createElement } from "react";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { CampaignProgress } from "@/components/campaigns/campaign-progress";
import { loadMessages } from "@/i18n/messages";
import { getCampaignReport, getDeviceTrace } from "@/server/analytics/queries";
import { rollupCampaign } from "@/server/analytics/rollup";
import type { StaffUser } from "@/server/auth/session";
import { campaignProgress } from "@/server/campaigns/progress";
import { readDispatchConfig } from "@/server/dispatch/config";
import { fanOutStep, type ClaimedWave } from "@/server/dispatch/fanout";
import { ensurePartitions, listPartitions, type PartitionedTable } from "@/server/partitions/partitions";
import { retentionPass } from "@/server/partitions/retention";
import { sqlPool } from "@/server/sql";
import { applyMigrations, migrationsDir } from "../../scripts/lib/migrations";
import { seedSentCampaign } from "../support/analytics-seed";
import { withDatabase } from "../support/catalog";
import { campaignInput, insertDevices, sendCampaign } from "../support/dispatch";
import { createApp, createUser } from "../support/fixtures";
import { renderWithMessages } from "../support/render-intl";

const DAY = 86_400_000;
let editor: StaffUser;

beforeAll(async () => {
  editor = await createUser("editor");
});

afterAll(async () => {
  // Later files read device traces: what this file's retention pass recorded is not theirs.
  await sqlPool().query(`delete from "RetentionCut"`);
});

// The partitions holding the rows `where` picks, by name.
async function partitionsOf(table: PartitionedTable, where: string, values: unknown[]): Promise<string[]> {
  const { rows } = await sqlPool().query<{ name: string }>(
    `select distinct c.relname as name from "${table}" t join pg_class c on c.oid = t.tableoid where ${where}
      order by 1`,
    values,
  );
  return rows.map((r) => r.name);
}

const names = async (table: PartitionedTable) => (await listPartitions(sqlPool(), table)).map((p) => p.name);

// Whole days from today (UTC) back to `day`: the HERALD_RETENTION_DAYS that puts the cutoff there.
const daysBackTo = (day: string) => {
  const now = new Date();
  return Math.round((Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()) - Date.parse(day)) / DAY);
};

describe("partitions", () => {
  it("writes a run's rows into the partition of the day its first wave was due, made before the fan-out", async () => {
    const { app } = await createApp();
    await insertDevices(app.id, 60);
    const campaignId = await sendCampaign(editor, campaignInput(app.id));
    // The run's first wave was due late on 2019-02-27 (UTC); the fan-out runs now.
    await sqlPool().query(`update "CampaignWave" set "dueAt" = '2019-02-27 22:30:00' where "campaignId" = $1`, [
      campaignId,
    ]);
    expect(await names("Delivery")).not.toContain("Delivery_2019_02");
    const config = { ...readDispatchConfig(), workerId: "partition-test", firstChunk: 25, chunk: 25 };
    const { rows: waves } = await sqlPool().query<ClaimedWave>(
      `update "CampaignWave" set state = 'fanning_out', "leasedBy" = $2, "leaseUntil" = now() + interval '5 minutes',
              "startedAt" = now()
        where "campaignId" = $1
        returning id::text, "campaignId", run, "timeZones", "catchAll", cursor, "startedAt"`,
      [campaignId, config.workerId],
    );
    for (const wave of waves) {
      let first = true;
      while ((await fanOutStep(wave, config, first)) === "more") first = false;
    }
    const { rows } = await sqlPool().query<{ runDate: string; n: number }>(
      `select to_char("runDate", 'YYYY-MM-DD') as "runDate", count(*)::int as n from "Delivery"
        where "campaignId" = $1 group by 1`,
      [campaignId],
    );
    expect(rows).toEqual([{ runDate: "2019-02-27", n: 60 }]);
    expect(await partitionsOf("Delivery", `t."campaignId" = $1`, [campaignId])).toEqual(["Delivery_2019_02"]);
  });

  it("keeps a row of a month without a partition in the default one until housekeeping makes its month", async () => {
    const campaignId = randomUUID();
    const deviceId = randomUUID();
    await sqlPool().query(
      `insert into "Delivery" ("campaignId", "waveId", "deviceId", channel, status, "runDate")
       values ($1, 1, $2, 'fcm', 'queued', '2031-07-04')`,
      [campaignId, deviceId],
    );
    await sqlPool().query(
      `insert into "DeviceEvent" ("appId", "eventId", "deviceId", "campaignId", type, "occurredAt")
       values (gen_random_uuid(), $1, $2, $3, 'opened', '2031-07-04 08:00:00')`,
      [randomUUID(), deviceId, campaignId],
    );
    expect(await partitionsOf("Delivery", `t."campaignId" = $1`, [campaignId])).toEqual(["Delivery_default"]);
    expect(await partitionsOf("DeviceEvent", `t."campaignId" = $1`, [campaignId])).toEqual(["DeviceEvent_default"]);

    const made = await ensurePartitions();
    expect(made).toEqual(expect.arrayContaining(["Delivery_2031_07", "DeviceEvent_2031_07"]));
    expect(await partitionsOf("Delivery", `t."campaignId" = $1`, [campaignId])).toEqual(["Delivery_2031_07"]);
    expect(await partitionsOf("DeviceEvent", `t."campaignId" = $1`, [campaignId])).toEqual(["DeviceEvent_2031_07"]);
    // This month and the next two are ready; a second pass makes nothing.
    const now = new Date();
    for (let i = 0; i <= 2; i++) {
      const month = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + i, 1)).toISOString().slice(0, 7);
      expect(await names("Delivery")).toContain(`Delivery_${month.replace("-", "_")}`);
      expect(await names("DeviceEvent")).toContain(`DeviceEvent_${month.replace("-", "_")}`);
    }
    expect(await ensurePartitions()).toEqual([]);
    await sqlPool().query(`delete from "Delivery" where "campaignId" = $1`, [campaignId]);
    await sqlPool().query(`delete from "DeviceEvent" where "campaignId" = $1`, [campaignId]);
  });
});

describe("retention", () => {
  // The report's figures (everything but when it was rolled up and the retention notice).
  const figures = async (campaignId: string) => {
    const report = (await getCampaignReport(campaignId))!;
    return { ...report, asOf: null, detailRemoved: null };
  };

  it("drops exactly the partitions past the cutoff; the campaign keeps its figures, says what is gone", async () => {
    const { app } = await createApp();
    await insertDevices(app.id, 30, { channel: "fcm" });
    await insertDevices(app.id, 30, { channel: "mqtt" });
    const variants = [
      { key: "A", openRate: 0.4 },
      { key: "B", openRate: 0.2 },
    ];
    const old = await seedSentCampaign(sqlPool(), app.id, {
      name: "March 2019",
      type: "news",
      startedAt: new Date("2019-03-10T09:00:00Z"),
      variants,
      holdoutPercent: 10,
      seed: 7,
    });
    // A one-off campaign wholly in the month that goes: its breakdowns are kept as they are.
    const oneOff = await seedSentCampaign(sqlPool(), app.id, {
      name: "March 2019 one-off",
      type: "announcement",
      startedAt: new Date("2019-03-20T09:00:00Z"),
      variants,
      seed: 9,
    });
    await sqlPool().query(`update "Delivery" set "runDate" = '2019-03-20' where "campaignId" = $1`, [oneOff]);
    const recent = await seedSentCampaign(sqlPool(), app.id, {
      name: "Recent",
      type: "news",
      startedAt: new Date(Date.now() - 2 * DAY),
      variants,
      seed: 8,
    });
    // The old campaign's run 0 is dated by its wave, as fan-out dates it; it also has a live run 1.
    await sqlPool().query(`update "Delivery" set "runDate" = '2019-03-10' where "campaignId" = $1`, [old]);
    await sqlPool().query(
      `insert into "Delivery" ("campaignId", run, "waveId", "deviceId", "variantKey", locale, channel, status, reason,
         "errorCode", attempts, "queuedAt", "sentAt", "deliveredAt", "failedAt", "openedAt", "clickedAt",
         "dismissedAt", "appOpenedAt", "deviceLastActiveAt", "updatedAt", "runDate")
       select "campaignId", 1, "waveId", "deviceId", "variantKey", locale, channel, status, reason, "errorCode",
              attempts, "queuedAt", "sentAt", "deliveredAt", "failedAt", "openedAt", "clickedAt", "dismissedAt",
              "appOpenedAt", "deviceLastActiveAt", "updatedAt", current_date
         from "Delivery" where "campaignId" = $1 and run = 0`,
      [old],
    );
    await ensurePartitions();
    expect(await partitionsOf("Delivery", `t."campaignId" = $1 and t.run = 0`, [old])).toEqual(["Delivery_2019_03"]);
    expect(await partitionsOf("DeviceEvent", `t."campaignId" = $1`, [old])).toEqual(["DeviceEvent_2019_03"]);
    const count = async (where: string, values: unknown[]) =>
      (await sqlPool().query(`select count(*)::int as n from "Delivery" where ${where}`, values)).rows[0].n as number;
    const [oldRun0, oldRun1, recentRows] = [
      await count(`"campaignId" = $1 and run = 0`, [old]),
      await count(`"campaignId" = $1 and run = 1`, [old]),
      await count(`"campaignId" = $1`, [recent]),
    ];
    expect(oldRun0).toBe(60);
    await rollupCampaign(old);
    await rollupCampaign(oneOff);
    await rollupCampaign(recent);
    const before = await figures(old);
    const oneOffBefore = await figures(oneOff);
    const recentBefore = await figures(recent);
    expect(before.funnel.targeted).toBe(120);
    expect(before.funnel.opened).toBeGreaterThan(0);
    expect(before.failures.length + before.suppressions.length).toBeGreaterThan(0);

    // Retention up to 2019-04-01: every partition whose range ends by then goes, and nothing else.
    const cutoff = "2019-04-01";
    const partitionsBefore = [
      ...(await listPartitions(sqlPool(), "Delivery")),
      ...(await listPartitions(sqlPool(), "DeviceEvent")),
    ];
    const expected = partitionsBefore.filter((p) => p.to && p.to.getTime() <= Date.parse(cutoff)).map((p) => p.name);
    expect(expected).toEqual(expect.arrayContaining(["Delivery_2019_03", "DeviceEvent_2019_03"]));
    const result = await retentionPass(daysBackTo(cutoff));
    expect(result.dropped.sort()).toEqual(expected.sort());
    const partitionsAfter = [...(await names("Delivery")), ...(await names("DeviceEvent"))];
    expect(partitionsAfter.sort()).toEqual(
      partitionsBefore
        .map((p) => p.name)
        .filter((n) => !expected.includes(n))
        .sort(),
    );
    expect(await count(`"campaignId" = $1 and run = 0`, [old])).toBe(0);
    expect(await count(`"campaignId" = $1 and run = 1`, [old])).toBe(oldRun1);
    expect(await count(`"campaignId" = $1`, [recent])).toBe(recentRows);
    expect(
      (await sqlPool().query(`select count(*)::int as n from "DeviceEvent" where "campaignId" = $1`, [old])).rows[0].n,
    ).toBe(0);

    // The report shows the same figures, also once rolled up again from the rows that are left.
    expect(await figures(old)).toEqual(before);
    await rollupCampaign(old);
    expect(await figures(old)).toEqual(before);
    await rollupCampaign(recent);
    expect(await figures(recent)).toEqual(recentBefore);
    expect(await figures(oneOff)).toEqual(oneOffBefore);
    await rollupCampaign(oneOff);
    expect(await figures(oneOff)).toEqual(oneOffBefore);
    expect(await count(`"campaignId" = $1`, [oneOff])).toBe(0);
    // The live run still counts: an open on it shows.
    const opened = await sqlPool().query(
      `update "Delivery" set status = 'delivered', "deliveredAt" = coalesce("deliveredAt", "sentAt"),
              "openedAt" = "sentAt" + interval '1 minute'
        where id = (select id from "Delivery" where "campaignId" = $1 and run = 1 and status in ('sent', 'delivered')
                      and "openedAt" is null and "clickedAt" is null limit 1)`,
      [old],
    );
    expect(opened.rowCount).toBe(1);
    await rollupCampaign(old);
    expect((await figures(old)).funnel.opened).toBe(before.funnel.opened + 1);

    // What was removed is said on the report, the campaign page (its progress) and the device trace.
    const report = (await getCampaignReport(old))!;
    expect(report.detailRemoved).toEqual({ runs: 1, through: "2019-03-10" });
    expect((await getCampaignReport(recent))!.detailRemoved).toBeNull();
    const progress = (await campaignProgress(old, true))!;
    expect(progress.detailRemoved).toEqual({ runs: 1, through: "2019-03-10" });
    // Its breakdowns come from the rollups, so they still count the retired run.
    expect(progress.suppressions).toEqual(
      expect.arrayContaining(report.suppressions.map((s) => ({ reason: s.reason, count: s.count }))),
    );
    expect(progress.failures).toEqual(report.failures.slice(0, 10));
    const { rows: device } = await sqlPool().query<{ installationId: string }>(
      `select v."installationId" from "Device" v join "Delivery" d on d."deviceId" = v.id
        where d."campaignId" = $1 and d.run = 1 limit 1`,
      [old],
    );
    const trace = (await getDeviceTrace(app.id, device[0]!.installationId))!;
    expect(trace.removedBefore).toEqual({ deliveries: cutoff, events: cutoff });
    expect(trace.deliveries.filter((d) => d.campaignId === old).map((d) => d.run)).toEqual([1]);

    for (const [locale, words] of [
      ["en", "was removed by retention"],
      ["zh-CN", "已被删除"],
    ] as const) {
      const html = await renderWithMessages(
        locale,
        createElement(CampaignProgress, { campaignId: old, initial: progress }),
      );
      expect(html).toContain(words);
      const translate = createTranslator({
        locale,
        messages: await loadMessages(locale),
        namespace: "analytics",
        onError: (error) => {
          throw error;
        },
      });
      const analytics = (key: string, values: Record<string, string | number>) =>
        translate(key as never, values as never);
      expect(analytics("report.detailRemoved", { runs: 1, through: "Mar 10, 2019" })).toContain(words);
      expect(analytics("trace.removedBefore", { deliveries: cutoff, events: cutoff })).toContain(cutoff);
    }
  });
});

describe("the hourly housekeeping job", () => {
  it("gives waiting rows their month and, with HERALD_RETENTION_DAYS set, drops the months past it", async () => {
    const { partitionHousekeeping } = await import("@/server/jobs/tasks");
    const campaignId = randomUUID();
    await sqlPool().query(
      `insert into "Delivery" ("campaignId", "waveId", "deviceId", channel, status, "runDate")
       values ($1, 1, gen_random_uuid(), 'fcm', 'sent', '2018-05-05')`,
      [campaignId],
    );
    expect(await partitionsOf("Delivery", `t."campaignId" = $1`, [campaignId])).toEqual(["Delivery_default"]);
    const previous = process.env.HERALD_RETENTION_DAYS;
    try {
      delete process.env.HERALD_RETENTION_DAYS;
      await partitionHousekeeping.handler(undefined);
      expect(await partitionsOf("Delivery", `t."campaignId" = $1`, [campaignId])).toEqual(["Delivery_2018_05"]);
      process.env.HERALD_RETENTION_DAYS = String(daysBackTo("2018-07-01"));
      await partitionHousekeeping.handler(undefined);
    } finally {
      if (previous === undefined) delete process.env.HERALD_RETENTION_DAYS;
      else process.env.HERALD_RETENTION_DAYS = previous;
    }
    expect(await names("Delivery")).not.toContain("Delivery_2018_05");
    expect(await partitionsOf("Delivery", `t."campaignId" = $1`, [campaignId])).toEqual([]);
    expect((await sqlPool().query(`select run from "RetiredRun" where "campaignId" = $1`, [campaignId])).rows).toEqual([
      { run: 0 },
    ]);
  });
});

describe("the partitioning migration", () => {
  const url = inject("databaseUrl");
  const scratch = `herald_partition_migration_${process.pid}`;
  const admin = new pg.Client({ connectionString: withDatabase(url, "postgres") });
  let folder = "";

  afterAll(async () => {
    await admin.query(`drop database if exists "${scratch}" with (force)`).catch(() => undefined);
    await admin.end().catch(() => undefined);
    if (folder) await rm(folder, { recursive: true, force: true });
  });

  it("keeps the rows of the tables it converts, dated by their run's first wave", async () => {
    await admin.connect();
    await admin.query(`drop database if exists "${scratch}" with (force)`);
    await admin.query(`create database "${scratch}"`);
    const scratchUrl = withDatabase(url, scratch);
    // Every migration before the partitioning one, then rows, then the rest.
    const all = (await readdir(migrationsDir)).filter((name) => /^\d{14}_/.test(name)).sort();
    const at = all.findIndex((name) => name.endsWith("_partitioned_delivery_and_events"));
    expect(at).toBeGreaterThan(0);
    folder = await mkdtemp(path.join(os.tmpdir(), "herald-migrations-"));
    await cp(path.join(migrationsDir, "migration_lock.toml"), path.join(folder, "migration_lock.toml"));
    for (const name of all.slice(0, at))
      await cp(path.join(migrationsDir, name), path.join(folder, name), { recursive: true });
    await applyMigrations(scratchUrl, folder);

    const client = new pg.Client({ connectionString: scratchUrl });
    await client.connect();
    try {
      const { rows: apps } = await client.query<{ id: string }>(
        `insert into "App" (id, name, "apiKeyPrefix", "apiKeyHash", "updatedAt")
         values (gen_random_uuid(), 'Migrated', 'hk_mig', 'x', now()) returning id`,
      );
      const { rows: campaigns } = await client.query<{ id: string }>(
        `insert into "Campaign" (id, "appId", type, name, schedule, "updatedAt")
         values (gen_random_uuid(), $1, 'news', 'Before', '{"kind":"now"}', now()) returning id`,
        [apps[0]!.id],
      );
      const campaignId = campaigns[0]!.id;
      // Run 0's first wave was due on 2026-03-04, though its rows were queued the next day; run 1 has no
      // wave left and is dated by its first row.
      await client.query(
        `insert into "CampaignWave" ("campaignId", run, index, "dueAt") values ($1, 0, 0, '2026-03-04 23:00:00'),
           ($1, 0, 1, '2026-03-05 06:00:00')`,
        [campaignId],
      );
      await client.query(
        `insert into "Delivery" ("campaignId", run, "waveId", "deviceId", channel, status, "queuedAt")
         values ($1, 0, 1, gen_random_uuid(), 'fcm', 'sent', '2026-03-05 01:00:00'),
                ($1, 0, 1, gen_random_uuid(), 'fcm', 'sent', '2026-03-05 07:00:00'),
                ($1, 1, 2, gen_random_uuid(), 'mqtt', 'queued', '2026-04-09 10:00:00')`,
        [campaignId],
      );
      await client.query(
        `insert into "DeviceEvent" ("appId", "eventId", "deviceId", "campaignId", type, "occurredAt")
         values ($1, 'e-1', gen_random_uuid(), $2, 'opened', '2026-03-05 08:00:00')`,
        [apps[0]!.id, campaignId],
      );
      const { rows: ids } = await client.query<{ id: string }>(`select id::text from "Delivery" order by id`);

      await cp(path.join(migrationsDir, all[at]!), path.join(folder, all[at]!), { recursive: true });
      for (const name of all.slice(at + 1))
        await cp(path.join(migrationsDir, name), path.join(folder, name), { recursive: true });
      expect(await applyMigrations(scratchUrl, folder)).toContain(all[at]);

      const { rows } = await client.query<{ id: string; run: number; runDate: string; partition: string }>(
        `select d.id::text, d.run, to_char(d."runDate", 'YYYY-MM-DD') as "runDate", c.relname as partition
           from "Delivery" d join pg_class c on c.oid = d.tableoid order by d.id`,
      );
      expect(rows.map((r) => r.id)).toEqual(ids.map((r) => r.id));
      expect(rows.map((r) => [r.run, r.runDate, r.partition])).toEqual([
        [0, "2026-03-04", "Delivery_default"],
        [0, "2026-03-04", "Delivery_default"],
        [1, "2026-04-09", "Delivery_default"],
      ]);
      expect((await client.query(`select count(*)::int as n from "DeviceEvent"`)).rows[0].n).toBe(1);
      // The id sequences carry on after the rows they kept.
      const { rows: next } = await client.query<{ id: string }>(
        `insert into "Delivery" ("campaignId", "waveId", "deviceId", channel, status)
         values ($1, 1, gen_random_uuid(), 'fcm', 'queued') returning id::text`,
        [campaignId],
      );
      expect(BigInt(next[0]!.id)).toBeGreaterThan(BigInt(ids.at(-1)!.id));
    } finally {
      await client.end();
    }
  });
});
