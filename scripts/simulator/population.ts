// The simulated devices: realistic platforms, push addresses, phone brands, locales with matching
// time zones, app versions, interest and city tags and a spread of past activity (the demo audience's
// generator, with an audience that is mostly mainland Chinese), each tagged "simulated" so a campaign
// can target exactly them (`tag:simulated`). Like an app built with the makers' push SDKs, a phone in
// China registers its maker's address (Huawei, Honor, Xiaomi, OPPO, vivo; JPush for apps that
// integrated only JPush) plus the app's own MQTT connection; elsewhere an Android phone registers
// FCM and MQTT, an iPhone APNs (or FCM) and MQTT, a browser Web Push and the inbox.
import type { DeviceChannel } from "../../lib/channels/devices";
import { makerOfBrand, type Maker } from "../../lib/devices/makers";
import { chinaAndroidBrand, demoDevice, type DemoDevice } from "../../prisma/demo-devices";
import { prng, seededUuid } from "./random";
import { simulatedPhoneNumber } from "./sms";

export type SimChannel = DeviceChannel;

// One push address as POST /api/v1/devices takes it.
export interface SimAddress {
  channel: SimChannel;
  token?: string;
}

// The body of POST /api/v1/devices for one device.
export interface Registration {
  installationId: string;
  platform: DemoDevice["platform"];
  addresses: SimAddress[];
  brand?: string;
  locale: string;
  timezone: string;
  appVersion: string;
  tags: string[];
}

// One simulated installation and what it remembers while the simulation runs.
export interface SimDevice {
  installationId: string;
  registration: Registration;
  // Its push channel: the first of its addresses (the others are fallbacks, MQTT or the inbox).
  channel: SimChannel;
  // When its user last opened the app (epoch ms): its history before the simulation, then its activity.
  lastUsedAt: number;
  // Pushes already handled (MQTT QoS 1, inbox pages and vendor retries may repeat one).
  seen: Set<string>;
  registered: boolean;
  // Its phone number for SMS signals (set through the device API with the person's consent), or null.
  phone: string | null;
  // Its MQTT access as the device API answered it (registration, or GET /devices/{id} for a device
  // adopted from an earlier run); null until then, or when it has no mqtt address.
  mqtt?: SimMqttAccess | null;
}

// The `mqtt` block of the device API's answers (README "MQTT and inbox for app developers").
export interface SimMqttAccess {
  brokerUrl: string;
  clientId: string;
  username: string | null;
  password: string | null;
  topics: { messages: string; receipts: string };
}

export const simulatedTag = "simulated";
// Share of the simulated audience in mainland China (the demo audience's is 30%).
const chinaWeight = 105;

// The phone makers' own channels.
export const makerChannels: Readonly<Record<Exclude<Maker, "other">, SimChannel>> = {
  huawei: "hms",
  honor: "honor",
  xiaomi: "xiaomi",
  oppo: "oppo",
  vivo: "vivo",
};

const base64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
const base64url = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
const draw = (random: () => number, alphabet: string, length: number) => {
  let out = "";
  for (let i = 0; i < length; i++) out += alphabet[Math.floor(random() * alphabet.length)];
  return out;
};

// A token in the shape each vendor gives one: Huawei and Honor long base64url push tokens, a MiPush
// regId (64 base64 characters), an OPPO regId (OPPO_CN_ and 32 hex digits), a vivo regId (23 digits),
// a JPush registration id (19 hex characters).
export function vendorToken(channel: SimChannel, random: () => number): string {
  switch (channel) {
    case "hms":
      return `IQAAAACy0${draw(random, base64url, 119)}`;
    case "honor":
      return `BAEAAAAAB${draw(random, base64url, 119)}`;
    case "xiaomi":
      return draw(random, base64, 64);
    case "oppo":
      return `OPPO_CN_${draw(random, "0123456789abcdef", 32)}`;
    case "vivo":
      return `1${draw(random, "0123456789", 22)}`;
    case "jpush":
      return `1${draw(random, "0123456789abcdef", 18)}`;
    default:
      throw new Error(`no vendor token shape for ${channel}`);
  }
}

// The brand and addresses of a drawn device (tokens and Chinese brands from `random`).
function addressesOf(drawn: DemoDevice, random: () => number): { brand: string | null; addresses: SimAddress[] } {
  const token = (channel: SimChannel): SimAddress => ({ channel, token: vendorToken(channel, random) });
  const own = (channel: SimChannel, value: string | null): SimAddress[] => [
    value ? { channel, token: value } : { channel },
    { channel: "mqtt" },
  ];
  switch (drawn.platform) {
    case "web":
      return {
        brand: null,
        // The webpush token is the browser's subscription, made when the simulation starts (run.ts).
        addresses: drawn.channel === "webpush" ? [{ channel: "webpush" }, { channel: "poll" }] : [{ channel: "poll" }],
      };
    case "ios":
      return {
        brand: drawn.brand,
        addresses: drawn.channel === "mqtt" ? [{ channel: "mqtt" }] : own(drawn.channel, drawn.token),
      };
    case "harmony":
      return { brand: "HUAWEI", addresses: [token("hms"), { channel: "mqtt" }] };
  }
  if (drawn.locale === "zh-CN") {
    // Phones in mainland China have no Google services: the maker's channel, or JPush for apps that
    // integrated only JPush (and for makers without a channel of their own).
    const brand = chinaAndroidBrand(random);
    if (drawn.channel === "poll") return { brand, addresses: [{ channel: "poll" }] };
    const maker = makerOfBrand(brand);
    const channel = drawn.channel === "jpush" || !maker || maker === "other" ? "jpush" : makerChannels[maker];
    return { brand, addresses: [token(channel), { channel: "mqtt" }] };
  }
  if (drawn.channel === "fcm") return { brand: drawn.brand, addresses: own("fcm", drawn.token) };
  return { brand: drawn.brand, addresses: [{ channel: drawn.channel === "poll" ? "poll" : "mqtt" }] };
}

// `count` devices drawn from `seed` (the same seed gives the same installations and tokens).
// `channels`, when given, keeps only devices whose push channel is one of them (drawing again until one fits).
export function buildPopulation(
  count: number,
  seed: number,
  channels?: readonly SimChannel[],
  now = Date.now(),
): SimDevice[] {
  const random = prng(seed);
  // Brands and tokens come from generators of their own, so the rest of a seed's population stays as it was.
  const brandRandom = prng(seed ^ 0x5eed);
  const addressRandom = prng(seed ^ 0xadd5);
  const phoneRandom = prng(seed ^ 0x5a5);
  const devices: SimDevice[] = [];
  for (let i = 0; i < count; i++) {
    let drawn = demoDevice(random, now, brandRandom, { chinaWeight });
    let push = addressesOf(drawn, addressRandom);
    for (let tries = 0; channels && !channels.includes(push.addresses[0]!.channel) && tries < 200; tries++) {
      drawn = demoDevice(random, now, brandRandom, { chinaWeight });
      push = addressesOf(drawn, addressRandom);
    }
    if (channels && !channels.includes(push.addresses[0]!.channel))
      throw new Error(`no simulated device fits the channels ${channels.join(", ")}`);
    const installationId = seededUuid(random);
    const registration: Registration = {
      installationId,
      platform: drawn.platform,
      addresses: push.addresses,
      ...(push.brand ? { brand: push.brand } : {}),
      locale: drawn.locale,
      timezone: drawn.timezone,
      appVersion: drawn.appVersion,
      tags: [...drawn.tags, simulatedTag],
    };
    devices.push({
      installationId,
      registration,
      channel: push.addresses[0]!.channel,
      lastUsedAt: drawn.lastActiveAt.getTime(),
      seen: new Set(),
      registered: false,
      phone: drawn.platform === "web" ? null : simulatedPhoneNumber(drawn.locale, phoneRandom),
    });
  }
  return devices;
}

// Devices per push channel (for the summary).
export function countByChannel(devices: Iterable<SimDevice>): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const device of devices) counts[device.channel] = (counts[device.channel] ?? 0) + 1;
  return counts;
}

// Devices none of whose addresses is on a channel in `receiving` (they register, but get no pushes here).
export function unreachable(devices: Iterable<SimDevice>, receiving: ReadonlySet<string>): number {
  let count = 0;
  for (const device of devices)
    if (!device.registration.addresses.some((address) => receiving.has(address.channel))) count++;
  return count;
}
