// The channels this process can send through and how to build a provider for an app, at run time.
// server/dispatch/channels.ts registers the real ones (tests register stand-ins); fan-out asks for
// batch sizes and credentials, the sender (provider-cache.ts) for a provider instance.
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
  // Builds a provider for an app (channels.ts loads its credential first); throws
  // ProviderConfigurationError when the credential is missing or unusable.
  create(appId: string): Promise<PushProvider>;
}

const entries = new Map<Channel, ChannelEntry>();

// Makes a channel sendable (called once per process at start-up).
export function registerChannel(entry: ChannelEntry) {
  entries.set(entry.channel, entry);
}

// The registration of a channel, or undefined when this process cannot send through it.
export function channelEntry(channel: Channel): ChannelEntry | undefined {
  return entries.get(channel);
}

// Every channel this process can send through.
export function registeredChannels(): Channel[] {
  return [...entries.keys()];
}

// Removes every registration (tests wire their own).
export function clearChannels() {
  entries.clear();
}
