// A sent campaign written straight to the database for the analytics browser tests: every device of
// an app gets a Delivery row the way dispatch and device events would leave it (holdout, cap,
// quiet-hours and phone-maker-cap suppressions, failures with provider codes, receipts where the
// channel reports them, opens, clicks, app opens of dormant devices), plus the device events behind
// them. Outcomes are drawn from a seeded generator, so a run is repeatable; tests compare the pages
// with counts of these rows.
import { randomUUID } from "node:crypto";
import type pg from "pg";
import { prng } from "../../lib/prng";

export interface SeedCampaignOptions {
  name: string;
  type: "news" | "announcement" | "promotion";
  startedAt: Date;
  variants: Array<{ key: string; openRate: number }>;
  holdoutPercent?: number;
  seed?: number;
}

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;
// Channels whose transport confirms arrival by itself (MQTT receipts, inbox fetches).
const receiptChannels = new Set(["mqtt", "poll"]);

// Inserts the campaign, its variants, one wave and one Delivery per device of the app; returns the campaign id.
export async function seedSentCampaign(
  client: pg.Pool | pg.Client,
  appId: string,
  options: SeedCampaignOptions,
): Promise<string> {
  const random = prng(options.seed ?? 42);
  const started = options.startedAt.getTime();
  const campaignId = randomUUID();
  await client.query(
    `insert into "Campaign" (id, "appId", type, name, state, schedule, "holdoutPercent", "startedAt", "completedAt",
       "createdAt", "updatedAt")
     values ($1, $2, $3::"CampaignType", $4, 'completed', '{"kind":"now"}', $5, $6, $7, $8, $8)`,
    [
      campaignId,
      appId,
      options.type,
      options.name,
      options.holdoutPercent ?? 0,
      iso(started),
      iso(started + 20 * MINUTE),
      iso(started - 60 * MINUTE),
    ],
  );
  const split = Math.floor(100 / options.variants.length);
  for (const [index, variant] of options.variants.entries()) {
    const content = { en: { title: `${options.name} (${variant.key})`, body: "Seeded for the analytics tests." } };
    await client.query(
      `insert into "CampaignVariant" (id, "campaignId", key, "splitPercent", "fallbackLocale", content)
         values ($1, $2, $3, $4, 'en', $5)`,
      [
        randomUUID(),
        campaignId,
        variant.key,
        index === 0 ? 100 - split * (options.variants.length - 1) : split,
        JSON.stringify(content),
      ],
    );
  }
  const wave = await client.query<{ id: string }>(
    `insert into "CampaignWave" ("campaignId", index, "dueAt", state) values ($1, 0, $2, 'done') returning id`,
    [campaignId, iso(started)],
  );
  const devices = await client.query<{ id: string; channel: string; lastActiveAt: Date }>(
    `select id, addresses->0->>'channel' as channel, "lastActiveAt" at time zone 'UTC' as "lastActiveAt" from "Device"
       where "appId" = $1 and status = 'active' order by "installationId"`,
    [appId],
  );

  const suppressionReasons = ["vendor_quota", "cap", "quiet_hours"] as const;
  let suppressedCount = 0;
  const rows: unknown[][] = [];
  const events: unknown[][] = [];
  const event = (deviceId: string, type: string, at: number) =>
    events.push([appId, randomUUID(), deviceId, campaignId, type, iso(at)]);
  for (const [i, device] of devices.rows.entries()) {
    const queuedAt = started + Math.floor(random() * 5) * MINUTE;
    const dormant = started - device.lastActiveAt.getTime() >= 7 * DAY;
    const row = {
      variant: null as string | null,
      status: "sent",
      reason: null as string | null,
      errorCode: null as string | null,
      providerId: null as string | null,
      sentAt: null as number | null,
      failedAt: null as number | null,
      deliveredAt: null as number | null,
      openedAt: null as number | null,
      clickedAt: null as number | null,
      appOpenedAt: null as number | null,
    };
    const roll = random();
    if (roll < (options.holdoutPercent ?? 0) / 100) {
      row.status = "suppressed";
      row.reason = "holdout";
      // Some dormant holdout devices come back on their own.
      if (dormant && random() < 0.08) row.appOpenedAt = queuedAt + Math.floor(random() * 70) * 60 * MINUTE;
    } else if (roll < (options.holdoutPercent ?? 0) / 100 + 0.04) {
      row.status = "suppressed";
      // The reasons take turns, the makers' cap first, so a report of a few hundred devices shows each of them
      // whatever the draws (a drawn reason left the cap out now and then). The draw stays, so every later draw is the
      // same as before.
      random();
      row.reason = suppressionReasons[suppressedCount++ % suppressionReasons.length]!;
      row.variant = options.variants[i % options.variants.length]!.key;
    } else {
      const variant = options.variants[i % options.variants.length]!;
      row.variant = variant.key;
      if (random() < 0.05) {
        row.status = "failed";
        row.errorCode = random() < 0.6 ? "UNREGISTERED" : "UNAVAILABLE";
        row.failedAt = queuedAt + MINUTE;
      } else {
        row.sentAt = queuedAt + MINUTE;
        row.providerId = `msg-${campaignId.slice(0, 8)}-${i}`;
        const receipt = receiptChannels.has(device.channel) || random() < 0.6;
        if (receipt) {
          row.status = "delivered";
          row.deliveredAt = row.sentAt + Math.floor(random() * 30) * 1000;
        }
        if (random() < variant.openRate) {
          // Minutes to open: most within the hour, a long tail over the next day.
          const minutes = random() < 0.7 ? random() * 60 : 60 + random() * 30 * 60;
          row.openedAt = row.sentAt + Math.floor(minutes * MINUTE);
          row.status = "delivered";
          row.deliveredAt ??= row.openedAt;
          if (random() < 0.35) row.clickedAt = row.openedAt + 20_000;
          if (dormant) row.appOpenedAt = row.openedAt;
        } else if (dormant && random() < 0.05) {
          row.appOpenedAt = row.sentAt + Math.floor(random() * 60) * 60 * MINUTE;
        }
      }
    }
    rows.push([
      campaignId,
      wave.rows[0]!.id,
      device.id,
      row.variant,
      device.channel,
      row.status,
      row.reason,
      row.errorCode,
      row.providerId,
      row.status === "suppressed" ? 0 : 1,
      iso(queuedAt),
      ...[row.sentAt, row.failedAt, row.deliveredAt, row.openedAt, row.clickedAt, row.appOpenedAt].map((t) =>
        t === null ? null : iso(t),
      ),
      device.lastActiveAt.toISOString(),
    ]);
    if (row.deliveredAt !== null && !receiptChannels.has(device.channel)) event(device.id, "received", row.deliveredAt);
    if (row.openedAt !== null) event(device.id, "opened", row.openedAt);
    if (row.clickedAt !== null) event(device.id, "clicked", row.clickedAt);
    if (row.appOpenedAt !== null) event(device.id, "app_open", row.appOpenedAt);
  }
  for (let i = 0; i < rows.length; i += 100) {
    const chunk = rows.slice(i, i + 100);
    const values = chunk
      .map((_, r) => `(${Array.from({ length: 18 }, (__, c) => `$${r * 18 + c + 1}${casts[c] ?? ""}`).join(", ")})`)
      .join(", ");
    await client.query(
      `insert into "Delivery" ("campaignId", "waveId", "deviceId", "variantKey", channel, status, reason, "errorCode",
         "providerMessageId", attempts, "queuedAt",
                               "sentAt", "failedAt", "deliveredAt", "openedAt", "clickedAt", "appOpenedAt",
                                 "deviceLastActiveAt") values ${values}`,
      chunk.flat(),
    );
  }
  for (let i = 0; i < events.length; i += 200) {
    const chunk = events.slice(i, i + 200);
    const values = chunk
      .map(
        (_, r) =>
          `($${r * 6 + 1}, $${r * 6 + 2}, $${r * 6 + 3}, $${r * 6 + 4}, $${r * 6 + 5}::"EventType", $${r * 6 + 6})`,
      )
      .join(", ");
    await client.query(
      `insert into "DeviceEvent" ("appId", "eventId", "deviceId", "campaignId", type, "occurredAt") values ${values}`,
      chunk.flat(),
    );
  }
  await client.query(`insert into "RollupDirty" ("campaignId") values ($1) on conflict do nothing`, [campaignId]);
  return campaignId;
}

// Timestamps go in as UTC ISO text: the columns are "timestamp" holding UTC wall time, and a Date
// would be sent in the test process's local zone.
const iso = (ms: number) => new Date(ms).toISOString();
const casts: Record<number, string> = { 4: `::"Channel"`, 5: `::"DeliveryStatus"`, 6: `::"SuppressionReason"` };
