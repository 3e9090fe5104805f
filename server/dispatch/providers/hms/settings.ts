// The HMS provider's knobs: where it sends (Huawei's hosts, or a loopback fake in tests), deadlines
// and concurrency. The adapter never reads the environment; the dispatcher's wiring passes
// hmsSettingsFromEnv(process.env) so child processes reach a fake through HERALD_HMS_ENDPOINT and
// HERALD_HMS_CA_FILE.
import { readFileSync } from "node:fs";
import type { VendorEndpoint } from "./https";

export interface HmsSettings {
  endpoint: VendorEndpoint;
  // Deadline per HTTP request in milliseconds.
  timeoutMs: number;
  // send() calls one worker may have in flight per credential (limits.concurrency), and sockets kept open.
  concurrency: number;
}

// Huawei's own hosts (hms-push-serverdemo-java url.properties; HMSCore-References https-send-api).
export const huaweiEndpoint: VendorEndpoint = {
  authUrl: "https://oauth-login.cloud.huawei.com/oauth2/v3/token",
  apiUrl: "https://push-api.cloud.huawei.com",
};

export const defaultHmsSettings: HmsSettings = { endpoint: huaweiEndpoint, timeoutMs: 15_000, concurrency: 8 };

// A fake's origin (one host answers both the token and the send path, as the fakes do) and its CA.
export function loopbackEndpoint(url: string, ca: string | Buffer | undefined, tokenPath: string): VendorEndpoint {
  const origin = url.replace(/\/+$/, "");
  return { authUrl: `${origin}${tokenPath}`, apiUrl: origin, ...(ca ? { ca } : {}) };
}

// HERALD_HMS_ENDPOINT (a fake's https origin) and HERALD_HMS_CA_FILE; {} when unset (Huawei's hosts).
export function hmsSettingsFromEnv(env: Record<string, string | undefined>): Partial<HmsSettings> {
  const url = env.HERALD_HMS_ENDPOINT;
  if (!url) return {};
  const caFile = env.HERALD_HMS_CA_FILE;
  return { endpoint: loopbackEndpoint(url, caFile ? readFileSync(caFile) : undefined, "/oauth2/v3/token") };
}
