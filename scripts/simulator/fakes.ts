// The simulator's own push services: the loopback fakes the tests use (FCM, Web Push, Huawei, Honor,
// Xiaomi, OPPO, vivo, JPush), started in this process and told about the simulator's credentials
// (vendor-credentials.ts), so Herald's real vendor clients send to them and the simulator hears of
// every push a fake accepted for a device the moment it does (their `onArrival` hook; fake-reader.ts).
// With `receipts`, the vendor fakes run in receipt mode (tests/fakes/receipt-poster.ts): they call
// Herald's receipt endpoints back as the vendors do, to the URL each push names (Xiaomi, OPPO, vivo,
// JPush) or the one configured in the console (Huawei, Honor: configureReceipts).
// With `apns`, the fake APNs server (HTTP/2) serves the iOS devices (APNs has no delivery receipts:
// the devices report `received` themselves).
// Workers reach FCM through the reserved simulator project (simulator-endpoint.ts) and the vendors
// and APNs through HERALD_<ID>_ENDPOINT and HERALD_<ID>_CA_FILE (workerEnv).
import type { ArrivalListener, FakeArrival } from "../../tests/fakes/loopback-fake";
import type { ReceiptModeConfig, ReceiptPoster } from "../../tests/fakes/receipt-poster";
import { startFakeApns, type FakeApns } from "../../tests/fakes/apns/fake-server";
import { startFakeFcm, type FakeFcm } from "../../tests/fakes/fcm/fake-server";
import { startFakeHms } from "../../tests/fakes/hms/fake-server";
import { startFakeHonor } from "../../tests/fakes/honor/fake-server";
import { startFakeJpush } from "../../tests/fakes/jpush/fake-server";
import { startFakeOppo } from "../../tests/fakes/oppo/fake-server";
import { startFakeVivo } from "../../tests/fakes/vivo/fake-server";
import { startFakeXiaomi } from "../../tests/fakes/xiaomi/fake-server";
import { startFakeWebPush, subscriptionTokenOf, type FakeWebPush } from "../../tests/fakes/webpush/fake-server";
import { simulatorVendorForms as forms, type VendorChannel } from "./vendor-credentials";

export type FakeChannel = "fcm" | "apns" | "webpush" | VendorChannel;

// Where pushes the fakes accepted come from: the channels they serve, and a subscription to their arrivals.
export interface ArrivalSource {
  channels: readonly FakeChannel[];
  subscribe(listener: (channel: FakeChannel, arrival: FakeArrival) => void): () => void;
  // A browser subscription at the fake push service for the site's VAPID key (absent without that fake):
  // the token a web device registers.
  subscribeBrowser?(applicationServerKey: string): string;
}

// A vendor fake as the simulator needs it.
interface RunningVendorFake {
  url: string;
  caFile: string;
  receipts: ReceiptPoster;
  close(): Promise<void>;
}

// What a vendor console holds about receipts: the URL, and Huawei's user name and key.
export type ConsoleReceiptSetup = Pick<ReceiptModeConfig, "url"> & Partial<Pick<ReceiptModeConfig, "user" | "key">>;

export interface SimulatorFakes extends ArrivalSource {
  // The FCM fake (null when not asked for).
  fcm: FakeFcm | null;
  // The APNs fake (null when not asked for).
  apns: FakeApns | null;
  // The Web Push fake push service (null when not asked for).
  webpush: FakeWebPush | null;
  vendors: Partial<Record<VendorChannel, RunningVendorFake>>;
  // HERALD_<ID>_ENDPOINT and HERALD_<ID>_CA_FILE of each vendor fake and APNs, and HERALD_WEBPUSH_CA_FILE of
  // the push service fake (its endpoints are in the subscriptions), for the worker processes.
  workerEnv(): Record<string, string>;
  // Enters the receipt URL (and user and key) in the consoles of the vendor fakes that take it there
  // (Huawei, Honor); other vendors are told theirs with each push.
  configureReceipts(setup: Partial<Record<ConsoleReceiptChannel, ConsoleReceiptSetup>>): void;
  close(): Promise<void>;
}

// The vendors whose receipt URL is entered once in their console.
export const consoleReceiptChannels = ["hms", "honor"] as const satisfies VendorChannel[];
export type ConsoleReceiptChannel = (typeof consoleReceiptChannels)[number];

// What every vendor fake is started with: its port, the arrival hook, the receipt mode.
interface StartInput {
  port: number;
  onArrival: ArrivalListener;
  receipts: Partial<ReceiptModeConfig>;
}

// Each vendor's fake, knowing the simulator's app at that vendor.
const starters: Record<VendorChannel, (input: StartInput) => Promise<RunningVendorFake>> = {
  hms: (input) => startFakeHms(input),
  honor: (input) =>
    startFakeHonor({ ...input, behaviour: { clientApps: { [forms.honor.clientId]: forms.honor.vendorAppId } } }),
  xiaomi: (input) =>
    startFakeXiaomi({
      ...input,
      behaviour: {
        apps: [
          {
            appSecret: forms.xiaomi.appSecret,
            packageName: forms.xiaomi.packageName,
            channels: { [forms.xiaomi.serviceChannelId]: "service", [forms.xiaomi.marketingChannelId]: "marketing" },
          },
        ],
      },
    }),
  oppo: (input) =>
    startFakeOppo({
      ...input,
      behaviour: {
        apps: [
          {
            appKey: forms.oppo.appKey,
            masterSecret: forms.oppo.masterSecret,
            privateChannelIds: [forms.oppo.serviceChannelId],
            bannerRight: false,
          },
        ],
      },
    }),
  vivo: (input) =>
    startFakeVivo({
      ...input,
      behaviour: {
        apps: [{ appId: forms.vivo.vendorAppId, appKey: forms.vivo.appKey, appSecret: forms.vivo.appSecret }],
        keepBodies: 100,
      },
    }),
  jpush: (input) => startFakeJpush({ ...input, behaviour: { apps: [{ ...forms.jpush }], keepBodies: 100 } }),
};

const inUse = (error: unknown) => (error as NodeJS.ErrnoException).code === "EADDRINUSE";

export interface SimulatorFakesOptions {
  // Start the FCM fake on this port (0: any free one; a busy port falls back to any when `fallback`).
  fcm?: { port: number; fallback: boolean } | null;
  vendors?: readonly VendorChannel[];
  // Start the APNs fake (on the port after the vendors' when vendorPort is set).
  apns?: boolean;
  // The first vendor fake listens here, the next ones on the following ports (0: any free ports).
  vendorPort?: number;
  // Run the vendor fakes in receipt mode (they call Herald back with delivery receipts).
  receipts?: boolean;
  // Start the fake Web Push service (browsers subscribe there; Herald's worker must trust its CA).
  webpush?: boolean;
}

// Starts the fakes asked for on 127.0.0.1; all of them or none (a failure closes those started).
export async function startSimulatorFakes(options: SimulatorFakesOptions): Promise<SimulatorFakes> {
  const listeners = new Set<(channel: FakeChannel, arrival: FakeArrival) => void>();
  const relay =
    (channel: FakeChannel): ArrivalListener =>
    (arrival) => {
      for (const listener of listeners) listener(channel, arrival);
    };
  const vendors: Partial<Record<VendorChannel, RunningVendorFake>> = {};
  let fcm: FakeFcm | null = null;
  let apns: FakeApns | null = null;
  let webpush: FakeWebPush | null = null;
  const closeAll = async () => {
    await Promise.all([
      fcm?.close(),
      apns?.close(),
      webpush?.close(),
      ...Object.values(vendors).map((fake) => fake.close()),
    ]);
  };
  try {
    if (options.fcm) {
      const start = (port: number) => startFakeFcm({ port, host: "127.0.0.1", onArrival: relay("fcm") });
      fcm = await start(options.fcm.port).catch((error: unknown) => {
        if (options.fcm?.fallback && inUse(error)) return start(0);
        throw error;
      });
    }
    // Records off: a long simulation would keep every push; the device hears of each through onArrival.
    if (options.webpush) webpush = await startFakeWebPush({ onArrival: relay("webpush"), record: false });
    const base = options.vendorPort ?? 0;
    for (const [index, channel] of (options.vendors ?? []).entries())
      vendors[channel] = await starters[channel]({
        port: base ? base + index : 0,
        onArrival: relay(channel),
        receipts: { enabled: options.receipts ?? false },
      });
    if (options.apns) {
      const port = base ? base + (options.vendors?.length ?? 0) : 0;
      apns = await startFakeApns({ port, host: "127.0.0.1", onArrival: relay("apns") });
    }
  } catch (error) {
    await closeAll();
    throw error;
  }
  return {
    fcm,
    apns,
    webpush,
    vendors,
    channels: [
      ...(fcm ? (["fcm"] as const) : []),
      ...(apns ? (["apns"] as const) : []),
      ...(webpush ? (["webpush"] as const) : []),
      ...(Object.keys(vendors) as VendorChannel[]),
    ],
    subscribe(listener) {
      listeners.add(listener);
      return () => void listeners.delete(listener);
    },
    ...(webpush ? { subscribeBrowser: (key: string) => subscriptionTokenOf(webpush!.subscribe(key)) } : {}),
    workerEnv() {
      const env: Record<string, string> = webpush ? { HERALD_WEBPUSH_CA_FILE: webpush.caFile } : {};
      for (const [channel, fake] of Object.entries(vendors)) {
        env[`HERALD_${channel.toUpperCase()}_ENDPOINT`] = fake.url;
        env[`HERALD_${channel.toUpperCase()}_CA_FILE`] = fake.caFile;
      }
      if (apns) Object.assign(env, { HERALD_APNS_ENDPOINT: apns.url, HERALD_APNS_CA_FILE: apns.caFile });
      return env;
    },
    configureReceipts(setup) {
      for (const channel of consoleReceiptChannels) {
        const entry = setup[channel];
        if (entry) vendors[channel]?.receipts.configure({ user: null, key: null, ...entry });
      }
    },
    async close() {
      listeners.clear();
      await closeAll();
    },
  };
}

// Enters the app's receipt URLs under `publicUrl` in the Huawei and Honor fakes' "consoles" (with Huawei's
// user name and key), as the app page tells staff to; false when `publicUrl` is no http(s) URL. The URLs
// derive from HERALD_ENCRYPTION_KEY, which must be the server's (server/receipts/receipt-urls.ts).
export async function enterConsoleReceiptUrls(
  fakes: SimulatorFakes,
  appId: string,
  publicUrl: string | undefined,
): Promise<boolean> {
  const { receiptSetup } = await import("../../server/receipts/receipt-urls");
  const setup = receiptSetup(appId, { HERALD_PUBLIC_URL: publicUrl });
  if (!setup) return false;
  fakes.configureReceipts({
    hms: { url: setup.hms.url, user: setup.hms.user ?? null, key: setup.hms.key ?? null },
    honor: { url: setup.honor.url },
  });
  return true;
}
