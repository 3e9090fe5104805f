// The simulator's APNs credential: the loopback fake's test signing key (tests/fakes/apns), its key id
// and team, and the simulator's own bundle id, which the fake accepts pushes for. The demo app gets
// it, checked and sealed exactly as the app page's form does it, when it holds no APNs credential (a
// real one is never replaced). Apple does not know this key: it sends nowhere but to the fake.
import type pg from "pg";
import { parseCredential } from "../../lib/channels";
import { sealCredential } from "../../server/apps/credential-seal";
import { fakeApnsApp } from "../../tests/fakes/apns/behaviour";

// What the app page's APNs form takes for the simulator's app.
export const simulatorApnsForm = {
  key: fakeApnsApp.key,
  keyId: fakeApnsApp.keyId,
  teamId: fakeApnsApp.teamId,
  bundleId: "com.herald.simulator",
  environment: "production",
} as const;

// The sealed secret and summary of the simulator's APNs credential.
export function simulatorApnsCredential() {
  const parsed = parseCredential("apns", simulatorApnsForm);
  if (!parsed.ok) throw new Error("the simulator's APNs credential does not pass the app page's checks");
  return parsed;
}

// Gives the app the simulator's APNs credential when it has none; true when the app's APNs
// credential is now the simulator's (its iOS devices are then served by the fake).
export async function ensureSimulatorApnsCredential(pool: pg.Pool, appId: string): Promise<boolean> {
  const { secret, summary } = simulatorApnsCredential();
  await pool.query(
    `insert into "ProviderCredential" (id, "appId", channel, summary, "secretSealed", "updatedAt")
     values (gen_random_uuid(), $1, 'apns', $2::jsonb, $3, now()) on conflict ("appId", channel) do nothing`,
    [appId, JSON.stringify(summary), sealCredential(appId, "apns", secret)],
  );
  const { rows } = await pool.query<{ summary: Record<string, unknown> }>(
    `select summary from "ProviderCredential" where "appId" = $1 and channel = 'apns'`,
    [appId],
  );
  const held = rows[0]?.summary;
  return Boolean(held && Object.entries(summary).every(([key, value]) => held[key] === value));
}
