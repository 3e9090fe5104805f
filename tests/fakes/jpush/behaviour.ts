// How the fake JPush server behaves: the apps it knows, the registration ids it treats as unknown,
// the Push API rate limit (calls per window, with JPush's X-Rate-Limit-* headers), per-device caps on
// ops (marketing) messages as the phone makers apply them behind JPush, and one-off answers.

// An app the fake accepts (HTTP Basic AppKey:MasterSecret).
export interface FakeJpushApp {
  appKey: string;
  masterSecret: string;
}

// A one-off answer for the next request to `path` (any path when omitted).
export interface FakeJpushAnswer {
  path?: string;
  status: number;
  code?: number;
  message?: string;
}

export interface FakeJpushBehaviour {
  apps: FakeJpushApp[];
  // Registration ids starting with one of these are unknown to the app (1011 when all targets are).
  unknownPrefixes: string[];
  // Registration ids starting with one of these are malformed (1003 for the whole push).
  malformedPrefixes: string[];
  // Push API calls per app and window before 429/2002 (JPush free tier: 600 a minute).
  callsPerWindow: number;
  windowSeconds: number;
  // Largest time_to_live accepted (free apps: 3 days; VIP 10 days).
  maxTtlSeconds: number;
  // Ops messages (classification 0) a device receives per day; the rest are accepted but dropped.
  marketingCapPerDevice: number;
  next: FakeJpushAnswer[];
  latencyMs: number;
  keepBodies: number;
}

// The test app every fake knows.
export const fakeJpushApp: FakeJpushApp = {
  appKey: "7d431e42dfa6a6d693ac2d04",
  masterSecret: "5e987ac6d2e04d95a9d8f0d1",
};

// The defaults.
export function defaultJpushBehaviour(): FakeJpushBehaviour {
  return {
    apps: [fakeJpushApp],
    unknownPrefixes: ["bad-"],
    malformedPrefixes: ["malformed-"],
    callsPerWindow: 600,
    windowSeconds: 60,
    maxTtlSeconds: 259_200,
    marketingCapPerDevice: 5,
    next: [],
    latencyMs: 0,
    keepBodies: 1000,
  };
}
