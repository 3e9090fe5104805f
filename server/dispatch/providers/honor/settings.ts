// The Honor provider's knobs: where it sends (Honor's hosts, or a loopback fake in tests), deadlines
// and concurrency. The adapter never reads the environment; the dispatcher's wiring passes
// honorSettingsFromEnv(process.env) (HERALD_HONOR_ENDPOINT, HERALD_HONOR_CA_FILE).
import { oauthSettingsFromEnv } from "../hms/settings";
import type { VendorEndpoint, VendorSettings } from "../vendor-https";

export type HonorSettings = VendorSettings;

// Honor's hosts: the token at iam.developer.honor.com/auth/token, sends at push-api.cloud.honor.com
// (developer.honor.com/cn/docs/11002/reference/downlink-message as used by wildfirechat HonorPush.java
// and several public clients; go-multipush posts sends to the IAM host, which no other client does).
export const honorEndpoint: VendorEndpoint = {
  authUrl: "https://iam.developer.honor.com/auth/token",
  baseUrl: "https://push-api.cloud.honor.com",
};

export const defaultHonorSettings: HonorSettings = { endpoint: honorEndpoint, timeoutMs: 15_000, concurrency: 8 };

// HERALD_HONOR_ENDPOINT (a fake's https origin) and HERALD_HONOR_CA_FILE; {} when unset (Honor's hosts).
export function honorSettingsFromEnv(env: Record<string, string | undefined>): Partial<HonorSettings> {
  return oauthSettingsFromEnv("honor", "/auth/token", env);
}
