// The simulator's credentials for the phone makers' channels and JPush (Huawei, Honor, Xiaomi, OPPO,
// vivo, JPush): ids and secrets of apps that exist only in the simulator's loopback fakes, which are
// started knowing them (fakes.ts). The demo app gets each one it has no credential of that vendor
// for, checked and sealed exactly as the app page's form does it (parseCredential, sealCredential);
// a credential the app already holds is never replaced. They send nowhere but to the fakes: the
// vendors do not know these apps.
import type pg from "pg";
import { type CredentialSecret, parseCredential } from "../../lib/channels";
import { sealCredential } from "../../server/apps/credential-seal";

// The vendors the simulator fakes (besides FCM).
export const vendorChannels = ["hms", "honor", "xiaomi", "oppo", "vivo", "jpush"] as const;
export type VendorChannel = (typeof vendorChannels)[number];

// What the app page's form takes for each vendor, for the simulator's app at that vendor.
export const simulatorVendorForms = {
  // Huawei grants news apps a service category: news and announcements go out as service messages.
  hms: { vendorAppId: "109900001", appSecret: "herald-simulator-hms-secret", serviceCategory: "SUBSCRIPTION" },
  honor: { vendorAppId: "109900002", clientId: "herald-simulator", clientSecret: "herald-simulator-honor-secret" },
  xiaomi: {
    appSecret: "heraldSimulatorXiaomiSecret0==",
    packageName: "com.herald.simulator",
    serviceChannelId: "130001",
    marketingChannelId: "130002",
  },
  oppo: { appKey: "heraldSimulatorOppo", masterSecret: "heraldSimulatorOppoMaster01", serviceChannelId: "herald_news" },
  vivo: { vendorAppId: "109900005", appKey: "herald-simulator-vivo-key", appSecret: "herald-simulator-vivo-secret" },
  jpush: { appKey: "4865726164a1b2c3d4e5f601", masterSecret: "53696d756c61746f72a1b2c3" },
} as const satisfies Record<VendorChannel, Record<string, string>>;

// The sealed secret and summary of the simulator's credential for `channel`, as the app page makes them.
export function simulatorCredential(channel: VendorChannel) {
  const parsed = parseCredential(channel, simulatorVendorForms[channel]);
  if (!parsed.ok) throw new Error(`the simulator's ${channel} credential does not pass the app page's checks`);
  return parsed;
}

// True when a stored summary is the simulator's credential's (every id of the summary matches).
function isSimulatorSummary(channel: VendorChannel, summary: Record<string, unknown>): boolean {
  const ours = simulatorCredential(channel).summary as Record<string, unknown>;
  return Object.entries(ours).every(([key, value]) => summary[key] === value);
}

// The vendors' credentials the app holds: channel -> summary.
async function heldCredentials(pool: pg.Pool, appId: string): Promise<Map<VendorChannel, Record<string, unknown>>> {
  const { rows } = await pool.query<{ channel: VendorChannel; summary: Record<string, unknown> }>(
    `select channel::text as channel, summary from "ProviderCredential"
      where "appId" = $1 and channel::text = any($2::text[])`,
    [appId, [...vendorChannels]],
  );
  return new Map(rows.map((row) => [row.channel, row.summary]));
}

// The vendors whose credential the app holds is the simulator's (their devices are served by the fakes).
export async function simulatorVendorsOf(pool: pg.Pool, appId: string): Promise<VendorChannel[]> {
  const held = await heldCredentials(pool, appId);
  return vendorChannels.filter((channel) => {
    const summary = held.get(channel);
    return summary !== undefined && isSimulatorSummary(channel, summary);
  });
}

// Gives the app the simulator's credential of each vendor it has none of (never replacing one), and
// answers the vendors whose credential the app now holds is the simulator's.
export async function ensureSimulatorVendorCredentials(pool: pg.Pool, appId: string): Promise<VendorChannel[]> {
  const before = await heldCredentials(pool, appId);
  for (const channel of vendorChannels) {
    if (before.has(channel)) continue;
    const { secret, summary } = simulatorCredential(channel);
    await pool.query(
      `insert into "ProviderCredential" (id, "appId", channel, summary, "secretSealed", "updatedAt")
       values (gen_random_uuid(), $1, $2::"Channel", $3::jsonb, $4, now()) on conflict ("appId", channel) do nothing`,
      [
        appId,
        channel,
        JSON.stringify(summary),
        sealCredential(appId, channel, secret as CredentialSecret<VendorChannel>),
      ],
    );
  }
  return simulatorVendorsOf(pool, appId);
}
