// A device's push addresses as Device.addresses stores them (a JSON array, one entry per channel,
// in the order first registered) and as the console shows them.
import type { DeviceChannel } from "@/lib/channels/devices";

// One address's state: active until its vendor says the token is dead.
export type AddressStatus = "active" | "invalid";

// One stored address.
export interface DeviceAddress {
  channel: DeviceChannel;
  // The push token or registration id; null for installation-addressed channels (mqtt, poll).
  token: string | null;
  status: AddressStatus;
  // The vendor's last error code for this address and when it came (ISO 8601), when it failed.
  error?: string | null;
  errorAt?: string | null;
}

// The addresses of a stored Device.addresses value, skipping anything malformed.
export function parseAddresses(value: unknown): DeviceAddress[] {
  if (!Array.isArray(value)) return [];
  return value.flatMap((entry): DeviceAddress[] => {
    if (typeof entry !== "object" || entry === null) return [];
    const { channel, token, status, error, errorAt } = entry as Record<string, unknown>;
    if (typeof channel !== "string") return [];
    return [
      {
        channel: channel as DeviceChannel,
        token: typeof token === "string" ? token : null,
        status: status === "invalid" ? "invalid" : "active",
        error: typeof error === "string" ? error : null,
        errorAt: typeof errorAt === "string" ? errorAt : null,
      },
    ];
  });
}
