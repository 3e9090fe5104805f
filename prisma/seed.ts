// Demo data for the Quick start: an admin, a demo app with an API key and 10,000 realistic devices.
// Runs only what is missing, so a second start changes nothing. `npm run db:seed` runs it alone.
import { randomBytes } from "node:crypto";
import pg from "pg";
import { quietHoursOf } from "../lib/schedule";
import { defaultSmsPolicy, type SmsPolicy } from "../lib/sms/policy";
import { channelMaskOf } from "../lib/channels/devices";
import { makerOfBrand } from "../lib/devices/makers";
import { versionKey, versionParts } from "../lib/segments/ast";
import { oneAddressSql } from "../server/devices/address-sql";
import { hashPassword } from "../server/auth/password";
import { newApiKey } from "../server/crypto";
import { demoStaff, insertDemoCampaigns } from "./demo-campaigns";
import { prng } from "../lib/prng";
import { demoDevice } from "./demo-devices";

export interface SeedResult {
  admin: { email: string; password: string | null; created: boolean };
  demoApp: { id: string; name: string; apiKey: string | null; created: boolean } | null;
  devicesCreated: number;
}

export interface SeedOptions {
  devices?: number;
  demoApp?: boolean;
  log?: (line: string) => void;
}

async function seedAdmin(client: pg.Client): Promise<SeedResult["admin"]> {
  const email = (process.env.ADMIN_EMAIL ?? "admin@herald.local").trim().toLowerCase();
  const { rows } = await client.query(`select email from "User" where role = 'admin' order by "createdAt" limit 1`);
  if (rows.length) return { email: rows[0].email, password: null, created: false };
  const password = process.env.ADMIN_PASSWORD ?? randomBytes(12).toString("base64url");
  await client.query(
    `insert into "User" (id, email, name, "passwordHash", role, "updatedAt")
     values (gen_random_uuid(), $1, 'Administrator', $2, 'admin', now())`,
    [email, await hashPassword(password)],
  );
  return { email, password, created: true };
}

// The stored sortable form of a version (null when it has no leading number).
function appVersionKeyOf(version: string): Buffer | null {
  const parts = versionParts(version);
  return parts === null ? null : Buffer.from(versionKey(parts));
}

async function insertDevices(client: pg.Client, appId: string, count: number, seed: number) {
  const random = prng(seed);
  const brandRandom = prng(seed ^ 0x5eed);
  const now = Date.now();
  const address = oneAddressSql("u.channel", "u.token", "u.status <> 'invalid'");
  for (let offset = 0; offset < count; offset += 2000) {
    const batch = Array.from({ length: Math.min(2000, count - offset) }, () => demoDevice(random, now, brandRandom));
    await client.query(
      `insert into "Device" (id, "appId", "installationId", platform, addresses, "channelMask", brand, maker, tags,
                             locale, timezone, "appVersion", "appVersionKey", "lastActiveAt", "createdAt", "updatedAt",
                             status)
       select gen_random_uuid(), $1, u.iid, u.platform::"Platform", ${address.addresses},
              ${address.channelMask}, u.brand, u.maker::"Maker",
              string_to_array(u.tags, ','), u.locale, u.tz, u.version, u.version_key, u.last, u.created, u.last,
              u.status::"DeviceStatus"
       from unnest($2::uuid[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[],
                   $13::bytea[], $10::timestamp[], $11::timestamp[], $12::text[], $14::text[], $15::text[])
         as u(iid, platform, channel, token, tags, locale, tz, version, version_key, last, created, status, brand,
              maker)`,
      [
        appId,
        batch.map((d) => d.installationId),
        batch.map((d) => d.platform),
        batch.map((d) => d.channel),
        batch.map((d) => d.token),
        batch.map((d) => d.tags.join(",")),
        batch.map((d) => d.locale),
        batch.map((d) => d.timezone),
        batch.map((d) => d.appVersion),
        batch.map((d) => d.lastActiveAt.toISOString()),
        batch.map((d) => d.createdAt.toISOString()),
        batch.map((d) => d.status),
        // Device.appVersionKey goes with appVersion (audience conditions on versions compare it).
        batch.map((d) => appVersionKeyOf(d.appVersion)),
        batch.map((d) => d.brand),
        batch.map((d) => makerOfBrand(d.brand)),
      ],
    );
  }
}

// Demo staff (editor, marketer, analyst @herald.local) and demo campaigns in every lifecycle state.
// The staff get the admin's password when the seed prints it (created just now), otherwise a
// random one that is never shown (an admin can reset it on the Users page); one hash serves all three.
async function seedDemoCampaigns(
  client: pg.Client,
  appId: string,
  admin: SeedResult["admin"],
  log?: (line: string) => void,
) {
  const hash = await hashPassword(admin.password ?? randomBytes(18).toString("base64url"));
  for (const staff of demoStaff) {
    await client.query(
      `insert into "User" (id, email, name, "passwordHash", role, "updatedAt")
       values (gen_random_uuid(), $1, $2, $3, $4::"Role", now()) on conflict (email) do nothing`,
      [staff.email, staff.name, hash, staff.role],
    );
  }
  const users = await client.query<{ id: string; email: string }>(
    `select id, email from "User" where email = any($1::text[])`,
    [[admin.email, ...demoStaff.map((s) => s.email)]],
  );
  const app = await client.query<{ timezone: string; quietHoursStart: number | null; quietHoursEnd: number | null }>(
    `select timezone, "quietHoursStart", "quietHoursEnd" from "App" where id = $1`,
    [appId],
  );
  const count = await insertDemoCampaigns(
    client,
    { id: appId, timezone: app.rows[0].timezone, quietHours: quietHoursOf(app.rows[0]) },
    new Map(users.rows.map((u) => [u.email, u.id])),
    admin.email,
  );
  log?.(`created ${count} demo campaigns and the demo staff (${demoStaff.map((s) => s.email).join(", ")})`);
}

// The demo app signals breaking news by SMS to devices that do not confirm within five minutes.
// Illustrative prices per segment, not any provider's tariff.
const demoSmsPolicy: SmsPolicy = {
  ...defaultSmsPolicy,
  enabled: true,
  currency: "CNY",
  defaultPrice: "0.50",
  prices: [
    { country: "CN", price: "0.045" },
    { country: "US", price: "0.06" },
  ],
};

export async function seedDemo(databaseUrl: string, options: SeedOptions = {}): Promise<SeedResult> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    // One seeder at a time (two processes starting together must not both create the demo app).
    await client.query("select pg_advisory_lock(7201)");
    const admin = await seedAdmin(client);
    const apps = await client.query(`select count(*)::int as n from "App"`);
    if (options.demoApp === false || apps.rows[0].n > 0) return { admin, demoApp: null, devicesCreated: 0 };
    const key = newApiKey();
    const name = "Herald Demo News";
    const { rows } = await client.query(
      `insert into "App" (id, name, "androidPackage", "iosBundleId", "webOrigin", "apiKeyPrefix", "apiKeyHash",
                          timezone, "quietHoursStart", "quietHoursEnd", "smsPolicy", "updatedAt")
       values (gen_random_uuid(), $1, 'com.herald.demo.news', 'com.herald.demo.news', 'https://news.demo.herald.local',
               $2, $3, 'Asia/Shanghai', 1320, 480, $4::jsonb, now()) returning id`,
      [name, key.prefix, key.hash, JSON.stringify(demoSmsPolicy)],
    );
    const count = options.devices ?? 10_000;
    options.log?.(`creating ${count.toLocaleString("en")} demo devices`);
    await insertDevices(client, rows[0].id, count, 20261125);
    // The team's test phones are on channels the Quick start can reach without vendor keys (its own
    // MQTT broker and the inbox), so a test send goes all the way out of the box.
    await client.query(
      `update "Device" set "isTest" = true
        where id in (select id from "Device"
                      where "appId" = $1 and status = 'active' and "channelMask" & $2 <> 0
                      order by "createdAt" desc limit 5)`,
      [rows[0].id, channelMaskOf(["mqtt", "poll"])],
    );
    await seedDemoCampaigns(client, rows[0].id, admin, options.log);
    return { admin, demoApp: { id: rows[0].id, name, apiKey: key.key, created: true }, devicesCreated: count };
  } finally {
    await client.query("select pg_advisory_unlock(7201)").catch(() => undefined);
    await client.end();
  }
}

// `npm run db:seed`
if (import.meta.url === `file://${process.argv[1]}`) {
  const { resolveDatabase } = await import("../scripts/lib/database");
  const db = await resolveDatabase(console.log);
  try {
    const result = await seedDemo(db.url, { log: console.log });
    console.log(JSON.stringify(result, null, 2));
  } finally {
    await db.stop();
  }
}
