// The six vendor fakes (Huawei, Honor, Xiaomi, OPPO, vivo, JPush) as one set, for dispatch tests and
// benchmarks that send through the real providers: the credential each fake accepts, the worker
// environment that points the dispatcher's wiring (server/dispatch/channels.ts) at them, and, for
// fakes in their own processes, how many messages each accepted and a reset of all of them.
import path from "node:path";
import type { HmsSecret } from "@/lib/channels/hms";
import type { HonorSecret } from "@/lib/channels/honor";
import type { JpushSecret } from "@/lib/channels/jpush";
import type { OppoSecret } from "@/lib/channels/oppo";
import type { VivoSecret } from "@/lib/channels/vivo";
import type { XiaomiSecret } from "@/lib/channels/xiaomi";
import { HuaweiStyleControlClient } from "../fakes/hms/control-client";
import type { FakeStats as HuaweiStats } from "../fakes/hms/records";
import type { JpushStats, JpushTokenRecord } from "../fakes/jpush/fake-server";
import { fakeJpushApp } from "../fakes/jpush/behaviour";
import { spawnFake, type FakeControlClient, type FakeProcess } from "../fakes/loopback-fake";
import { fakeOppoApp, type FakeOppoStats } from "../fakes/oppo/behaviour";
import type { VivoStats, VivoTokenRecord } from "../fakes/vivo/records";
import { fakeVivoApp } from "../fakes/vivo/behaviour";
import { fakeXiaomiApp, type FakeXiaomiStats } from "../fakes/xiaomi/behaviour";

export const vendorChannels = ["hms", "honor", "xiaomi", "oppo", "vivo", "jpush"] as const;
export type VendorChannel = (typeof vendorChannels)[number];

// The credential of the app each fake knows (the Huawei-style fakes accept any client they do not refuse).
export const vendorSecrets = {
  hms: { appId: "104433559", appSecret: "s3cr3t-app-secret", serviceCategory: null, receiptId: null } as HmsSecret,
  honor: { appId: "104567890", clientId: "hn-client-1", clientSecret: "hn-client-secret" } as HonorSecret,
  xiaomi: {
    appSecret: fakeXiaomiApp.appSecret,
    packageName: fakeXiaomiApp.packageName,
    serviceChannelId: "120001",
    marketingChannelId: "120002",
  } as XiaomiSecret,
  oppo: {
    appKey: fakeOppoApp.appKey,
    masterSecret: fakeOppoApp.masterSecret,
    serviceChannelId: fakeOppoApp.privateChannelIds[0],
  } as OppoSecret,
  vivo: fakeVivoApp as VivoSecret,
  jpush: fakeJpushApp as JpushSecret,
} satisfies Record<VendorChannel, unknown>;

// The environment that sends `channel` to a fake at `url` (certificate in `caFile`): HERALD_<ID>_ENDPOINT
// and HERALD_<ID>_CA_FILE, as vendorEndpointFromEnv and the *SettingsFromEnv functions read them.
export function vendorFakeEnv(channel: VendorChannel, fake: { url: string; caFile: string }): Record<string, string> {
  const id = channel.toUpperCase();
  return { [`HERALD_${id}_ENDPOINT`]: fake.url, [`HERALD_${id}_CA_FILE`]: fake.caFile };
}

// Messages a fake accepted (counted once per request naming them, so a message sent twice counts
// twice) and tokens that were sent more than once.
export interface VendorTally {
  accepted: number;
  duplicates: number;
}

// How to read each fake's counters.
const tallies: Record<VendorChannel, (control: FakeControlClient) => Promise<VendorTally>> = {
  hms: huaweiTally,
  honor: huaweiTally,
  // Herald sends news as service class: nothing is capped, so a dropped arrival is a repeated job key.
  xiaomi: async (control) => {
    const stats = await control.call<FakeXiaomiStats>("GET /__fake/stats");
    return { accepted: stats.arrivals, duplicates: stats.dropped };
  },
  oppo: async (control) => {
    const stats = await control.call<FakeOppoStats>("GET /__fake/stats");
    return { accepted: stats.arrivals, duplicates: stats.dropped };
  },
  vivo: perRegIdTally,
  jpush: perRegIdTally,
};

// vivo and JPush count per registration id: a duplicate is one accepted more than once.
async function perRegIdTally(control: FakeControlClient): Promise<VendorTally> {
  const stats = await control.call<VivoStats | JpushStats>("GET /__fake/stats");
  const records = await control.call<Array<VivoTokenRecord | JpushTokenRecord>>("POST /__fake/tokens", {});
  return { accepted: stats.accepted, duplicates: records.filter((record) => record.accepted > 1).length };
}

async function huaweiTally(control: FakeControlClient): Promise<VendorTally> {
  const stats = await control.call<HuaweiStats>("POST /__fake/stats", {});
  return { accepted: stats.delivered + stats.capped, duplicates: stats.duplicateTokens };
}

// The six fakes, each in its own process.
export interface VendorFakeProcesses {
  fakes: Record<VendorChannel, FakeProcess>;
  // The worker environment that reaches all six.
  env: Record<string, string>;
  tallies(): Promise<Record<VendorChannel, VendorTally>>;
  reset(): Promise<void>;
  stop(): Promise<void>;
}

// Spawns the six fakes (tests/fakes/<vendor>/server.ts) and waits until each is ready.
export async function spawnVendorFakes(): Promise<VendorFakeProcesses> {
  const started = await Promise.all(
    vendorChannels.map(async (channel) => {
      const script = path.join(import.meta.dirname, "..", "fakes", channel, "server.ts");
      const huaweiStyle = channel === "hms" || channel === "honor";
      const fake = await spawnFake<FakeControlClient>(
        script,
        huaweiStyle ? { client: (url, ca) => new HuaweiStyleControlClient(url, ca, channel) } : {},
      );
      return [channel, fake] as const;
    }),
  );
  const fakes = Object.fromEntries(started) as Record<VendorChannel, FakeProcess>;
  const each = <T>(work: (channel: VendorChannel, fake: FakeProcess) => Promise<T>) =>
    Promise.all(vendorChannels.map((channel) => work(channel, fakes[channel])));
  return {
    fakes,
    env: Object.assign({}, ...vendorChannels.map((channel) => vendorFakeEnv(channel, fakes[channel]))),
    async tallies() {
      const read = await each(async (channel, fake) => [channel, await tallies[channel](fake.control)] as const);
      return Object.fromEntries(read) as Record<VendorChannel, VendorTally>;
    },
    async reset() {
      await each((_, fake) => fake.control.call("POST /__fake/reset", {}));
    },
    async stop() {
      await each((_, fake) => fake.stop());
    },
  };
}
