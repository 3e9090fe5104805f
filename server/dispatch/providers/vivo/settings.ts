// The vivo provider's knobs. The endpoint comes from the dispatcher's wiring (HERALD_VIVO_ENDPOINT and
// HERALD_VIVO_CA_FILE are read there, not here); everything else has a default.
import type { VendorSettings } from "../vendor-https";
import { defaultVivoCategories, type VivoCategories } from "./message";

// vivo's one host for every endpoint (server API v2.9.2, 2. vivo服务器地址).
export const vivoDefaultBaseUrl = "https://api-push.vivo.com.cn";

export interface VivoSettings extends VendorSettings {
  // Single sends one send() call keeps in flight (devices whose content nobody else in the batch shares).
  singleConcurrency: number;
  // Age after which a cached authToken is renewed (it lives 24 h; vivo asks for a refresh every 1-2 h).
  refreshAfterMs: number;
  // vivo categories of Herald's two message classes.
  categories: VivoCategories;
  // 0 formal push, 1 test push (only to the test devices entered in vivo's console).
  pushMode: 0 | 1;
  // Herald's receipt URL for the app (extra.callback; at most 128 characters), none: no receipts asked.
  callbackUrl?: string;
}

// The defaults, with `overrides` applied.
export function vivoSettings(overrides: Partial<VivoSettings> = {}): VivoSettings {
  return {
    endpoint: { baseUrl: vivoDefaultBaseUrl },
    timeoutMs: 15_000,
    concurrency: 4,
    singleConcurrency: 16,
    refreshAfterMs: 3_600_000,
    categories: defaultVivoCategories,
    pushMode: 0,
    ...overrides,
  };
}
