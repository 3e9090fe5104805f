// What the fake MiPush knows and does: its apps (secret, package, channels and their class), the
// behaviour knobs with their defaults, and the shapes of what it records and how it is controlled.

// An app the fake knows: its secret, package and notification channels with their class.
export interface FakeXiaomiApp {
  appSecret: string;
  packageName: string;
  channels: Record<string, "service" | "marketing">;
}

// How the fake behaves; configure() merges into it.
export interface FakeXiaomiBehaviour {
  apps: FakeXiaomiApp[];
  // Registration ids starting with one of these (or listed exactly) belong to no device.
  invalidPrefixes: string[];
  invalidRegIds: string[];
  // Answers for the next requests, one each, before anything else is checked but the secret.
  failNext: Array<{ code?: number; http?: number; reason?: string }>;
  // More requests than this in one second answer 10027 (null: no limit).
  maxRequestsPerSecond: number | null;
  // Targets accepted per China day for the app before 10034 (null: no limit).
  dailyVolume: number | null;
  // Marketing (公信) arrivals per device per China day (5; 8 with a news licence) and on no channel (1).
  marketingPerDeviceDaily: number;
  defaultChannelPerDeviceDaily: number;
  // Since 2024-11-04 apps that opted in must name a channel.
  requireChannelId: boolean;
  latencyMs: number;
  // The fake's clock (epoch ms) when set, for day roll-over tests.
  nowMs: number | null;
}

// The default app, secret and channels tests use.
export const fakeXiaomiApp: FakeXiaomiApp = {
  appSecret: "fakeXiaomiSecret0123456789ab==",
  packageName: "com.example.herald",
  channels: { "120001": "service", "120002": "marketing" },
};

export function defaultXiaomiBehaviour(): FakeXiaomiBehaviour {
  return {
    apps: [fakeXiaomiApp],
    invalidPrefixes: ["bad-"],
    invalidRegIds: [],
    failNext: [],
    maxRequestsPerSecond: null,
    dailyVolume: null,
    marketingPerDeviceDaily: 5,
    defaultChannelPerDeviceDaily: 1,
    requireChannelId: true,
    latencyMs: 0,
    nowMs: null,
  };
}

// One request as received, with the code it was answered with.
export interface XiaomiRequestRecord {
  at: number;
  authorization: string | null;
  fields: Record<string, string>;
  regIds: string[];
  code: number;
  http: number;
}

// One push that reached (or was held back from) a device.
export interface XiaomiArrival {
  regId: string;
  messageId: string;
  day: string;
  channelId: string | null;
  messageClass: "service" | "marketing" | "default";
  // "device_cap": over the device's daily cap for its class; "duplicate": the device already showed a
  // message of this extra.jobkey (it shows only the first). Either way it never showed.
  dropped: "device_cap" | "duplicate" | null;
  payload: string | null;
}

export interface FakeXiaomiStats {
  requests: number;
  accepted: number;
  errors: Record<string, number>;
  arrivals: number;
  dropped: number;
}

// What a test or benchmark does to a fake (in-process, or through the control API).
export interface FakeXiaomiControl {
  configure(behaviour: Partial<FakeXiaomiBehaviour>): void;
  reset(): void;
  requests(): XiaomiRequestRecord[];
  arrivals(regId?: string): XiaomiArrival[];
  stats(): FakeXiaomiStats;
}
