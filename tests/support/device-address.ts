// A device's one active address as Prisma writes it (Device.addresses and Device.channelMask), for
// fixtures that create devices directly rather than through the registration API.
import { channelMaskOf } from "@/lib/channels/devices";
import type { Channel } from "@/server/generated/prisma/enums";

// The data fields of a device with one active address on `channel`.
export function oneAddress(channel: Channel, token: string | null = null) {
  return { addresses: [{ channel, token, status: "active" }], channelMask: channelMaskOf([channel]) };
}
