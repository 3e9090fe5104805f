// What the simulator does with database access (optional; DATABASE_URL or the running embedded
// PostgreSQL): check that the key belongs to the app it was told to simulate, adopt devices an
// earlier run registered instead of registering them again, and set the lastActiveAt of devices it
// just created back to their simulated history (registration counts as activity, so without this a
// fresh simulation has no dormant devices to re-activate). It changes nothing else: no key is
// rotated, no other device is touched.
import pg from "pg";
import { apiKeyPrefix, hashApiKey, sameHash } from "../../server/crypto";
import type { SimDevice } from "./population";

export interface AppFacts {
  id: string;
  name: string;
  // The topic prefix and (login-free) broker of the app's own MQTT credential, when it has one.
  mqtt: { topicPrefix: string | null; brokerUrl: string | null } | null;
  // The FCM project of the app's key (herald-simulator: the simulator's own), or null without one.
  fcmProjectId: string | null;
}

// The app `appId` when `apiKey` is its key; throws a message naming what is wrong (never the key).
export async function checkApp(pool: pg.Pool, appId: string, apiKey: string): Promise<AppFacts> {
  const { rows } = await pool.query<{ id: string; name: string; apiKeyPrefix: string; apiKeyHash: string }>(
    `select id, name, "apiKeyPrefix", "apiKeyHash" from "App" where id = $1`,
    [appId],
  );
  const app = rows[0];
  if (!app) throw new Error(`There is no app ${appId} in this database.`);
  if (apiKeyPrefix(apiKey) !== app.apiKeyPrefix || !sameHash(hashApiKey(apiKey), app.apiKeyHash)) {
    throw new Error(`The API key given is not the current key of app "${app.name}" (${appId}).`);
  }
  const credentials = await pool.query<{ channel: string; summary: Record<string, unknown> }>(
    `select channel::text, summary from "ProviderCredential" where "appId" = $1 and channel in ('mqtt', 'fcm')`,
    [appId],
  );
  const summary = (channel: string) => credentials.rows.find((r) => r.channel === channel)?.summary ?? null;
  const mqtt = summary("mqtt");
  const fcm = summary("fcm");
  const text = (value: unknown) => (typeof value === "string" ? value : null);
  return {
    id: app.id,
    name: app.name,
    mqtt: mqtt ? { topicPrefix: text(mqtt.topicPrefix), brokerUrl: text(mqtt.brokerUrl) } : null,
    fcmProjectId: fcm ? text(fcm.projectId) : null,
  };
}

// The simulated devices an earlier run registered that are still active with the same brand and
// active addresses as now: their lastActiveAt. Others (unknown, or registered by an older simulator
// with other addresses) register again. Web Push addresses are left out of the comparison: a browser's
// subscription is made anew by each run (run.ts registers it again).
export async function registeredDevices(
  pool: pg.Pool,
  appId: string,
  devices: SimDevice[],
): Promise<Map<string, number>> {
  // Read as epoch milliseconds: the column is a UTC timestamp without zone, which pg would read as local time.
  const { rows } = await pool.query<{
    installationId: string;
    lastActiveAt: number;
    brand: string | null;
    addresses: string;
  }>(
    `select "installationId"::text as "installationId",
            (extract(epoch from "lastActiveAt") * 1000)::float8 as "lastActiveAt", brand,
            coalesce((select string_agg((a->>'channel') || ' ' || coalesce(a->>'token', ''), ',' order by a->>'channel')
                        from jsonb_array_elements(addresses) a
                      where a->>'status' = 'active' and a->>'channel' <> 'webpush'), '') as addresses
       from "Device"
      where "appId" = $1 and "installationId" = any($2::uuid[]) and status = 'active'`,
    [appId, devices.map((d) => d.installationId)],
  );
  const wanted = new Map(devices.map((d) => [d.installationId, d.registration]));
  const same = (row: (typeof rows)[number]) => {
    const registration = wanted.get(row.installationId);
    if (!registration || (registration.brand ?? null) !== row.brand) return false;
    const addresses = registration.addresses
      .filter((a) => a.channel !== "webpush")
      .map((a) => `${a.channel} ${a.token ?? ""}`)
      .sort()
      .join(",");
    return addresses === row.addresses;
  };
  return new Map(rows.filter(same).map((r) => [r.installationId, r.lastActiveAt]));
}

// Sets the lastActiveAt of devices this run created back to their simulated last use (UTC).
export async function backdate(pool: pg.Pool, appId: string, devices: SimDevice[]): Promise<number> {
  if (!devices.length) return 0;
  const { rowCount } = await pool.query(
    `update "Device" d set "lastActiveAt" = u.at
       from unnest($2::uuid[], $3::timestamp[]) as u(iid, at)
      where d."appId" = $1 and d."installationId" = u.iid`,
    [appId, devices.map((d) => d.installationId), devices.map((d) => new Date(d.lastUsedAt).toISOString())],
  );
  return rowCount ?? 0;
}
