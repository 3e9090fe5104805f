// The simulated devices: realistic platforms, channels, locales with matching time zones, app
// versions, interest and city tags and a spread of past activity (the demo audience's generator),
// each tagged "simulated" so a campaign can target exactly them (`tag:simulated`).
import { demoDevice, type DemoDevice } from "../../prisma/demo-devices";
import { prng, seededUuid } from "./random";

export type SimChannel = DemoDevice["channel"];

// The body of POST /api/v1/devices for one device.
export interface Registration {
  installationId: string;
  platform: DemoDevice["platform"];
  channel: SimChannel;
  token?: string;
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
  // When its user last opened the app (epoch ms): its history before the simulation, then its activity.
  lastUsedAt: number;
  // Message ids already handled (MQTT QoS 1, inbox pages and FCM retries may repeat a message).
  seen: Set<string>;
  registered: boolean;
}

export const simulatedTag = "simulated";
// Channels the simulator can receive on: its MQTT connections, inbox polling, and the fake FCM's record.
export const receivingChannels: readonly SimChannel[] = ["mqtt", "poll", "fcm"];

// `count` devices drawn from `seed` (the same seed gives the same installations and tokens).
// `channels`, when given, keeps only devices on those channels (drawing again until one fits).
export function buildPopulation(
  count: number,
  seed: number,
  channels?: readonly SimChannel[],
  now = Date.now(),
): SimDevice[] {
  const random = prng(seed);
  // Brands come from their own generator, so the rest of a seed's population stays as it was.
  const brandRandom = prng(seed ^ 0x5eed);
  const devices: SimDevice[] = [];
  for (let i = 0; i < count; i++) {
    let drawn = demoDevice(random, now, brandRandom);
    for (let tries = 0; channels && !channels.includes(drawn.channel) && tries < 200; tries++)
      drawn = demoDevice(random, now, brandRandom);
    if (channels && !channels.includes(drawn.channel))
      throw new Error(`no simulated device fits the channels ${channels.join(", ")}`);
    const installationId = seededUuid(random);
    const registration: Registration = {
      installationId,
      platform: drawn.platform,
      channel: drawn.channel,
      ...(drawn.token ? { token: drawn.token } : {}),
      ...(drawn.brand ? { brand: drawn.brand } : {}),
      locale: drawn.locale,
      timezone: drawn.timezone,
      appVersion: drawn.appVersion,
      tags: [...drawn.tags, simulatedTag],
    };
    devices.push({
      installationId,
      registration,
      lastUsedAt: drawn.lastActiveAt.getTime(),
      seen: new Set(),
      registered: false,
    });
  }
  return devices;
}

// Devices per channel (for the summary).
export function countByChannel(devices: Iterable<SimDevice>): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const device of devices) counts[device.registration.channel] = (counts[device.registration.channel] ?? 0) + 1;
  return counts;
}
