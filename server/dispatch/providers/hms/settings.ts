// The HMS provider's knobs: where it sends (Huawei's hosts, or a loopback fake in tests), deadlines
// and concurrency. The adapter never reads the environment; the dispatcher's wiring passes
// hmsSettingsFromEnv(process.env) so child processes reach a fake through HERALD_HMS_ENDPOINT and
// HERALD_HMS_CA_FILE.
import { hasEndpointOverride, vendorEndpointFromEnv, type VendorEndpoint, type VendorSettings } from "../vendor-https";

export type HmsSettings = VendorSettings;

// Huawei's own hosts (hms-push-serverdemo-java url.properties; HMSCore-References https-send-api).
export const huaweiEndpoint: VendorEndpoint = {
  authUrl: "https://oauth-login.cloud.huawei.com/oauth2/v3/token",
  baseUrl: "https://push-api.cloud.huawei.com",
};

export const defaultHmsSettings: HmsSettings = { endpoint: huaweiEndpoint, timeoutMs: 15_000, concurrency: 8 };

// A fake's origin (one host answers both the token and the send path, as the fakes do) and its CA.
export function loopbackEndpoint(url: string, ca: string | Buffer | undefined, tokenPath: string): VendorEndpoint {
  const origin = url.replace(/\/+$/, "");
  return { authUrl: `${origin}${tokenPath}`, baseUrl: origin, ...(ca ? { ca } : {}) };
}

// A Huawei-style vendor's settings from HERALD_<ID>_ENDPOINT (a fake's https origin answering both
// paths) and HERALD_<ID>_CA_FILE; {} when unset (the vendor's own hosts).
export function oauthSettingsFromEnv(
  id: string,
  tokenPath: string,
  env: Record<string, string | undefined>,
): Partial<VendorSettings> {
  if (!hasEndpointOverride(id, env)) return {};
  const { baseUrl, ca } = vendorEndpointFromEnv(id, "", env);
  return { endpoint: loopbackEndpoint(baseUrl, ca, tokenPath) };
}

// HERALD_HMS_ENDPOINT (a fake's https origin) and HERALD_HMS_CA_FILE; {} when unset (Huawei's hosts).
export function hmsSettingsFromEnv(env: Record<string, string | undefined>): Partial<HmsSettings> {
  return oauthSettingsFromEnv("hms", "/oauth2/v3/token", env);
}
