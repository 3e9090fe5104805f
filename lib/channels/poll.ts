// The inbox (polling) channel, `poll` in the database: Herald stores each message in the device's
// inbox and the device fetches it (GET /api/v1/devices/{installationId}/inbox). No vendor and no
// credential: Herald's own database is the transport.
import type { ChannelDescription } from "./types";

// The inbox channel.
export const pollChannel = {
  id: "poll",
  name: "Inbox polling",
  credential: null,
  address: { kind: "installation", description: "The installation id; the device polls its inbox." },
  payloadBytes: 64 * 1024,
} as const satisfies ChannelDescription<"poll">;
