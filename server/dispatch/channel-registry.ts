// Which channels Herald can send through and how to build a provider for an app. Providers register
// here (server/dispatch/providers/index.ts wires the real ones); fan-out asks for batch sizes, the
// sender for a provider instance.
import "server-only";
import type { Channel } from "@/server/generated/prisma/enums";
import type { PushProvider } from "./providers/types";

export interface ChannelEntry {
  channel: Channel;
  // Most devices per batch (the provider's limits.maxBatch).
  maxBatch: number;
  // True when the app must have a stored credential for this channel; without one, fan-out
  // suppresses the channel's devices (no_channel) instead of holding the whole campaign.
  requiresCredential?: boolean;
  // Builds a provider from the app's stored credential; throws ProviderConfigurationError when it is missing or unusable.
  create(appId: string): Promise<PushProvider>;
}

const entries = new Map<Channel, ChannelEntry>();

// Makes a channel sendable (called once per process at start-up).
export function registerChannel(entry: ChannelEntry) {
  entries.set(entry.channel, entry);
}

export function channelEntry(channel: Channel): ChannelEntry | undefined {
  return entries.get(channel);
}

export function registeredChannels(): Channel[] {
  return [...entries.keys()];
}

// Removes every registration (tests wire their own).
export function clearChannels() {
  entries.clear();
}
