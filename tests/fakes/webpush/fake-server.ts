// A loopback fake push service (the part of Mozilla autopush / FCM web push a sender talks to), over
// TLS: one HTTPS server whose endpoints are https://127.0.0.1:<port>/push/<id>, one per subscription
// it made (subscribe(), or POST /__fake/subscribe from another process). Every push is checked the way
// the services document it (README.md): the VAPID header (401), the key the subscription was made
// with (403), TTL, Content-Encoding aes128gcm, Urgency and Topic (400), the body at most 4096 bytes
// (413); then it is DECRYPTED with the subscription's private key (a body the browser could not read
// is refused 400), unless started with decrypt: false (the benchmark: headers and size only).
// Scripted answers per subscription (404, 410, 429 with Retry-After, 5xx...) come before the checks
// but the VAPID one. Records every push and what the device read.
import { randomUUID } from "node:crypto";
import path from "node:path";
import {
  startLoopbackFake,
  type ArrivalListener,
  type FakeAnswer,
  type FakeRequest,
  type RunningFake,
} from "../loopback-fake";
import {
  checkVapid,
  decryptPush,
  DecryptError,
  newSubscriptionKeys,
  parseAes128gcmHeader,
  type BrowserSubscription,
} from "./crypto";

const tlsDir = path.join(import.meta.dirname, "tls");
export const fakeWebPushCaFile = path.join(tlsDir, "fake-webpush.crt");

// Largest request body push services accept (RFC 8030 §7.2 requires at least 4096).
export const maxBodyBytes = 4096;

// One scripted answer for a subscription's next push.
export interface ScriptedAnswer {
  status: number;
  retryAfter?: string;
  body?: string;
}

// One push as the fake handled it.
export interface WebPushRecord {
  at: number;
  subscriptionId: string;
  status: number;
  reason: string | null;
  ttl: number | null;
  urgency: string | null;
  topic: string | null;
  bytes: number;
  // The VAPID JWT's claims, when it verified.
  vapid: { aud: string; exp: number; sub: string; publicKey: string } | null;
  // The decrypted plaintext (as UTF-8 text), when accepted and decrypted.
  plaintext: string | null;
}

export interface FakeWebPushStats {
  requests: number;
  accepted: number;
  // Accepted pushes to a subscription that had accepted one before (a benchmark's "sent twice").
  repeats: number;
  refused: Record<string, number>;
  subscriptions: number;
}

export interface FakeWebPushOptions {
  port?: number;
  host?: string;
  // Decrypt every accepted body (default true); false checks headers and size only.
  decrypt?: boolean;
  // Keep per-push records (default true; the benchmark turns them off).
  record?: boolean;
  latencyMs?: number;
  // Called for each accepted push with what the device read (the simulator listens).
  onArrival?: ArrivalListener;
  // Benchmark mode: subscriptions b1 … bN exist without being made one by one (their keys are the
  // sender's business; needs decrypt: false, as the fake holds no private key for them).
  benchSubscriptions?: number;
}

export interface FakeWebPush extends RunningFake {
  // A new browser subscription under this service (applicationServerKey: the site's VAPID public key).
  subscribe(applicationServerKey?: string | null): BrowserSubscription;
  // The next answers for a subscription's pushes, in order (then the normal checks again).
  script(subscriptionId: string, answers: ScriptedAnswer[]): void;
  // Forget a subscription: its pushes answer 410 Gone, as when the user revoked the permission.
  unsubscribe(subscriptionId: string): void;
  records(subscriptionId?: string): WebPushRecord[];
  // The JSON payloads a subscription's browser decrypted, in arrival order.
  received(subscriptionId: string): unknown[];
  stats(): FakeWebPushStats;
  reset(): void;
}

// Starts the fake push service on 127.0.0.1; resolves once it listens.
export async function startFakeWebPush(options: FakeWebPushOptions = {}): Promise<FakeWebPush> {
  const decrypt = options.decrypt ?? true;
  const benchCount = options.benchSubscriptions ?? 0;
  if (benchCount && decrypt) throw new Error("benchSubscriptions needs decrypt: false");
  // A benchmark subscription: known, made for any key, never decrypted.
  const benchSubscription = (id: string): BrowserSubscription | undefined => {
    const n = /^b(\d+)$/.exec(id);
    if (!n || Number(n[1]) < 1 || Number(n[1]) > benchCount) return undefined;
    return {
      id,
      endpoint: "",
      keys: { p256dh: "", auth: "" },
      ecdh: null as never,
      authSecret: Buffer.alloc(0),
      applicationServerKey: null,
    };
  };
  const keepRecords = options.record ?? true;
  const subscriptions = new Map<string, BrowserSubscription>();
  const gone = new Set<string>();
  const scripts = new Map<string, ScriptedAnswer[]>();
  let records: WebPushRecord[] = [];
  let stats: FakeWebPushStats = { requests: 0, accepted: 0, repeats: 0, refused: {}, subscriptions: 0 };
  let acceptedIds = new Set<string>();
  // Verified JWTs (a sender reuses one for hours): the signature is checked once, exp every time.
  const verified = new Map<string, { aud: string; exp: number; sub: string; publicKey: string }>();
  let origin = "";

  const refuse = (
    status: number,
    reason: string,
    extra: Partial<WebPushRecord>,
    headers?: Record<string, string>,
  ): FakeAnswer => {
    stats.refused[String(status)] = (stats.refused[String(status)] ?? 0) + 1;
    if (keepRecords) records.push({ ...blankRecord(), ...extra, status, reason });
    // autopush answers errors as JSON {code, errno, error, message}.
    return {
      status,
      body: { code: status, errno: status * 10, error: reason, message: reason },
      ...(headers ? { headers } : {}),
    };
  };

  function handle(request: FakeRequest): FakeAnswer {
    stats.requests++;
    const match = /^\/push\/([A-Za-z0-9_-]+)$/.exec(request.path);
    if (request.method !== "POST" || !match) return refuse(404, "not a push endpoint", {});
    const id = match[1]!;
    const h = request.headers;
    const base: Partial<WebPushRecord> = {
      at: Date.now(),
      subscriptionId: id,
      ttl: h.ttl !== undefined ? Number(h.ttl) : null,
      urgency: (h.urgency as string | undefined) ?? null,
      topic: (h.topic as string | undefined) ?? null,
      bytes: request.body.length,
    };
    // RFC 8292 §4: a push without a valid VAPID header is refused before anything else is looked at.
    const token = String(h.authorization ?? "");
    let vapid = verified.get(token);
    const now = Math.floor(Date.now() / 1000);
    if (!vapid || vapid.exp <= now) {
      const check = checkVapid(h.authorization, origin, now);
      if (!check.ok) return refuse(check.status, check.reason, base);
      vapid = { ...check.claims, publicKey: check.publicKey };
      if (verified.size > 1000) verified.clear();
      verified.set(token, vapid);
    }
    base.vapid = vapid;
    const subscription = subscriptions.get(id) ?? (benchCount ? benchSubscription(id) : undefined);
    if (gone.has(id)) return refuse(410, "subscription expired or unsubscribed", base);
    if (!subscription) return refuse(404, "no such subscription", base);
    const scripted = scripts.get(id)?.shift();
    if (scripted) {
      return refuse(
        scripted.status,
        scripted.body ?? `scripted ${scripted.status}`,
        base,
        scripted.retryAfter ? { "Retry-After": scripted.retryAfter } : undefined,
      );
    }
    // The key the subscription was made with must sign its pushes (autopush and FCM answer 403).
    if (subscription.applicationServerKey && subscription.applicationServerKey !== vapid.publicKey)
      return refuse(403, "VAPID key does not match the subscription's applicationServerKey", base);
    if (h.ttl === undefined || !/^\d+$/.test(String(h.ttl)))
      return refuse(400, "TTL header missing or not a number", base);
    if (h.urgency !== undefined && !["very-low", "low", "normal", "high"].includes(String(h.urgency)))
      return refuse(400, "Urgency must be very-low, low, normal or high", base);
    if (h.topic !== undefined && !/^[A-Za-z0-9_-]{1,32}$/.test(String(h.topic)))
      return refuse(400, "Topic must be at most 32 base64url characters", base);
    if (request.body.length > maxBodyBytes) return refuse(413, `body over ${maxBodyBytes} bytes`, base);
    if (request.body.length > 0 && String(h["content-encoding"] ?? "") !== "aes128gcm")
      return refuse(400, "Content-Encoding must be aes128gcm", base);
    let plaintext: string | null = null;
    try {
      if (decrypt && request.body.length > 0) plaintext = decryptPush(request.body, subscription).toString("utf8");
      else if (request.body.length > 0) parseAes128gcmHeader(request.body);
    } catch (error) {
      if (error instanceof DecryptError) return refuse(400, `cannot decrypt: ${error.message}`, base);
      throw error;
    }
    stats.accepted++;
    if (acceptedIds.has(id)) stats.repeats++;
    else acceptedIds.add(id);
    if (keepRecords) records.push({ ...blankRecord(), ...base, status: 201, reason: null, plaintext });
    if (options.onArrival && plaintext !== null) {
      let data: Record<string, string> = {};
      try {
        const parsed = JSON.parse(plaintext) as { data?: Record<string, string> };
        data = parsed.data ?? {};
      } catch {
        data = {};
      }
      options.onArrival({
        token: subscriptionTokenOf(subscription),
        data,
        at: Date.now(),
        ttlSeconds: base.ttl ?? undefined,
      });
    }
    const messageId = randomUUID();
    return { status: 201, body: "", headers: { Location: `${origin}/m/${messageId}` } };
  }

  const control = {
    "POST /__fake/subscribe": (input: Record<string, unknown>) => {
      const count = Math.max(1, Math.min(100_000, Number(input.count ?? 1)));
      const key = typeof input.applicationServerKey === "string" ? input.applicationServerKey : null;
      return Array.from({ length: count }, () => publicView(fake.subscribe(key)));
    },
    "POST /__fake/script": (input: Record<string, unknown>) => {
      fake.script(String(input.subscriptionId), (input.answers as ScriptedAnswer[]) ?? []);
      return {};
    },
    "POST /__fake/unsubscribe": (input: Record<string, unknown>) => {
      fake.unsubscribe(String(input.subscriptionId));
      return {};
    },
    "POST /__fake/received": (input: Record<string, unknown>) => fake.received(String(input.subscriptionId)),
    "GET /__fake/stats": () => fake.stats(),
    "POST /__fake/reset": () => {
      fake.reset();
      return {};
    },
  };

  const running = await startLoopbackFake({
    keyFile: path.join(tlsDir, "fake-webpush.key"),
    certFile: fakeWebPushCaFile,
    port: options.port,
    host: options.host,
    handle,
    control,
    latencyMs: () => options.latencyMs ?? 0,
  });
  origin = running.url;

  const fake: FakeWebPush = {
    ...running,
    subscribe(applicationServerKey = null) {
      const id = randomUUID().replace(/-/g, "");
      const { ecdh, authSecret, keys } = newSubscriptionKeys();
      const subscription: BrowserSubscription = {
        id,
        endpoint: `${origin}/push/${id}`,
        keys,
        ecdh,
        authSecret,
        applicationServerKey,
      };
      subscriptions.set(id, subscription);
      stats.subscriptions++;
      return subscription;
    },
    script(subscriptionId, answers) {
      scripts.set(subscriptionId, [...(scripts.get(subscriptionId) ?? []), ...answers]);
    },
    unsubscribe(subscriptionId) {
      gone.add(subscriptionId);
    },
    records: (subscriptionId) =>
      subscriptionId ? records.filter((r) => r.subscriptionId === subscriptionId) : records,
    received: (subscriptionId) =>
      records
        .filter((r) => r.subscriptionId === subscriptionId && r.status === 201 && r.plaintext !== null)
        .map((r) => JSON.parse(r.plaintext!) as unknown),
    stats: () => ({ ...stats, refused: { ...stats.refused } }),
    reset() {
      records = [];
      scripts.clear();
      stats = { requests: 0, accepted: 0, repeats: 0, refused: {}, subscriptions: subscriptions.size };
      acceptedIds = new Set();
    },
  };
  return fake;
}

function blankRecord(): WebPushRecord {
  return {
    at: Date.now(),
    subscriptionId: "",
    status: 0,
    reason: null,
    ttl: null,
    urgency: null,
    topic: null,
    bytes: 0,
    vapid: null,
    plaintext: null,
  };
}

// What a browser hands the site: PushSubscription.toJSON() (endpoint and keys), and the id.
export function publicView(subscription: BrowserSubscription) {
  return { id: subscription.id, endpoint: subscription.endpoint, keys: subscription.keys };
}

// The subscription as Herald stores it (lib/channels/webpush.ts subscriptionToken): endpoint, keys.
export function subscriptionTokenOf(subscription: Pick<BrowserSubscription, "endpoint" | "keys">): string {
  return JSON.stringify({
    endpoint: subscription.endpoint,
    keys: { p256dh: subscription.keys.p256dh, auth: subscription.keys.auth },
  });
}
