// The Honor provider's knobs: where it sends (Honor's hosts, or a loopback fake in tests), deadlines
// and concurrency. The adapter never reads the environment; the dispatcher's wiring passes
// honorSettingsFromEnv(process.env) (HERALD_HONOR_ENDPOINT, HERALD_HONOR_CA_FILE).
import { readFileSync } from "node:fs";
import type { VendorEndpoint } from "../hms/https";
import { loopbackEndpoint } from "../hms/settings";

export interface HonorSettings {
  endpoint: VendorEndpoint;
  // Deadline per HTTP request in milliseconds.
  timeoutMs: number;
  // send() calls one worker may have in flight per credential, and sockets kept open.
  concurrency: number;
}

// Honor's hosts: the token at iam.developer.honor.com/auth/token, sends at push-api.cloud.honor.com
// (developer.honor.com/cn/docs/11002/reference/downlink-message as used by wildfirechat HonorPush.java
// and several public clients; go-multipush posts sends to the IAM host, which no other client does).
export const honorEndpoint: VendorEndpoint = {
  authUrl: "https://iam.developer.honor.com/auth/token",
  apiUrl: "https://push-api.cloud.honor.com",
};

export const defaultHonorSettings: HonorSettings = { endpoint: honorEndpoint, timeoutMs: 15_000, concurrency: 8 };

// HERALD_HONOR_ENDPOINT (a fake's https origin) and HERALD_HONOR_CA_FILE; {} when unset (Honor's hosts).
export function honorSettingsFromEnv(env: Record<string, string | undefined>): Partial<HonorSettings> {
  const url = env.HERALD_HONOR_ENDPOINT;
  if (!url) return {};
  const caFile = env.HERALD_HONOR_CA_FILE;
  return { endpoint: loopbackEndpoint(url, caFile ? readFileSync(caFile) : undefined, "/auth/token") };
}
