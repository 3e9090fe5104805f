// Seeds bench:events' database: one app with `devices` Android/FCM devices and a campaign sent to
// them 10 minutes ago (one Delivery per device: 95% sent, 5% kept back as holdout suppressions),
// and writes "installationId,deliveryId,holdout" lines for the load generator.
import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import pg from "pg";
import { oneAddressSql } from "../../server/devices/address-sql";

const address = oneAddressSql("'fcm'", "'bench-token-' || n");

export interface SeededCampaign {
  campaignId: string;
  devices: number;
  holdout: number;
}

// Inserts the devices, the campaign, its wave and its deliveries in chunks of 100,000 rows.
export async function seedSentCampaign(
  client: pg.Client,
  appId: string,
  devices: number,
  targetsFile: string,
): Promise<SeededCampaign> {
  const chunk = 100_000;
  for (let start = 1; start <= devices; start += chunk) {
    await client.query(
      `insert into "Device" (id, "appId", "installationId", platform, addresses, "channelMask", tags, locale, timezone,
         "lastActiveAt", "updatedAt")
       select gen_random_uuid(), $1, gen_random_uuid(), 'android', ${address.addresses}, ${address.channelMask}, '{}',
         'en-US', 'Europe/Berlin',
              now() at time zone 'UTC' - (n % 60) * interval '1 day', now() at time zone 'UTC'
         from generate_series($2::int, $3::int) n`,
      [appId, start, Math.min(devices, start + chunk - 1)],
    );
  }
  const { rows } = await client.query<{ id: string }>(
    `insert into "Campaign" (id, "appId", type, name, state, schedule, "holdoutPercent", "startedAt", "updatedAt")
     values (gen_random_uuid(), $1, 'news', 'Bench: events', 'completed', '{"kind":"now"}', 5,
       now() at time zone 'UTC' - interval '10 minutes', now() at time zone 'UTC')
     returning id`,
    [appId],
  );
  const campaignId = rows[0].id;
  const wave = await client.query<{ id: string }>(
    `insert into "CampaignWave" ("campaignId", index, "dueAt", state)
       values ($1, 0, now() at time zone 'UTC' - interval '10 minutes', 'done') returning id`,
    [campaignId],
  );
  // Every 20th device (by id order) is in the holdout: suppressed, never sent.
  await client.query(
    `insert into "Delivery" ("campaignId", "waveId", "deviceId", "variantKey", locale, channel, status, reason,
       "queuedAt", "sentAt", "updatedAt", "deviceLastActiveAt")
     select $1, $2, d.id, 'A', 'en-US', 'fcm',
            case when d.n % 20 = 0 then 'suppressed'::"DeliveryStatus" else 'sent'::"DeliveryStatus" end,
            case when d.n % 20 = 0 then 'holdout'::"SuppressionReason" end,
            now() at time zone 'UTC' - interval '10 minutes',
            case when d.n % 20 = 0 then null else now() at time zone 'UTC' - interval '10 minutes' + interval '1 second'
              end,
            now() at time zone 'UTC', d."lastActiveAt"
       from (select id, "lastActiveAt", row_number() over (order by id) as n from "Device" where "appId" = $3) d`,
    [campaignId, wave.rows[0].id, appId],
  );
  const counts = await client.query<{ sent: number; holdout: number }>(
    `select count(*) filter (where status = 'sent')::int as sent,
       count(*) filter (where status = 'suppressed')::int as holdout from "Delivery" where "campaignId" = $1`,
    [campaignId],
  );
  await client.query(
    `update "Campaign" set "targetedCount" = $2, "sentCount" = $3, "suppressedCount" = $4 where id = $1`,
    [campaignId, devices, counts.rows[0].sent, counts.rows[0].holdout],
  );
  await client.query(`analyze "Device"; analyze "Delivery"; analyze "Campaign"`);
  const targets = await client.query<{ line: string }>(
    `select d."installationId" || ',' || l.id || ',' || (l.status = 'suppressed')::int as line from "Delivery" l
       join "Device" d on d.id = l."deviceId" where l."campaignId" = $1`,
    [campaignId],
  );
  await mkdir(path.dirname(targetsFile), { recursive: true });
  await writeFile(targetsFile, targets.rows.map((r) => r.line).join("\n"));
  return { campaignId, devices, holdout: counts.rows[0].holdout };
}
