// What the fake Honor Push answers: the knobs a test turns (every field has a default) and the
// per-token rules behind failTokens and expireTokens.

// How the fake behaves; configure() merges into it, reset() restores the defaults.
export interface HonorFakeBehaviour {
  // Token prefixes listed in data.failTokens and data.expireTokens.
  failPrefix: string;
  expirePrefix: string;
  // Codes the next send requests are answered with, one each ("80300008", "80200003", "80300002",
  // "500" for HTTP 500, "503" for HTTP 503 flow control, "hang" never answers).
  nextAnswers: string[];
  // Retry-After seconds on 503 answers; null sends none.
  retryAfterSeconds: number | null;
  // Lifetime of issued access tokens.
  tokenLifetimeSeconds: number;
  // Client ids the token endpoint refuses.
  rejectClients: string[];
  // Client id -> the app id its tokens may send for (unlisted clients may send for any app id).
  clientApps: Record<string, string>;
  // How far the `timestamp` header may be from the fake's clock [Honor's tolerance unconfirmed].
  timestampSkewMs: number;
  // Marketing (importance LOW or absent) arrivals per device per day (Honor: 2, news apps 5), and of any class.
  marketingCapPerDay: number;
  allCapPerDay: number;
  // The vendor's calendar day (YYYY-MM-DD, UTC+8) to count caps under; null: today.
  day: string | null;
  latencyMs: number;
  keepBodies: number;
}

// The defaults.
export function defaultHonorBehaviour(): HonorFakeBehaviour {
  return {
    failPrefix: "bad-",
    expirePrefix: "expired-",
    nextAnswers: [],
    retryAfterSeconds: null,
    tokenLifetimeSeconds: 3600,
    rejectClients: [],
    clientApps: {},
    timestampSkewMs: 10 * 60_000,
    marketingCapPerDay: 2,
    allCapPerDay: 3000,
    day: null,
    latencyMs: 0,
    keepBodies: 200,
  };
}
