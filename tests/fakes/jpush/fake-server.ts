// A loopback fake of JPush's Push API v3 over TLS: POST /v3/push and /v3/push/validate with HTTP Basic
// AppKey:MasterSecret, JPush's {sendno, msg_id} and {error:{code,message}} answers, X-Rate-Limit-Quota /
// -Remaining / -Reset on every reply and 429/2002 past the window's quota, 1011 when no target is known,
// and per-device daily caps on ops messages behind it. Records what it received and delivered.
import path from "node:path";
import { ReceiptPoster, type VendorFakeOptions } from "../receipt-poster";
import { jpushAsksDeliveryReceipts, jpushReceipts } from "./receipts";
import { arrivalData, chinaDay, startLoopbackFake, type FakeAnswer, type FakeRequest } from "../loopback-fake";
import { defaultJpushBehaviour, type FakeJpushApp, type FakeJpushBehaviour } from "./behaviour";
import { isObject, validatePush, type JpushProblem } from "./validate";

const tlsDir = path.join(import.meta.dirname, "tls");
// The self-signed certificate (api.jpush.cn, localhost, 127.0.0.1) clients must trust.
export const fakeJpushCaFile = path.join(tlsDir, "fake-jpush.crt");

// Per registration id.
export interface JpushTokenRecord {
  registrationId: string;
  accepted: number;
  delivered: number;
  capped: number;
  classifications: number[];
}

export interface JpushStats {
  pushes: number;
  validations: number;
  accepted: number;
  delivered: number;
  capped: number;
  // Error answers by JPush code (or HTTP_<status>).
  errors: Record<string, number>;
}

export interface JpushReceived {
  at: number;
  path: string;
  authorization: string | null;
  body: unknown;
}

export interface FakeJpushControl {
  configure(behaviour: Partial<FakeJpushBehaviour>): void;
  reset(): void;
  stats(): JpushStats;
  tokens(registrationIds?: string[]): JpushTokenRecord[];
  bodies(path?: string): JpushReceived[];
}

export interface FakeJpush extends FakeJpushControl {
  // The receipt mode (receipts.ts): off unless configured.
  receipts: ReceiptPoster;
  port: number;
  url: string;
  ca: string;
  caFile: string;
  close(): Promise<void>;
}

const emptyStats = (): JpushStats => ({ pushes: 0, validations: 0, accepted: 0, delivered: 0, capped: 0, errors: {} });

// Starts a fake JPush server on 127.0.0.1.
export async function startFakeJpush(options: VendorFakeOptions<FakeJpushBehaviour> = {}): Promise<FakeJpush> {
  const receipts = new ReceiptPoster(options.receipts);
  let behaviour: FakeJpushBehaviour = { ...defaultJpushBehaviour(), ...options.behaviour };
  let stats = emptyStats();
  let bodies: JpushReceived[] = [];
  const byId = new Map<string, JpushTokenRecord>();
  const opsArrivals = new Map<string, number>();
  const windows = new Map<string, { start: number; calls: number }>();
  let msgIds = 0;

  function rateHeaders(appKey: string): { headers: Record<string, string>; over: boolean } {
    const now = Date.now();
    const length = behaviour.windowSeconds * 1000;
    let window = windows.get(appKey);
    if (!window || now - window.start >= length) windows.set(appKey, (window = { start: now, calls: 0 }));
    window.calls += 1;
    const headers = {
      "x-rate-limit-quota": String(behaviour.callsPerWindow),
      "x-rate-limit-remaining": String(Math.max(0, behaviour.callsPerWindow - window.calls)),
      "x-rate-limit-reset": String(Math.ceil((window.start + length - now) / 1000)),
    };
    return { headers, over: window.calls > behaviour.callsPerWindow };
  }

  const refuse = (problem: JpushProblem, headers?: Record<string, string>): FakeAnswer => {
    const key = String(problem.code);
    stats.errors[key] = (stats.errors[key] ?? 0) + 1;
    return { status: problem.status, body: { error: { code: problem.code, message: problem.message } }, headers };
  };

  function app(authorization: string | null): FakeJpushApp | undefined {
    const match = /^Basic (.+)$/.exec(authorization ?? "");
    if (!match) return undefined;
    const [appKey, masterSecret] = Buffer.from(match[1]!, "base64").toString("utf8").split(":");
    return behaviour.apps.find((known) => known.appKey === appKey && known.masterSecret === masterSecret);
  }

  // Counts the push for each target; answers the ids it reached (not capped). `arrival`: the key-values
  // and TTL the shown pushes carry and whether the push asked for delivery receipts (reported to
  // options.onArrival).
  function deliver(
    ids: string[],
    classification: number,
    arrival: { data: Record<string, string>; ttl?: number; receipts: boolean },
  ): string[] {
    const reached: string[] = [];
    const day = chinaDay();
    const at = Date.now();
    for (const id of ids) {
      let record = byId.get(id);
      if (!record)
        byId.set(id, (record = { registrationId: id, accepted: 0, delivered: 0, capped: 0, classifications: [] }));
      record.accepted += 1;
      record.classifications.push(classification);
      stats.accepted += 1;
      const key = `${day}|${id}`;
      const count = opsArrivals.get(key) ?? 0;
      if (classification === 0 && count >= behaviour.marketingCapPerDevice) {
        record.capped += 1;
        stats.capped += 1;
        continue;
      }
      if (classification === 0) opsArrivals.set(key, count + 1);
      record.delivered += 1;
      stats.delivered += 1;
      reached.push(id);
      options.onArrival?.({
        token: id,
        data: arrival.data,
        at,
        ...(arrival.ttl !== undefined ? { ttlSeconds: arrival.ttl } : {}),
        receipt: arrival.receipts && !id.startsWith(receipts.config.deadPrefix),
      });
    }
    return reached;
  }

  function handle(request: FakeRequest): FakeAnswer {
    const authorization = typeof request.headers.authorization === "string" ? request.headers.authorization : null;
    if (behaviour.keepBodies > 0) {
      bodies.push({ at: Date.now(), path: request.path, authorization, body: request.json });
      if (bodies.length >= behaviour.keepBodies * 2) bodies = bodies.slice(-behaviour.keepBodies);
    }
    const validate = request.path === "/v3/push/validate";
    if (request.method !== "POST" || (request.path !== "/v3/push" && !validate))
      return refuse({ status: 404, code: 1000, message: "Not found" });
    const known = app(authorization);
    if (!known) return refuse({ status: 401, code: 1004, message: "Authen failed" });
    const { headers, over } = rateHeaders(known.appKey);
    const index = behaviour.next.findIndex((answer) => !answer.path || answer.path === request.path);
    if (index >= 0) {
      const [answer] = behaviour.next.splice(index, 1);
      return refuse(
        { status: answer!.status, code: answer!.code ?? 1000, message: answer!.message ?? "fake answer" },
        headers,
      );
    }
    if (over) return refuse({ status: 429, code: 2002, message: "Rate limit exceeded" }, headers);
    const checked = validatePush(request.json, behaviour.maxTtlSeconds);
    if ("code" in checked) return refuse(checked, headers);
    const targets = checked.targets === "all" ? [] : checked.targets;
    if (targets.some((id) => behaviour.malformedPrefixes.some((prefix) => id.startsWith(prefix))))
      return refuse({ status: 400, code: 1003, message: "Invalid registration_id value" }, headers);
    const live = targets.filter((id) => !behaviour.unknownPrefixes.some((prefix) => id.startsWith(prefix)));
    if (checked.targets !== "all" && live.length === 0) {
      // JPush names the push (msg_id) next to the error; the message says why no target was left.
      const message = "cannot find user by this audience or has been inactive for more than 255 days";
      const reply = refuse({ status: 400, code: 1011, message }, headers);
      return { ...reply, body: { msg_id: String(18_100_000_000 + ++msgIds), ...(reply.body as object) } };
    }
    const msgId = validate ? "0" : String(18_100_000_000 + ++msgIds);
    if (validate) stats.validations += 1;
    else {
      stats.pushes += 1;
      const body = request.json as {
        options: { classification: number; time_to_live?: unknown };
        notification?: { android?: { extras?: unknown } };
      };
      const ttl = isObject(body.options) ? body.options.time_to_live : undefined;
      const reached = deliver(live, isObject(body.options) ? body.options.classification : 0, {
        data: arrivalData(body.notification?.android?.extras),
        ...(typeof ttl === "number" ? { ttl } : {}),
        receipts: jpushAsksDeliveryReceipts(receipts.config, body),
      });
      if (receipts.config.enabled)
        receipts.post(jpushReceipts(receipts.config, { msgId, body, delivered: reached, ...known }));
    }
    const sendno = String((request.json as { options?: { sendno?: unknown } }).options?.sendno ?? 0);
    return { status: 200, headers, body: { sendno, msg_id: msgId } };
  }

  const control: FakeJpushControl = {
    configure: (changes) => void (behaviour = { ...behaviour, ...changes }),
    reset: () => {
      behaviour = { ...defaultJpushBehaviour(), ...options.behaviour };
      stats = emptyStats();
      bodies = [];
      byId.clear();
      opsArrivals.clear();
      windows.clear();
      receipts.reset();
    },
    stats: () => ({ ...stats, errors: { ...stats.errors } }),
    tokens: (ids) => (ids ? ids.flatMap((id) => byId.get(id) ?? []) : [...byId.values()]),
    bodies: (path) => (path ? bodies.filter((entry) => entry.path === path) : [...bodies]),
  };
  const server = await startLoopbackFake({
    keyFile: path.join(tlsDir, "fake-jpush.key"),
    certFile: fakeJpushCaFile,
    port: options.port,
    host: options.host,
    latencyMs: () => behaviour.latencyMs,
    handle,
    control: {
      "POST /__fake/configure": (input) => control.configure(input as Partial<FakeJpushBehaviour>),
      "POST /__fake/reset": () => control.reset(),
      "GET /__fake/stats": () => control.stats(),
      "POST /__fake/tokens": (input) => control.tokens(input.registrationIds as string[] | undefined),
      "GET /__fake/bodies": (input) => control.bodies(input.path as string | undefined),
      ...receipts.routes(),
    },
  });
  return { ...server, ...control, receipts };
}
