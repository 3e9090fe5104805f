// Fan-out: when a wave is due, walk its audience in device-id order, a chunk at a time, and for each
// device decide holdout, frequency cap, quiet hours, channel (the app's routing policy, see routing.ts,
// and the phone makers' marketing caps, vendor-quota.ts), variant and locale; write one Delivery row
// per device (suppressed ones with their reason) and the batches that will send the queued ones.
// Each chunk is one transaction that also advances the wave's cursor, so a worker that dies mid-way
// leaves a wave another worker continues exactly where it stopped.
import "server-only";
import type { PoolClient } from "pg";
import { channelsOfMask, type DeviceChannel } from "@/lib/channels/devices";
import { capWindows, inQuietWindow, respectsQuietHours, utcToZoned } from "@/lib/schedule";
import { audienceAst } from "@/server/campaigns/audience";
import { cancelDispatch } from "@/server/campaigns/transitions";
import { compileSegment } from "@/server/segments/compile";
import { db } from "@/server/db";
import { sqlPool } from "@/server/sql";
import { DISPATCH_CHANNEL } from "@/server/wake";
import { ensurePartitionFor } from "@/server/partitions/partitions";
import { bestLocale, inHoldout, inTestShare, pickVariant } from "./assign";
import { type CampaignContext, loadCampaignContext } from "./campaign-context";
import { countersSql } from "./campaign-tx";
import type { DispatchConfig } from "./config";
import {
  configuredChannels,
  dispatchRouter,
  type DispatchRouter,
  insertBatches,
  reserveBatchIds,
  sliceByChannel,
} from "./routing";
import { applyVendorQuota, vendorQuotaCounts } from "./vendor-quota";

export interface ClaimedWave {
  id: string;
  campaignId: string;
  run: number;
  timeZones: string[];
  catchAll: boolean;
  // An A/B roll-out's phase (null: an ordinary wave).
  phase: "test" | "winner" | null;
  cursor: string | null;
  startedAt: Date;
}

// Takes one due wave (or one whose fan-out worker died) under a lease; the campaign starts sending.
export async function claimDueWave(config: DispatchConfig): Promise<ClaimedWave | null> {
  const { rows } = await sqlPool().query<ClaimedWave>(
    `update "CampaignWave" w set state = 'fanning_out', "leaseUntil" = now() + $2 * interval '1 millisecond',
            "leasedBy" = $1, "startedAt" = coalesce(w."startedAt", now())
      where w.id = (select w2.id from "CampaignWave" w2 join "Campaign" c on c.id = w2."campaignId"
                     where w2."dueAt" <= now() and c.state in ('scheduled', 'sending')
                       and (w2.state = 'pending'
                            or (w2.state = 'fanning_out' and (w2."leaseUntil" is null or w2."leaseUntil" < now())))
                     order by (c.type = 'news' and c.breaking) desc, w2."dueAt", w2.id
                     limit 1 for update of w2 skip locked)
      returning w.id::text, w."campaignId", w.run, w."timeZones", w."catchAll", w.phase::text as phase, w.cursor,
                w."startedAt"`,
    [config.workerId, config.leaseMs],
  );
  const wave = rows[0];
  if (!wave) return null;
  await sqlPool().query(
    `update "Campaign" set state = 'sending', "startedAt" = coalesce("startedAt", now())
      where id = $1 and state = 'scheduled'`,
    [wave.campaignId],
  );
  return wave;
}

interface DeviceRow {
  id: string;
  platform: string;
  // Device.maker (huawei, honor, xiaomi, oppo, vivo, other) or null when the device reported no brand.
  maker: string | null;
  // The channels with an active address (Device.channelMask).
  channelMask: number;
  // The first address's channel, read only when no address is active (the suppressed row's channel).
  firstChannel: string | null;
  locale: string | null;
  timezone: string | null;
  status: string;
  // As PostgreSQL prints it (UTC): only copied into the Delivery row, so never parsed into a Date.
  lastActiveAt: string;
}

// The SQL that selects this wave's devices after `cursor`.
function waveDevicesQuery(campaign: CampaignContext, wave: ClaimedWave, runZones: string[], limit: number) {
  const ast = audienceAst(campaign.expression, campaign.testDevicesOnly);
  // Invalid devices are targeted but suppressed (reported as such); unsubscribed ones are not targeted.
  const where = compileSegment(ast, { appId: campaign.appId, now: wave.startedAt, sendableOnly: false });
  const values = [...where.values];
  const param = (value: unknown) => {
    values.push(value);
    return `$${values.length}`;
  };
  let zoneFilter = "";
  if (wave.timeZones.length) {
    zoneFilter = ` and (coalesce("timezone", '') = any(${param(wave.timeZones)}::text[])`;
    zoneFilter += wave.catchAll ? ` or not (coalesce("timezone", '') = any(${param(runZones)}::text[])))` : ")";
  }
  const after = wave.cursor ? ` and id > ${param(wave.cursor)}::uuid` : "";
  return {
    text: `select id, platform::text as platform, maker::text as maker, "channelMask",
                  case when "channelMask" = 0 then addresses->0->>'channel' end as "firstChannel",
                  locale, timezone, status::text, "lastActiveAt"::text as "lastActiveAt" from "Device"
            where (${where.text}) and status <> 'unsubscribed'${zoneFilter}${after} order by id limit ${param(limit)}`,
    values,
  };
}

// Promotions each device already had in the app's current day and week (frequency caps).
async function capCounts(client: PoolClient, campaign: CampaignContext, deviceIds: string[], now: Date) {
  const counts = new Map<string, { day: number; week: number }>();
  if (campaign.type !== "promotion" || (campaign.app.capPerDay == null && campaign.app.capPerWeek == null))
    return counts;
  const windows = capWindows(now, campaign.app.timezone);
  const { rows } = await client.query<{ deviceId: string; day: number; week: number }>(
    `select d."deviceId", count(*) filter (where d."queuedAt" >= $3)::int as day, count(*)::int as week
       from "Delivery" d join "Campaign" c on c.id = d."campaignId"
      where d."deviceId" = any($1::uuid[]) and d."queuedAt" >= $2 and d."campaignId" <> $4
        and c.type = 'promotion' and d.status in ('queued', 'sent', 'delivered')
      group by 1`,
    [deviceIds, windows.week.start, windows.day.start, campaign.id],
  );
  for (const row of rows) counts.set(row.deviceId, { day: row.day, week: row.week });
  return counts;
}

interface Decision {
  deviceId: string;
  lastActiveAt: string;
  variantKey: string | null;
  locale: string | null;
  // The channel the Delivery row records: candidates[0] when the device is sent to.
  channel: string;
  // The device's route: its active channels the app's policy, the campaign and the app's credentials
  // permit, in the policy's order (shared between devices of one platform, maker and mask: never
  // mutate). A later step (vendor quotas) may move `channel` to a later candidate.
  candidates: readonly DeviceChannel[];
  reason: string | null;
}

// Which devices of a chunk an A/B roll-out's wave takes: the test phase only the test share (and the
// holdout, recorded once, here), the winner phase only the rest (never a test-share or holdout device,
// which the test phase already recorded). Ordinary waves take them all.
function inPhase(campaign: CampaignContext, wave: ClaimedWave, deviceId: string): boolean {
  const share = campaign.rolloutTestPercent;
  if (!wave.phase || share === null) return true;
  const held = inHoldout(campaign.id, deviceId, campaign.holdoutPercent);
  const tested = inTestShare(campaign.id, deviceId, share);
  return wave.phase === "test" ? held || tested : !held && !tested;
}

// Decides each device's fate in this chunk (pure apart from the cap counts).
function decide(
  campaign: CampaignContext,
  wave: ClaimedWave,
  devices: DeviceRow[],
  caps: Map<string, { day: number; week: number }>,
  now: Date,
  route: DispatchRouter,
  quotas: Map<string, Record<string, number>>,
): Decision[] {
  const quiet = respectsQuietHours(campaign) ? campaign.app.quietHours : null;
  // Devices share a handful of locales: each variant's best match is worked out once per locale.
  const localeOf = new Map<string, Map<string | null, string>>();
  const contentLocale = (variant: CampaignContext["variants"][number], locale: string | null) => {
    let chosen = localeOf.get(variant.key);
    if (!chosen) localeOf.set(variant.key, (chosen = new Map()));
    let best = chosen.get(locale);
    if (best === undefined) chosen.set(locale, (best = bestLocale(locale, variant.locales, variant.fallbackLocale)));
    return best;
  };
  // The channel a device without a route is recorded on: its first active one (per mask, worked out once).
  const firstActive = new Map<number, string | null>();
  const firstActiveOf = (mask: number) => {
    let channel = firstActive.get(mask);
    if (channel === undefined) firstActive.set(mask, (channel = channelsOfMask(mask)[0] ?? null));
    return channel;
  };
  return devices.map((device) => {
    // The router memoizes per (platform, maker, mask): a chunk has a handful of distinct ones.
    const candidates = route(device.platform, device.maker, device.channelMask);
    const decision: Decision = {
      deviceId: device.id,
      lastActiveAt: device.lastActiveAt,
      channel: candidates[0] ?? firstActiveOf(device.channelMask) ?? device.firstChannel ?? "poll",
      candidates,
      variantKey: null,
      locale: null,
      reason: null,
    };
    if (inHoldout(campaign.id, device.id, campaign.holdoutPercent)) {
      decision.reason = "holdout";
      return decision;
    }
    // The winner phase sends the chosen variant only.
    const winner = wave.phase === "winner" ? campaign.variants.find((v) => v.key === campaign.rolloutWinnerKey) : null;
    const variant = winner ?? pickVariant(campaign.id, device.id, campaign.variants);
    decision.variantKey = variant.key;
    decision.locale = contentLocale(variant, device.locale);
    decision.reason = suppression(campaign, device, candidates, caps, now, quiet);
    applyVendorQuota(decision, candidates, quotas.get(device.id), campaign);
    return decision;
  });
}

// Why a (non-holdout) device gets nothing from this campaign, or null when it is sent to.
function suppression(
  campaign: CampaignContext,
  device: DeviceRow,
  candidates: readonly DeviceChannel[],
  caps: Map<string, { day: number; week: number }>,
  now: Date,
  quiet: CampaignContext["app"]["quietHours"] | null,
): string | null {
  if (device.status !== "active" || device.channelMask === 0) return "invalid";
  if (!candidates.length) return "no_channel";
  const count = caps.get(device.id);
  if (
    count &&
    ((campaign.app.capPerDay != null && count.day >= campaign.app.capPerDay) ||
      (campaign.app.capPerWeek != null && count.week >= campaign.app.capPerWeek))
  )
    return "cap";
  if (quiet) {
    // The plan held this wave past quiet hours; a wave that ran late (paused, backlog) may not send into them.
    const local = utcToZoned(now, device.timezone ?? campaign.app.timezone);
    if (inQuietWindow(local.hour * 60 + local.minute, quiet)) return "quiet_hours";
  }
  return null;
}

// The run's Delivery partition key (prisma/schema.prisma, server/partitions): the UTC day its first
// wave was due, or whatever rows it already has (a run's waves re-planned after some were written keep
// the first day), so every row of one run has the same one and (campaign, run, device) stays unique.
async function runDateOf(wave: ClaimedWave): Promise<string> {
  const { rows } = await sqlPool().query<{ runDate: string }>(
    `select to_char(coalesce(
              (select "runDate" from "Delivery" where "campaignId" = $1 and run = $2 limit 1),
              (select min("dueAt")::date from "CampaignWave" where "campaignId" = $1 and run = $2),
              (now() at time zone 'UTC')::date), 'YYYY-MM-DD') as "runDate"`,
    [wave.campaignId, wave.run],
  );
  return rows[0]!.runDate;
}

// Writes one chunk: batches, deliveries, wave cursor and campaign totals, in one transaction.
async function writeChunk(
  client: PoolClient,
  campaign: CampaignContext,
  wave: ClaimedWave,
  decisions: Decision[],
  config: DispatchConfig,
  lastId: string,
  runDate: string,
) {
  const slices = sliceByChannel(
    campaign,
    decisions.filter((d) => d.reason === null),
    (d) => d.channel,
  );
  const ids = await reserveBatchIds(client, slices.length);
  const batchOf = new Map<string, string>();
  slices.forEach((slice, i) => slice.items.forEach((d) => batchOf.set(d.deviceId, ids[i]!)));
  await insertBatches(
    client,
    campaign,
    wave.id,
    slices.map((slice, i) => ({ id: ids[i]!, channel: slice.channel, size: slice.items.length })),
  );
  // Counted in the database: a chunk's 10,000 returned rows only to be counted cost the worker's CPU.
  const inserted = await client.query<{ targeted: number; queued: number }>(
    `with added as (
       insert into "Delivery" ("campaignId", run, "waveId", "deviceId", "variantKey", locale, channel, status, reason,
                               "batchId", "deviceLastActiveAt", "runDate")
       select $1, $2, $3, d.device, d.variant, d.locale, d.channel::"Channel",
              case when d.reason is null then 'queued' else 'suppressed' end::"DeliveryStatus",
              d.reason::"SuppressionReason", d.batch, d.active, $11::date
         from unnest($4::uuid[], $5::text[], $6::text[], $7::text[], $8::text[], $9::bigint[], $10::timestamp[])
              as d(device, variant, locale, channel, reason, batch, active)
       on conflict ("campaignId", run, "deviceId", "runDate") do nothing
       returning status
     )
     select count(*)::int as targeted, (count(*) filter (where status = 'queued'))::int as queued from added`,
    [
      campaign.id,
      wave.run,
      wave.id,
      decisions.map((d) => d.deviceId),
      decisions.map((d) => d.variantKey),
      decisions.map((d) => d.locale),
      decisions.map((d) => d.channel),
      decisions.map((d) => d.reason),
      decisions.map((d) => batchOf.get(d.deviceId) ?? null),
      decisions.map((d) => d.lastActiveAt),
      runDate,
    ],
  );
  const { targeted, queued: queuedCount } = inserted.rows[0]!;
  const suppressedCount = targeted - queuedCount;
  await client.query(
    `update "CampaignWave" set cursor = $2, targeted = targeted + $3, suppressed = suppressed + $4,
            "leaseUntil" = now() + $5 * interval '1 millisecond' where id = $1`,
    [wave.id, lastId, targeted, suppressedCount, config.leaseMs],
  );
  if (slices.length) await client.query(`select pg_notify($1, $2)`, [DISPATCH_CHANNEL, "batches"]);
  // The campaign's shared rows last, in one statement, held only until the caller's commit.
  await client.query(countersSql, [campaign.id, targeted, suppressedCount, 0, 0, queuedCount]);
  return { targeted, queued: queuedCount };
}

// Runs one fan-out step of a claimed wave: returns "more" while devices remain, "done" when the
// wave is fully written (or "lost" when another worker took it over, "stopped" when the campaign stopped).
export async function fanOutStep(
  wave: ClaimedWave,
  config: DispatchConfig,
  firstStep: boolean,
): Promise<"more" | "done" | "lost" | "stopped"> {
  const campaign = await loadCampaignContext(wave.campaignId);
  if (!campaign || !["scheduled", "sending"].includes(campaign.state)) {
    await sqlPool().query(
      `update "CampaignWave" set "leaseUntil" = null, "leasedBy" = null where id = $1 and "leasedBy" = $2`,
      [wave.id, config.workerId],
    );
    // A cancel that came while this wave was being written skipped it: finish the cancel now.
    if (campaign?.state === "cancelled") await db.$transaction((tx) => cancelDispatch(tx, wave.campaignId));
    return "stopped";
  }
  // The run's partition exists before its rows are written (the default partition would take them,
  // but housekeeping would then have to move them).
  const runDate = await runDateOf(wave);
  await ensurePartitionFor("Delivery", new Date(`${runDate}T00:00:00Z`));
  const client = await sqlPool().connect();
  try {
    await client.query("begin");
    // Lock order (server/dispatch/campaign-tx.ts): the wave's own rows first, the campaign's shared
    // rows (Campaign counters, RollupDirty) last, held only until the commit; cancelling skips a wave
    // locked here and cleans up after it. Taking the campaign row first held it for the whole chunk
    // (the device query and ~10,000 inserts), and every recording of the campaign queued behind it.
    // The lease is checked and the cursor read under a row lock: two workers never write the same chunk.
    const { rows: held } = await client.query<{ cursor: string | null }>(
      `select cursor from "CampaignWave" where id = $1 and "leasedBy" = $2 and state = 'fanning_out' for update`,
      [wave.id, config.workerId],
    );
    if (!held[0]) {
      await client.query("rollback");
      return "lost";
    }
    wave.cursor = held[0].cursor;
    const runZones = wave.catchAll
      ? (
          await client.query<{ zones: string[] }>(
            `select coalesce(array_agg(distinct z), '{}') as zones
               from "CampaignWave", unnest("timeZones") z where "campaignId" = $1 and run = $2`,
            [wave.campaignId, wave.run],
          )
        ).rows[0]!.zones
      : [];
    const limit = firstStep ? config.firstChunk : config.chunk;
    const query = waveDevicesQuery(campaign, wave, runZones, limit);
    const { rows: devices } = await client.query<DeviceRow>(query.text, query.values);
    if (devices.length) {
      const ids = devices.map((d) => d.id);
      const caps = await capCounts(client, campaign, ids, wave.startedAt);
      const route = dispatchRouter(campaign, await configuredChannels(client, campaign.appId));
      const now = new Date();
      const quotas = await vendorQuotaCounts(client, campaign, ids, now);
      const phased = devices.filter((device) => inPhase(campaign, wave, device.id));
      const decisions = decide(campaign, wave, phased, caps, now, route, quotas);
      await writeChunk(client, campaign, wave, decisions, config, devices[devices.length - 1]!.id, runDate);
      wave.cursor = devices[devices.length - 1]!.id;
    }
    const finished = devices.length < limit;
    // The wave row is locked since the start of this step: updating it again takes no new lock.
    if (finished) {
      await client.query(
        `update "CampaignWave" set state = 'queued', "fannedOutAt" = now(), "leaseUntil" = null, "leasedBy" = null
          where id = $1`,
        [wave.id],
      );
    }
    await client.query("commit");
    return finished ? "done" : "more";
  } catch (error) {
    await client.query("rollback").catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}
