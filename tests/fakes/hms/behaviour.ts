// What the fake Huawei Push Kit answers: the knobs a test turns (every field has a default) and the
// per-token rule behind partial success.

// How the fake behaves; configure() merges into it, reset() restores the defaults.
export interface HmsFakeBehaviour {
  // Token prefix that makes a token illegal (listed in illegal_tokens; all illegal: 80300007).
  illegalPrefix: string;
  // Exact tokens that are illegal.
  illegalTokens: string[];
  // Codes the next send requests are answered with, one each, before any other rule ("80300008",
  // "81000001", "80200003", "80300002", "80100016", …; "503" answers HTTP 503 flow control, "hang" never answers).
  nextAnswers: string[];
  // Share of send requests answered HTTP 503 (flow control), drawn per request.
  flowControlRate: number;
  // Retry-After seconds on 503 answers; null sends none (Huawei documents none [unconfirmed]).
  retryAfterSeconds: number | null;
  // Lifetime of issued access tokens (Huawei: 3600 s).
  tokenLifetimeSeconds: number;
  // Client ids the token endpoint refuses.
  rejectClients: string[];
  // Whether the app holds Huawei's self-classification right: without it a service category counts as marketing.
  selfClassification: boolean;
  // Marketing arrivals per device per day (Huawei: 2, news apps 5) and arrivals of any class (3000).
  marketingCapPerDay: number;
  allCapPerDay: number;
  // The vendor's calendar day (YYYY-MM-DD, UTC+8) to count caps under; null: today.
  day: string | null;
  // Delay before every answer.
  latencyMs: number;
  // Recent request bodies kept for inspection.
  keepBodies: number;
}

// The defaults.
export function defaultHmsBehaviour(): HmsFakeBehaviour {
  return {
    illegalPrefix: "bad-",
    illegalTokens: [],
    nextAnswers: [],
    flowControlRate: 0,
    retryAfterSeconds: null,
    tokenLifetimeSeconds: 3600,
    rejectClients: [],
    selfClassification: true,
    marketingCapPerDay: 2,
    allCapPerDay: 3000,
    day: null,
    latencyMs: 0,
    keepBodies: 200,
  };
}

// True when the fake treats `token` as illegal.
export function isIllegal(token: string, behaviour: HmsFakeBehaviour): boolean {
  return token.startsWith(behaviour.illegalPrefix) || behaviour.illegalTokens.includes(token);
}
