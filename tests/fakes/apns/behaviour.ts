// The fake APNs server's knobs and the test credential it trusts out of the box.
import { readFileSync } from "node:fs";
import path from "node:path";
import type { ApnsSecret } from "@/lib/channels/apns";

// A key Apple issued for a team: the fake checks JWTs signed with it (kid = keyId, iss = teamId) and
// accepts pushes for the team's bundle ids.
export interface FakeApnsKey {
  keyId: string;
  teamId: string;
  // The public key (PEM, SPKI) or the private key (its public half is taken).
  pem: string;
  topics: string[];
}

// One scripted answer: the status and reason APNs gives instead of accepting (Retry-After for 429/503).
export interface FakeApnsAnswer {
  status: number;
  reason: string;
  retryAfterSeconds?: number;
}

export interface FakeApnsBehaviour {
  // Tokens whose app was uninstalled: 410 Unregistered with the timestamp it happened.
  unregistered: string[];
  // Tokens starting with one of these are 410 Unregistered too (the simulator's dead devices).
  unregisteredPrefixes: string[];
  // Answers to give, in turn, for a token's next requests, before it is accepted.
  scripts: Record<string, FakeApnsAnswer[]>;
  // Answers to give to the next requests whatever their token.
  next: FakeApnsAnswer[];
  // How long a JWT stays valid after its iat (Apple: one hour).
  tokenMaxAgeSeconds: number;
  // Added to the fake's clock when it checks a JWT's age (a test ages tokens without waiting).
  clockSkewSeconds: number;
  // Delay before answering, in milliseconds.
  latencyMs: number;
  // Keep each accepted request's headers and payload (tests); off for benchmarks, which count only.
  keepRequests: boolean;
  // SETTINGS_MAX_CONCURRENT_STREAMS the fake announces (Apple allows up to 1000 per connection).
  maxConcurrentStreams: number;
}

export const defaultApnsBehaviour = (): FakeApnsBehaviour => ({
  unregistered: [],
  unregisteredPrefixes: ["dead"],
  scripts: {},
  next: [],
  tokenMaxAgeSeconds: 3600,
  clockSkewSeconds: 0,
  latencyMs: 0,
  keepRequests: true,
  maxConcurrentStreams: 1000,
});

// The test signing key (a P-256 .p8 made for this fake; it signs nothing anywhere else).
export const fakeApnsKeyFile = path.join(import.meta.dirname, "tls", "AuthKey_FAKEKEY001.p8");

// The credential the fake trusts out of the box, as an app stores it.
export const fakeApnsApp: ApnsSecret = {
  key: readFileSync(fakeApnsKeyFile, "utf8"),
  keyId: "FAKEKEY001",
  teamId: "HERALDTEAM",
  bundleId: "com.example.herald",
  environment: "production",
};

// The key the fake knows from the start (the app's key, team and bundle id).
export const fakeApnsKey = (): FakeApnsKey => ({
  keyId: fakeApnsApp.keyId,
  teamId: fakeApnsApp.teamId,
  pem: fakeApnsApp.key,
  // The tests' app, and the device simulator's (scripts/simulator/apns-credential.ts).
  topics: [fakeApnsApp.bundleId, "com.herald.simulator"],
});
