// What a device registers with: a platform and one channel. Mirrors the database's Platform and
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
] as const;
// One of them.
export type DeviceChannel = (typeof deviceChannels)[number];

// Every platform a device may run on.
export const devicePlatforms = ["android", "ios", "web", "harmony"] as const;
// One of them.
export type DevicePlatform = (typeof devicePlatforms)[number];
