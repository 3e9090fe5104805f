// What the fake FCM server answers for a token: the faults it can play, the rules that pick one, and
// the deterministic draw behind rates, exported so a test can predict which tokens fail.

// The FCM v1 answers the fake can give instead of success. HANG never answers (the client times out).
export const fakeFaults = [
  "UNREGISTERED",
  "INVALID_ARGUMENT",
  "QUOTA_EXCEEDED",
  "UNAVAILABLE",
  "INTERNAL",
  "SENDER_ID_MISMATCH",
  "THIRD_PARTY_AUTH_ERROR",
  "UNAUTHENTICATED",
  "HANG",
] as const;
export type FakeFault = (typeof fakeFaults)[number];

// Faults that belong to the token (drawn once per token); the rest are drawn per attempt, so a retry
// of a token that got UNAVAILABLE may succeed while an UNREGISTERED token stays dead.
const permanentFaults: ReadonlySet<FakeFault> = new Set(["UNREGISTERED", "INVALID_ARGUMENT"]);

// How the fake behaves; every field has a default (defaultBehaviour) and configure() replaces them.
export interface FakeBehaviour {
  // Token prefix -> fault, checked in insertion order.
  tokenPrefixes: Record<string, FakeFault>;
  // Exact token -> fault.
  tokens: Record<string, FakeFault>;
  // Share of tokens (permanent faults) or of requests (transient faults) that get each fault.
  rates: Partial<Record<FakeFault, number>>;
  // Seed of the deterministic draw behind `rates`.
  seed: number;
  // Retry-After (seconds) sent with QUOTA_EXCEEDED and UNAVAILABLE; null sends none.
  retryAfterSeconds: number | null;
  // Delay before every answer, to model a network round trip.
  latencyMs: number;
  // How many recent request bodies to keep for inspection (0 keeps none).
  keepBodies: number;
  // Service-account emails whose token requests the OAuth endpoint refuses (invalid_grant).
  rejectClientEmails: string[];
  // The service is down (Google's endpoints only; the control API keeps answering): "unavailable"
  // answers every request 503 UNAVAILABLE (with Retry-After as set), "reset" drops the connection the
  // request came on (the client sees its HTTP/2 session or socket reset). Until `until` (epoch ms),
  // or until configured back to null when `until` is null.
  outage: FakeOutage | null;
}

export interface FakeOutage {
  mode: "unavailable" | "reset";
  until: number | null;
}

// Whether the outage (if any) is on at `now`.
export function outageAt(behaviour: FakeBehaviour, now = Date.now()): FakeOutage | null {
  const outage = behaviour.outage;
  return outage && (outage.until === null || now < outage.until) ? outage : null;
}

// The defaults: predictable tokens by prefix, no random faults.
export function defaultBehaviour(): FakeBehaviour {
  return {
    tokenPrefixes: {
      "bad-": "UNREGISTERED",
      "malformed-": "INVALID_ARGUMENT",
      "quota-": "QUOTA_EXCEEDED",
      "unavailable-": "UNAVAILABLE",
      "internal-": "INTERNAL",
      "mismatch-": "SENDER_ID_MISMATCH",
      "apnsauth-": "THIRD_PARTY_AUTH_ERROR",
      "hang-": "HANG",
    },
    tokens: {},
    rates: {},
    seed: 1,
    retryAfterSeconds: 30,
    latencyMs: 0,
    keepBodies: 1000,
    rejectClientEmails: [],
    outage: null,
  };
}

// FNV-1a over the text and seed, as a number in [0, 1): cheap, stable across processes.
export function draw(text: string, seed: number): number {
  let hash = 0x811c9dc5 ^ seed;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  hash ^= hash >>> 15;
  hash = Math.imul(hash, 0x2c1b3c6d);
  hash ^= hash >>> 12;
  return (hash >>> 0) / 2 ** 32;
}

function pickByRate(faults: FakeFault[], rates: FakeBehaviour["rates"], value: number): FakeFault | null {
  let edge = 0;
  for (const fault of faults) {
    edge += rates[fault] ?? 0;
    if (value < edge) return fault;
  }
  return null;
}

// The fault a token always gets (rule or permanent rate), or null: what a test predicts with.
// The parts of a behaviour every request consults, worked out once per behaviour object (configure()
// and reset() make a new one): the prefix rules as a list, and which rates are set at all.
interface Derived {
  prefixes: Array<[string, FakeFault]>;
  hasTokens: boolean;
  permanent: FakeFault[];
  transient: FakeFault[];
}
const derivedOf = new WeakMap<FakeBehaviour, Derived>();
function derived(behaviour: FakeBehaviour): Derived {
  let value = derivedOf.get(behaviour);
  if (!value) {
    const rated = fakeFaults.filter((fault) => (behaviour.rates[fault] ?? 0) > 0);
    value = {
      prefixes: Object.entries(behaviour.tokenPrefixes),
      hasTokens: Object.keys(behaviour.tokens).length > 0,
      permanent: rated.filter((fault) => permanentFaults.has(fault)),
      transient: rated.filter((fault) => !permanentFaults.has(fault)),
    };
    derivedOf.set(behaviour, value);
  }
  return value;
}

export function permanentFaultFor(token: string, behaviour: FakeBehaviour): FakeFault | null {
  const rules = derived(behaviour);
  if (rules.hasTokens) {
    const exact = behaviour.tokens[token];
    if (exact) return exact;
  }
  for (const [prefix, fault] of rules.prefixes) if (token.startsWith(prefix)) return fault;
  return rules.permanent.length ? pickByRate(rules.permanent, behaviour.rates, draw(token, behaviour.seed)) : null;
}

// The fault for the `attempt`-th request (0-based) carrying this token, or null for success.
export function faultFor(token: string, attempt: number, behaviour: FakeBehaviour): FakeFault | null {
  const permanent = permanentFaultFor(token, behaviour);
  if (permanent) return permanent;
  const { transient } = derived(behaviour);
  return transient.length
    ? pickByRate(transient, behaviour.rates, draw(`${token}#${attempt}`, behaviour.seed ^ 0x5bd1e995))
    : null;
}
