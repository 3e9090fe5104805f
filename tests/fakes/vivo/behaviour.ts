// How the fake vivo Push server behaves: the apps it knows, token lifetime, the auth rate limit, the
// regIds it treats as bad, daily quotas, per-device caps on ops (marketing) messages, flow control and
// one-off answers for any result code. Every field has a default (defaultVivoBehaviour).

// An app the fake accepts at /message/auth.
export interface FakeVivoApp {
  appId: string;
  appKey: string;
  appSecret: string;
}

// A one-off answer for the next request to `path` (any path when omitted): a vivo result code (HTTP
// 200, with `desc`) or a bare HTTP status.
export interface FakeVivoAnswer {
  path?: string;
  result?: number;
  status?: number;
  desc?: string;
}

export interface FakeVivoBehaviour {
  apps: FakeVivoApp[];
  // authToken lifetime (vivo: 24 h).
  tokenTtlMs: number;
  // Auth calls per app and second before 10250 (vivo: 10).
  authPerSecond: number;
  // Accepted clock difference of the auth timestamp (vivo: ±10 min; 10207 outside).
  clockSkewMs: number;
  // regId prefix -> invalidUsers status (1 unknown, 2 uninstalled, 3 push off, 4 long offline).
  regIdPrefixes: Record<string, number>;
  // Messages an app may send per day (China time) before 10070; null: no limit.
  dailyTotal: number | null;
  // List payloads an app may save per day before 10252; null: no limit.
  listPayloadsPerDay: number | null;
  // Ops messages (classification 0) a device receives per day; the rest are accepted but dropped
  // (vivo counts arrivals, not API calls). vivo: 5 for news apps, 2 for others.
  marketingCapPerDevice: number;
  // Messages per second before the fake answers HTTP 500 (flow control); null: no limit.
  messagesPerSecond: number | null;
  // One-off answers, consumed in order.
  next: FakeVivoAnswer[];
  latencyMs: number;
  // Recent request bodies kept for inspection.
  keepBodies: number;
}

// The test app every fake knows.
export const fakeVivoApp: FakeVivoApp = { appId: "104562", appKey: "fake-vivo-app-key", appSecret: "fake-vivo-secret" };

// The defaults.
export function defaultVivoBehaviour(): FakeVivoBehaviour {
  return {
    apps: [fakeVivoApp],
    tokenTtlMs: 86_400_000,
    authPerSecond: 10,
    clockSkewMs: 600_000,
    regIdPrefixes: { "bad-": 1, "gone-": 2, "off-": 3 },
    dailyTotal: null,
    listPayloadsPerDay: null,
    marketingCapPerDevice: 5,
    messagesPerSecond: null,
    next: [],
    latencyMs: 0,
    keepBodies: 1000,
  };
}

// The invalidUsers status of a regId, or null for a good one.
export function regIdStatus(regId: string, behaviour: FakeVivoBehaviour): number | null {
  for (const [prefix, status] of Object.entries(behaviour.regIdPrefixes)) if (regId.startsWith(prefix)) return status;
  return null;
}
