// Compile-time check that lib/channels names exactly what the database stores: lib/ may not import
// the Prisma client, so it spells the Channel and Platform enums out and this file keeps them honest.
// Nothing imports it; `tsc` fails here when the schema and lib/channels drift apart.
import type { ChannelId, DeviceChannel, DevicePlatform } from "@/lib/channels";
import type { Channel, Platform } from "@/server/generated/prisma/enums";

type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
type Assert<T extends true> = T;

// Every channel a device may register with is a Channel value, and every Channel value is one.
export type DeviceChannelsMatchPrisma = Assert<Same<DeviceChannel, Channel>>;
// Every platform likewise.
export type DevicePlatformsMatchPrisma = Assert<Same<DevicePlatform, Platform>>;
// Every described channel (lib/channels/<channel>.ts) is a Channel value.
export type DescribedChannelsArePrisma = Assert<ChannelId extends Channel ? true : false>;
