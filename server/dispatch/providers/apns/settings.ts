// Where the APNs provider connects and how hard it pushes. Apple's hosts by default
// (api.push.apple.com or api.sandbox.push.apple.com, port 443, chosen by the credential's
// environment); HERALD_APNS_ENDPOINT (https://host:port) and HERALD_APNS_CA_FILE point every app at a
// loopback fake instead (tests, the simulator, the benchmark).
import { readFileSync } from "node:fs";

export interface ApnsSettings {
  // Host and port to connect to instead of Apple's (with the CA that signs its certificate).
  endpoint?: { address: string; port: number; ca?: string | Buffer };
  // Deadline of one request, in milliseconds.
  requestTimeoutMs: number;
  // send() calls the dispatcher may have in flight per worker for one app (limits.concurrency).
  concurrency: number;
  // How many times node-apn re-sends a 429/5xx answer or an ExpiredProviderToken (after regenerating
  // the JWT) before the dispatcher's own retry with backoff takes over.
  retryLimit: number;
  // HTTP/2 connections to APNs per provider (node-apn's MultiProvider round robin); Apple allows many
  // streams per connection, so one or two carry thousands of pushes a second.
  connections: number;
  // Requests in flight per connection (Apple's limit of concurrent streams is 1000); more wait in
  // the provider (window.ts).
  streamsPerConnection: number;
}

export function apnsSettings(overrides: Partial<ApnsSettings> = {}): ApnsSettings {
  return {
    requestTimeoutMs: 10_000,
    concurrency: 8,
    retryLimit: 1,
    connections: 1,
    streamsPerConnection: 1000,
    ...overrides,
  };
}

// The endpoint override from the environment, when there is one.
export function apnsSettingsFromEnv(env: Record<string, string | undefined>): Partial<ApnsSettings> {
  const url = env.HERALD_APNS_ENDPOINT;
  const connections = Number(env.HERALD_APNS_CONNECTIONS);
  const settings: Partial<ApnsSettings> = Number.isInteger(connections) && connections > 0 ? { connections } : {};
  if (!url) return settings;
  const parsed = new URL(url);
  const caFile = env.HERALD_APNS_CA_FILE;
  return {
    ...settings,
    endpoint: {
      address: parsed.hostname,
      port: Number(parsed.port || 443),
      ...(caFile ? { ca: readFileSync(caFile) } : {}),
    },
  };
}
