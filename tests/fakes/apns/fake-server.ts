// A loopback fake of the APNs provider API over HTTP/2 and TLS (node:http2 createSecureServer): POST
// /3/device/<token> with a bearer JWT, Apple's request headers and a JSON payload; 200 with an apns-id
// header, or Apple's status with {"reason"} (and "timestamp" for 410). Sources: developer.apple.com
// "Sending notification requests to APNs" (path, headers, values, 4096-byte payload), "Handling
// notification responses from APNs" (statuses and reasons), "Establishing a token-based connection to
// APNs" (jwt.ts), VENDORS.md Part 2. Records what it accepted; control API under /__fake/* (HTTP/1.1 or
// HTTP/2) for a fake in another process.
import { randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import http2 from "node:http2";
import path from "node:path";
import { listenFake, type ArrivalListener, type ControlRoutes, type FakeArrival } from "../loopback-fake";
import {
  defaultApnsBehaviour,
  fakeApnsKey,
  type FakeApnsAnswer,
  type FakeApnsBehaviour,
  type FakeApnsKey,
} from "./behaviour";
import { JwtChecker } from "./jwt";

const tlsDir = path.join(import.meta.dirname, "tls");
// The self-signed certificate (api.push.apple.com, api.sandbox.push.apple.com, localhost, 127.0.0.1).
export const fakeApnsCaFile = path.join(tlsDir, "fake-apns.crt");

// apns-push-type values Apple documents.
const pushTypes = new Set([
  "alert",
  "background",
  "location",
  "voip",
  "complication",
  "fileprovider",
  "mdm",
  "liveactivity",
  "pushtotalk",
  "widgets",
  "controls",
]);
const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const maxPayloadBytes = 4096;

// One accepted push, as the device would get it.
export interface ApnsReceived {
  at: number;
  token: string;
  apnsId: string;
  topic: string;
  pushType: string;
  priority: number;
  expiration: number | null;
  collapseId: string | null;
  payload: Record<string, unknown>;
}

export interface ApnsStats {
  requests: number;
  accepted: number;
  // Accepted pushes whose herald_d (delivery id) had been accepted before.
  duplicates: number;
  // Refusals by reason.
  errors: Record<string, number>;
  // Distinct JWTs seen.
  jwts: number;
  // HTTP/2 connections opened.
  sessions: number;
  // Streams the client reset before the request was complete (not answered, not counted as requests).
  resets: number;
  // Most push requests the fake held at once (received, not yet answered).
  maxInFlight: number;
}

export interface FakeApnsControl {
  configure(behaviour: Partial<FakeApnsBehaviour>): void;
  // Adds a key Apple issued (another team, a rotated key).
  registerKey(key: FakeApnsKey): void;
  // Treats every provider token seen so far as more than an hour old (ExpiredProviderToken).
  ageTokens(): void;
  // Queues answers for a token's next requests.
  script(token: string, answers: FakeApnsAnswer[]): void;
  reset(): void;
  stats(): ApnsStats;
  received(token?: string): ApnsReceived[];
}

export interface FakeApns extends FakeApnsControl {
  port: number;
  url: string;
  ca: string;
  caFile: string;
  close(): Promise<void>;
}

export interface FakeApnsOptions {
  port?: number;
  host?: string;
  behaviour?: Partial<FakeApnsBehaviour>;
  onArrival?: ArrivalListener;
}

const emptyStats = (): ApnsStats => ({
  requests: 0,
  accepted: 0,
  duplicates: 0,
  errors: {},
  jwts: 0,
  sessions: 0,
  resets: 0,
  maxInFlight: 0,
});

// The string key-values an app reads from the payload (everything beside aps).
function payloadData(payload: Record<string, unknown>): Record<string, string> {
  const data: Record<string, string> = {};
  for (const [key, value] of Object.entries(payload)) if (key !== "aps" && typeof value === "string") data[key] = value;
  return data;
}

export async function startFakeApns(options: FakeApnsOptions = {}): Promise<FakeApns> {
  let behaviour: FakeApnsBehaviour = { ...defaultApnsBehaviour(), ...options.behaviour };
  const jwt = new JwtChecker();
  jwt.register(fakeApnsKey());
  let stats = emptyStats();
  let received: ApnsReceived[] = [];
  let deliveredIds = new Set<string>();
  const unregisteredAt = new Map<string, number>();

  const refuse = (reason: string) => {
    stats.errors[reason] = (stats.errors[reason] ?? 0) + 1;
  };

  // The answer to one push request.
  function answerPush(
    headers: http2.IncomingHttpHeaders,
    body: Buffer,
  ): { status: number; body?: object; apnsId: string; retryAfterSeconds?: number } {
    const requestId = headers["apns-id"];
    const apnsId = typeof requestId === "string" && uuid.test(requestId) ? requestId.toLowerCase() : randomUUID();
    const fail = (status: number, reason: string, extra: object = {}) => {
      refuse(reason);
      return { status, body: { reason, ...extra }, apnsId };
    };
    const method = headers[":method"];
    const match = /^\/3\/device\/([^/?]*)$/.exec(String(headers[":path"] ?? ""));
    if (!match) return fail(404, "BadPath");
    if (method !== "POST") return fail(405, "MethodNotAllowed");
    // Authentication first: APNs refuses a bad provider token whatever the rest.
    const now = Math.floor(Date.now() / 1000) + behaviour.clockSkewSeconds;
    const auth = jwt.check(headers.authorization, now, behaviour.tokenMaxAgeSeconds);
    if (!auth.ok) return fail(403, auth.reason);
    if (requestId !== undefined && !(typeof requestId === "string" && uuid.test(requestId)))
      return fail(400, "BadMessageId");
    const topic = headers["apns-topic"];
    if (typeof topic !== "string" || !topic) return fail(400, "MissingTopic");
    if (!/^[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+$/.test(topic)) return fail(400, "BadTopic");
    if (!auth.key.topics.includes(topic)) return fail(400, "TopicDisallowed");
    const pushType = String(headers["apns-push-type"] ?? "alert");
    if (!pushTypes.has(pushType)) return fail(400, "InvalidPushType");
    const priorityText = headers["apns-priority"];
    const priority = priorityText === undefined ? 10 : Number(priorityText);
    if (![10, 5, 1].includes(priority)) return fail(400, "BadPriority");
    // Apple: a background push must have priority 5 (10 is an error).
    if (pushType === "background" && priority === 10) return fail(400, "BadPriority");
    const expirationText = headers["apns-expiration"];
    const expiration = expirationText === undefined ? null : Number(expirationText);
    if (expiration !== null && !(Number.isInteger(expiration) && expiration >= 0))
      return fail(400, "BadExpirationDate");
    const collapseHeader = headers["apns-collapse-id"];
    const collapseId = typeof collapseHeader === "string" ? collapseHeader : null;
    if (collapseId !== null && Buffer.byteLength(collapseId) > 64) return fail(400, "BadCollapseId");
    if (body.length === 0) return fail(400, "PayloadEmpty");
    if (body.length > maxPayloadBytes) return fail(413, "PayloadTooLarge");
    let payload: Record<string, unknown>;
    try {
      payload = JSON.parse(body.toString("utf8")) as Record<string, unknown>;
    } catch {
      return fail(400, "BadPayload");
    }
    if (typeof payload !== "object" || payload === null || typeof payload.aps !== "object")
      return fail(400, "BadPayload");
    const token = match[1]!;
    // Tokens are 32 bytes today; a token no device has (all zeros) is as bad as a malformed one.
    if (!/^[0-9a-f]{64}$/i.test(token) || /^0+$/.test(token)) return fail(400, "BadDeviceToken");
    if (behaviour.unregistered.includes(token) || behaviour.unregisteredPrefixes.some((p) => token.startsWith(p))) {
      if (!unregisteredAt.has(token)) unregisteredAt.set(token, Date.now() - 60_000);
      return fail(410, "Unregistered", { timestamp: unregisteredAt.get(token) });
    }
    const scripted = behaviour.scripts[token]?.shift() ?? behaviour.next.shift();
    if (scripted) {
      const extra = scripted.status === 410 ? { timestamp: Date.now() - 60_000 } : {};
      const answer = fail(scripted.status, scripted.reason, extra);
      return scripted.retryAfterSeconds === undefined
        ? answer
        : { ...answer, retryAfterSeconds: scripted.retryAfterSeconds };
    }
    stats.accepted++;
    const data = payloadData(payload);
    const deliveryId = data.herald_d;
    if (deliveryId) {
      if (deliveredIds.has(deliveryId)) stats.duplicates++;
      else deliveredIds.add(deliveryId);
    }
    const at = Date.now();
    if (behaviour.keepRequests)
      received.push({
        at,
        token,
        apnsId,
        topic,
        pushType,
        priority,
        expiration,
        collapseId,
        payload,
      });
    if (options.onArrival) {
      const arrival: FakeArrival = { token, data, at };
      if (expiration !== null) arrival.ttlSeconds = Math.max(0, expiration - Math.floor(at / 1000));
      options.onArrival(arrival);
    }
    return { status: 200, apnsId };
  }

  const control: FakeApnsControl = {
    configure(change) {
      behaviour = { ...behaviour, ...change };
      if (change.maxConcurrentStreams !== undefined)
        server.updateSettings({ maxConcurrentStreams: change.maxConcurrentStreams });
    },
    registerKey: (key) => jwt.register(key),
    ageTokens: () => jwt.ageSeen(),
    script(token, answers) {
      behaviour.scripts = { ...behaviour.scripts, [token]: [...(behaviour.scripts[token] ?? []), ...answers] };
    },
    reset() {
      behaviour = { ...defaultApnsBehaviour(), ...options.behaviour };
      jwt.reset([fakeApnsKey()]);
      stats = emptyStats();
      received = [];
      deliveredIds = new Set();
      unregisteredAt.clear();
    },
    stats: () => ({ ...stats, errors: { ...stats.errors }, jwts: jwt.seen.size }),
    received: (token) => (token ? received.filter((push) => push.token === token) : [...received]),
  };

  const routes: ControlRoutes = {
    "POST /__fake/configure": (input) => control.configure(input as Partial<FakeApnsBehaviour>),
    "POST /__fake/keys": (input) => control.registerKey(input as unknown as FakeApnsKey),
    "POST /__fake/age-tokens": () => control.ageTokens(),
    "POST /__fake/script": (input) => control.script(String(input.token), input.answers as FakeApnsAnswer[]),
    "POST /__fake/reset": () => control.reset(),
    "GET /__fake/stats": () => control.stats(),
    "GET /__fake/received": (input) => control.received(typeof input.token === "string" ? input.token : undefined),
  };

  const server = http2.createSecureServer({
    key: readFileSync(path.join(tlsDir, "fake-apns.key")),
    cert: readFileSync(fakeApnsCaFile),
    // The control API is plain HTTPS (tests/fakes/loopback-fake.ts FakeControlClient).
    allowHTTP1: true,
    settings: { maxConcurrentStreams: behaviour.maxConcurrentStreams },
  });
  const sessions = new Set<http2.ServerHttp2Session>();
  let inFlight = 0;
  server.on("session", (session) => {
    stats.sessions++;
    sessions.add(session);
    session.on("close", () => sessions.delete(session));
  });
  server.on("request", (req: http2.Http2ServerRequest, res: http2.Http2ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const body = Buffer.concat(chunks);
      const url = new URL(req.url ?? "/", "https://fake");
      if (url.pathname.startsWith("/__fake/")) {
        const route = routes[`${req.method} ${url.pathname}`];
        const reply = (status: number, value: unknown) =>
          res.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(value ?? {}));
        if (!route) return reply(404, { error: `no control route ${req.method} ${url.pathname}` });
        try {
          const input =
            req.method === "GET" ? Object.fromEntries(url.searchParams) : body.length ? JSON.parse(String(body)) : {};
          return void Promise.resolve(route(input as Record<string, unknown>)).then(
            (value) => reply(200, value),
            (error: unknown) => reply(400, { error: String(error) }),
          );
        } catch (error) {
          return reply(400, { error: String(error) });
        }
      }
      // A stream the client reset (its timeout, a cancelled request) never was a complete request.
      if (req.aborted || res.closed || res.destroyed) return void stats.resets++;
      stats.requests++;
      const answer = answerPush(req.headers, body);
      inFlight++;
      stats.maxInFlight = Math.max(stats.maxInFlight, inFlight);
      const respond = () => {
        inFlight--;
        if (res.closed || res.destroyed) return;
        const headers: Record<string, string> = { "apns-id": answer.apnsId };
        if (!answer.body) return void res.writeHead(answer.status, headers).end();
        if (answer.retryAfterSeconds !== undefined) headers["retry-after"] = String(answer.retryAfterSeconds);
        res
          .writeHead(answer.status, { ...headers, "content-type": "application/json" })
          .end(JSON.stringify(answer.body));
      };
      if (behaviour.latencyMs > 0) setTimeout(respond, behaviour.latencyMs);
      else respond();
    });
  });
  const where = await listenFake(server, options, fakeApnsCaFile);
  return {
    ...control,
    ...where,
    close: () =>
      new Promise<void>((resolve) => {
        for (const session of sessions) session.destroy();
        server.close(() => resolve());
      }),
  };
}
