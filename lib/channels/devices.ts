// What a device registers with: a platform and its addresses, one per channel. Mirrors the database's Platform and
// Channel enums (checked at compile time in server/channel-enums.ts; lib/ cannot import Prisma).
// Only some channels have a description and a provider (lib/channels/index.ts); devices of the
// others are suppressed at fan-out as "no_channel".

// Every channel a device may register with.
export const deviceChannels = [
  "fcm",
  "apns",
  "webpush",
  "hms",
  "xiaomi",
  "jpush",
  "mqtt",
  "poll",
  "sms",
  "xmpp",
  "honor",
  "oppo",
  "vivo",
] as const;
// One of them.
export type DeviceChannel = (typeof deviceChannels)[number];

// Each channel's bit in Device.channelMask (the channels with an active address). Stored in the
// database: a value here never changes and a new channel takes the next free bit.
export const channelBit: Readonly<Record<DeviceChannel, number>> = {
  fcm: 0,
  apns: 1,
  webpush: 2,
  hms: 3,
  xiaomi: 4,
  jpush: 5,
  mqtt: 6,
  poll: 7,
  sms: 8,
  xmpp: 9,
  honor: 10,
  oppo: 11,
  vivo: 12,
};

// The channel names by bit (index = bit), for SQL that turns stored channel names into mask bits.
export const channelsByBit: readonly DeviceChannel[] = deviceChannels
  .slice()
  .sort((a, b) => channelBit[a] - channelBit[b]);

// The mask of a set of channels.
export function channelMaskOf(channels: Iterable<string>): number {
  let mask = 0;
  for (const channel of channels) {
    const bit = channelBit[channel as DeviceChannel];
    if (bit !== undefined) mask |= 1 << bit;
  }
  return mask;
}

// The channels a mask holds, in channelBit order.
export function channelsOfMask(mask: number): DeviceChannel[] {
  return channelsByBit.filter((channel) => (mask & (1 << channelBit[channel])) !== 0);
}

// Every platform a device may run on.
export const devicePlatforms = ["android", "ios", "web", "harmony"] as const;
// One of them.
export type DevicePlatform = (typeof devicePlatforms)[number];
