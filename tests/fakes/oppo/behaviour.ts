// What the fake OPPO Push knows and does: its apps (key, master secret, private channels, banner
// right), the behaviour knobs with their defaults, and the shapes of what it records and how it is controlled.

export interface FakeOppoApp {
  appKey: string;
  masterSecret: string;
  privateChannelIds: string[];
  bannerRight: boolean;
}

export interface FakeOppoBehaviour {
  apps: FakeOppoApp[];
  invalidPrefixes: string[];
  invalidRegIds: string[];
  // Answers for the next send requests (whole request), one each, after the token check.
  failNext: Array<{ code?: number; http?: number; message?: string }>;
  // Answers for the next auth requests.
  authFailNext: Array<{ code?: number; http?: number }>;
  tokenLifetimeMs: number;
  // Send requests per second before -2 (null: no limit).
  maxRequestsPerSecond: number | null;
  // Marketing messages the app may send per China day before items get 33 (null: no limit).
  dailyMarketingQuota: number | null;
  // Marketing arrivals per device per China day (news apps 5, others 2).
  marketingPerDeviceDaily: number;
  requireCategory: boolean;
  // Answer unicast_batch's data as a string holding the JSON array (the document types data as String).
  batchDataAsString: boolean;
  latencyMs: number;
  nowMs: number | null;
}

export const fakeOppoApp: FakeOppoApp = {
  appKey: "fakeOppoAppKey01",
  masterSecret: "fakeOppoMasterSecret0123456789",
  privateChannelIds: ["herald_service"],
  bannerRight: false,
};

export function defaultOppoBehaviour(): FakeOppoBehaviour {
  return {
    apps: [fakeOppoApp],
    invalidPrefixes: ["bad-"],
    invalidRegIds: [],
    failNext: [],
    authFailNext: [],
    tokenLifetimeMs: 24 * 3_600_000,
    maxRequestsPerSecond: null,
    dailyMarketingQuota: null,
    marketingPerDeviceDaily: 2,
    requireCategory: true,
    batchDataAsString: false,
    latencyMs: 0,
    nowMs: null,
  };
}

export interface OppoRequestRecord {
  at: number;
  path: string;
  token: string | null;
  messages: unknown[];
  code: number;
  http: number;
}

export interface OppoArrival {
  regId: string;
  messageId: string;
  day: string;
  messageClass: "service" | "marketing";
  message: Record<string, unknown>;
  // "device_cap": over the device's daily marketing cap; "duplicate": this target already got this
  // app_message_id (OPPO pushes a unicast id once per target). Either way it never showed.
  dropped: "device_cap" | "duplicate" | null;
}

export interface FakeOppoStats {
  auths: number;
  requests: number;
  errors: Record<string, number>;
  itemErrors: Record<string, number>;
  arrivals: number;
  dropped: number;
}

export interface FakeOppoControl {
  configure(behaviour: Partial<FakeOppoBehaviour>): void;
  reset(): void;
  // Makes every token issued so far invalid (OPPO then answers 11), as if 24 h had passed.
  expireTokens(): void;
  requests(): OppoRequestRecord[];
  arrivals(regId?: string): OppoArrival[];
  stats(): FakeOppoStats;
}
