// What a sent demo campaign leaves behind, as dispatch and the devices' events would have left it: its
// wave, one Delivery per device of its audience (sent, delivered with receipts, a few transient
// failures), the device events behind the receipts and engagement (received, opened, clicked, and
// app_open, some of dormant devices coming back), the campaign's counters counted from those rows,
// and the analytics rollups computed by the rollup code itself. So the campaign page (counters), the
// report and Analytics (rollups) and the device trace (rows and events) tell the same story.
// Outcomes are drawn from a seeded generator (lib/prng.ts): the same seed gives the same figures.
import type pg from "pg";
import { prng } from "../lib/prng";
import { parseSegment, type SegmentNode } from "../lib/segments";
import { recomputeRollups } from "../server/analytics/rollup-recompute";
import { compileSegment } from "../server/segments/compile";

export interface DemoSend {
  appId: string;
  campaignId: string;
  expression: string | null;
  // When the audience was counted (the seed's "now"): the same devices as the campaign's audience.
  countedAt: Date;
  // When the first wave was due, and when fan-out began: deliveries are queued over `spreadMinutes` from then.
  dueAt: Date;
  startedAt: Date;
  spreadMinutes: number;
  variants: Array<{ key: string; split: number }>;
  holdoutPercent: number;
  // Share of sent messages opened (a click is an open too).
  openRate: number;
  seed: number;
}

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
// Channels whose transport confirms arrival by itself (MQTT receipts, inbox fetches).
const selfConfirming = new Set(["mqtt", "poll"]);
// A transient failure per channel, as its provider reports one (the rest answer a timeout).
// What Herald records for a transient failure on each channel (the vendor's code, or Herald's own).
const transientCodes: Record<string, string> = {
  fcm: "UNAVAILABLE",
  apns: "ServiceUnavailable",
  webpush: "503",
  mqtt: "mqtt_ack_timeout",
  poll: "inbox_write_failed",
  xmpp: "remote-server-timeout",
};

interface Target {
  id: string;
  channel: string;
  token: string | null;
  locale: string | null;
  lastActiveAt: Date;
}

interface Row {
  deviceId: string;
  variant: string | null;
  locale: string;
  channel: string;
  address: string | null;
  status: "sent" | "delivered" | "failed" | "suppressed";
  reason: string | null;
  errorCode: string | null;
  queuedAt: number;
  sentAt: number | null;
  failedAt: number | null;
  deliveredAt: number | null;
  openedAt: number | null;
  clickedAt: number | null;
  appOpenedAt: number | null;
  deviceLastActiveAt: number;
  // Events the device reported ([type, at]); `received` only where the transport does not confirm.
  events: Array<[string, number]>;
}

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

async function targets(client: pg.Client, send: DemoSend): Promise<Target[]> {
  const ast: SegmentNode = send.expression ? parseSegment(send.expression) : { kind: "and", children: [] };
  const where = compileSegment(ast, { appId: send.appId, now: send.countedAt });
  const { rows } = await client.query<Target>(
    `select id, addresses->0->>'channel' as channel, addresses->0->>'token' as token, locale,
            "lastActiveAt" at time zone 'UTC' as "lastActiveAt"
       from "Device" where ${where.text} order by "installationId"`,
    where.values,
  );
  return rows;
}

// One device's fate, drawn in a fixed order so the same seed gives the same rows.
function outcome(device: Target, index: number, total: number, send: DemoSend, random: () => number, now: number) {
  const started = send.startedAt.getTime();
  const queuedAt = started + Math.floor((index / Math.max(1, total)) * send.spreadMinutes * MINUTE);
  const cap = (at: number) => Math.min(at, now - MINUTE);
  const lastActive = Math.min(device.lastActiveAt.getTime(), queuedAt);
  const dormant = queuedAt - lastActive >= 7 * DAY;
  const row: Row = {
    deviceId: device.id,
    variant: null,
    locale: device.locale === "zh-CN" ? "zh-CN" : "en",
    channel: device.channel,
    address: null,
    status: "sent",
    reason: null,
    errorCode: null,
    queuedAt,
    sentAt: null,
    failedAt: null,
    deliveredAt: null,
    openedAt: null,
    clickedAt: null,
    appOpenedAt: null,
    deviceLastActiveAt: lastActive,
    events: [],
  };
  const cameBack = (at: number) => {
    row.appOpenedAt = cap(at);
    row.events.push(["app_open", row.appOpenedAt]);
  };
  if (random() < send.holdoutPercent / 100) {
    row.status = "suppressed";
    row.reason = "holdout";
    if (dormant && random() < 0.05) cameBack(queuedAt + Math.floor(random() * 70) * HOUR);
    return row;
  }
  let roll = random() * 100;
  row.variant = send.variants.find((v) => (roll -= v.split) < 0)?.key ?? send.variants[0]!.key;
  const sentAt = queuedAt + Math.floor(2 + random() * 20) * SECOND;
  if (random() < 0.03) {
    row.status = "failed";
    row.errorCode = transientCodes[device.channel] ?? "UNAVAILABLE";
    row.failedAt = sentAt;
    return row;
  }
  row.sentAt = sentAt;
  row.address = device.token;
  // Receipts: the self-confirming channels always, the others when the app reports `received`.
  if (selfConfirming.has(device.channel) || random() < 0.85) {
    row.status = "delivered";
    row.deliveredAt = sentAt + Math.floor(1 + random() * 8) * SECOND;
    if (!selfConfirming.has(device.channel)) row.events.push(["received", row.deliveredAt]);
  }
  if (random() < send.openRate) {
    // Minutes to open: most within the half hour, a tail over the next hours.
    const minutes = random() < 0.75 ? random() * 30 : 30 + random() * 10 * 60;
    row.openedAt = cap(sentAt + Math.floor(minutes * MINUTE));
    row.status = "delivered";
    // An open proves the message arrived (the events API records the receipt with it).
    row.deliveredAt ??= row.openedAt;
    row.events.push(["opened", row.openedAt]);
    if (random() < 0.4) {
      row.clickedAt = cap(row.openedAt + Math.floor(3 + random() * 20) * SECOND);
      row.events.push(["clicked", row.clickedAt]);
    }
    // Opening the notification opens the app.
    cameBack(row.openedAt + 2 * SECOND);
  } else if (dormant && random() < 0.06) {
    cameBack(sentAt + Math.floor(random() * 60) * HOUR);
  }
  return row;
}

// Writes the campaign's wave, deliveries, events, counters and rollups; answers the deliveries written.
export async function insertDemoSend(client: pg.Client, send: DemoSend): Promise<number> {
  const random = prng(send.seed);
  const now = Date.now();
  const devices = await targets(client, send);
  const rows = devices.map((device, i) => outcome(device, i, devices.length, send, random, now));
  const started = send.startedAt.getTime();
  const suppressed = rows.filter((r) => r.status === "suppressed").length;
  const wave = await client.query<{ id: string }>(
    `insert into "CampaignWave" ("campaignId", run, index, "dueAt", state, targeted, suppressed, "startedAt",
                                 "fannedOutAt", "createdAt")
     values ($1, 0, 0, $2, 'done', $3, $4, $5, $6, $2) returning id`,
    [
      send.campaignId,
      iso(send.dueAt.getTime()),
      rows.length,
      suppressed,
      iso(started),
      iso(started + send.spreadMinutes * MINUTE),
    ],
  );
  // The partition key: the UTC day the run's first wave was due (server/partitions).
  const runDate = send.dueAt.toISOString().slice(0, 10);
  const inserted = await client.query<{ id: string; deviceId: string }>(
    `insert into "Delivery" ("campaignId", run, "runDate", "waveId", "deviceId", "variantKey", locale, channel, address,
                             status, reason, "errorCode", attempts, "failedTransiently", "queuedAt", "firstAttemptAt",
                             "sentAt", "failedAt", "deliveredAt", "openedAt", "clickedAt", "appOpenedAt", "updatedAt",
                             "deviceLastActiveAt", "providerMessageId")
     select $1::uuid, 0, $2::date, $3, u.device, u.variant, u.locale, u.channel::"Channel", u.address,
            u.status::"DeliveryStatus", u.reason::"SuppressionReason", u.error,
            case when u.status = 'suppressed' then 0 else 1 end, u.status = 'failed', u.queued,
            coalesce(u.sent, u.failed), u.sent, u.failed, u.delivered, u.opened, u.clicked, u.app_opened,
            greatest(u.queued, u.sent, u.failed, u.delivered, u.opened, u.clicked), u.last_active,
            case when u.sent is not null then 'demo-' || md5(u.device::text || $1::text) end
       from unnest($4::uuid[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[], $10::text[], $11::text[],
                   $12::timestamp[], $13::timestamp[], $14::timestamp[], $15::timestamp[], $16::timestamp[],
                   $17::timestamp[], $18::timestamp[], $19::timestamp[])
         as u(device, variant, locale, channel, address, status, reason, error, queued, sent, failed, delivered,
              opened, clicked, app_opened, last_active)
     returning id::text, "deviceId"`,
    [
      send.campaignId,
      runDate,
      wave.rows[0]!.id,
      rows.map((r) => r.deviceId),
      rows.map((r) => r.variant),
      rows.map((r) => r.locale),
      rows.map((r) => r.channel),
      rows.map((r) => r.address),
      rows.map((r) => r.status),
      rows.map((r) => r.reason),
      rows.map((r) => r.errorCode),
      rows.map((r) => iso(r.queuedAt)),
      rows.map((r) => iso(r.sentAt)),
      rows.map((r) => iso(r.failedAt)),
      rows.map((r) => iso(r.deliveredAt)),
      rows.map((r) => iso(r.openedAt)),
      rows.map((r) => iso(r.clickedAt)),
      rows.map((r) => iso(r.appOpenedAt)),
      rows.map((r) => iso(r.deviceLastActiveAt)),
    ],
  );
  const deliveryOf = new Map(inserted.rows.map((r) => [r.deviceId, r.id]));
  const events = rows.flatMap((r) => r.events.map(([type, at]) => ({ row: r, type, at })));
  await client.query(
    `insert into "DeviceEvent" ("appId", "eventId", "deviceId", "campaignId", "deliveryId", type, "occurredAt",
                                "receivedAt")
     select $1, u.event_id, u.device, case when u.type <> 'app_open' then $2::uuid end,
            case when u.type <> 'app_open' then u.delivery end, u.type::"EventType", u.at, u.at + interval '2 seconds'
       from unnest($3::text[], $4::uuid[], $5::bigint[], $6::text[], $7::timestamp[])
         as u(event_id, device, delivery, type, at)`,
    [
      send.appId,
      send.campaignId,
      events.map((e) => `demo-${deliveryOf.get(e.row.deviceId)}-${e.type}`),
      events.map((e) => e.row.deviceId),
      events.map((e) => deliveryOf.get(e.row.deviceId)),
      events.map((e) => e.type),
      events.map((e) => iso(e.at)),
    ],
  );
  // An app_open moves the device's last activity forward, as the events API does.
  await client.query(
    `update "Device" v set "lastActiveAt" = e.at, "updatedAt" = greatest(v."updatedAt", e.at)
       from (select "deviceId", max("occurredAt") as at from "DeviceEvent"
              where "appId" = $1 and type = 'app_open' and "eventId" like 'demo-%' group by 1) e
      where v.id = e."deviceId" and v."lastActiveAt" < e.at`,
    [send.appId],
  );
  // The counters the dispatcher keeps, counted from the rows (sent includes the delivered ones).
  await client.query(
    `update "Campaign" c set "targetedCount" = d.targeted, "queuedCount" = d.queued, "sentCount" = d.sent,
            "deliveredCount" = d.delivered, "failedCount" = d.failed, "suppressedCount" = d.suppressed
       from (select count(*)::int as targeted,
                    count(*) filter (where status = 'queued')::int as queued,
                    count(*) filter (where status in ('sent', 'delivered'))::int as sent,
                    count(*) filter (where status = 'delivered')::int as delivered,
                    count(*) filter (where status = 'failed')::int as failed,
                    count(*) filter (where status = 'suppressed')::int as suppressed
               from "Delivery" where "campaignId" = $1) d
      where c.id = $1`,
    [send.campaignId],
  );
  await recomputeRollups(client, send.campaignId);
  return rows.length;
}
