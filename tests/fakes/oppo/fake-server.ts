// A loopback fake of OPPO Push over TLS: POST /server/v1/auth (sha256 sign, ±10 min timestamp, 24 h
// tokens, code 14/16/19), unicast (form field message=<JSON>) and unicast_batch (messages=<JSON array>,
// up to 1,000, answered code 0 with a per-item errorCode for the items that failed), code 11 for an
// unknown or expired auth_token, -2 flow control, 33 when the app's daily marketing quota is spent,
// scripted answers, and per-device daily caps on marketing arrivals (OPPO holds them back silently).
// Records requests and arrivals. Runs in-process (startFakeOppo) or as its own process (server.ts).
import { createHash, randomBytes } from "node:crypto";
import path from "node:path";
import {
  arrivalData,
  chinaDay,
  startLoopbackFake,
  type FakeAnswer,
  type FakeRequest,
  type RunningFake,
} from "../loopback-fake";
import { oppoClassOf, validateOppoMessage } from "./validate";
import { oppoDeliveryReceipt, oppoReceipts, type OppoShown } from "./receipts";
import { ReceiptPoster, type VendorFakeOptions } from "../receipt-poster";
import {
  defaultOppoBehaviour,
  type FakeOppoApp,
  type FakeOppoBehaviour,
  type FakeOppoControl,
  type OppoArrival,
  type OppoRequestRecord,
} from "./behaviour";

const tlsDir = path.join(import.meta.dirname, "tls");
export const fakeOppoCaFile = path.join(tlsDir, "fake-oppo.crt");

// receipts: the receipt mode (receipts.ts), off unless configured.
export type FakeOppo = FakeOppoControl & RunningFake & { receipts: ReceiptPoster };

const ok = (data: unknown) => ({ status: 200, body: { code: 0, message: "Success", data } });
const fail = (code: number, message: string) => ({ status: 200, body: { code, message } });
const sendPaths = ["/server/v1/message/notification/unicast", "/server/v1/message/notification/unicast_batch"];

// Starts a fake OPPO Push; resolves once it listens on 127.0.0.1.
export async function startFakeOppo(options: VendorFakeOptions<FakeOppoBehaviour> = {}): Promise<FakeOppo> {
  const receipts = new ReceiptPoster(options.receipts);
  // The messages the request being answered made arrive (for its receipts).
  let shown: OppoShown[] = [];
  let behaviour: FakeOppoBehaviour = { ...defaultOppoBehaviour(), ...options.behaviour };
  let tokens = new Map<string, { app: FakeOppoApp; expiresAt: number }>();
  let requests: OppoRequestRecord[] = [];
  let arrivals: OppoArrival[] = [];
  let auths = 0;
  let itemErrors: Record<string, number> = {};
  let perSecond = { second: 0, count: 0 };
  let quota = { day: "", count: 0 };
  let perDevice = new Map<string, number>();
  let seenIds = new Set<string>();
  let sequence = 0;
  const now = () => behaviour.nowMs ?? Date.now();

  function auth(form: URLSearchParams): FakeAnswer {
    auths += 1;
    const scripted = behaviour.authFailNext.shift();
    if (scripted?.http) return { status: scripted.http, body: "" };
    if (scripted) return fail(scripted.code ?? -1, "scripted failure");
    const app = behaviour.apps.find((candidate) => candidate.appKey === form.get("app_key"));
    if (!app) return fail(14, "Invalid AppKey");
    const timestamp = Number(form.get("timestamp"));
    if (!Number.isInteger(timestamp) || Math.abs(now() - timestamp) > 10 * 60_000) return fail(19, "Invalid Timestamp");
    const sign = createHash("sha256").update(`${app.appKey}${timestamp}${app.masterSecret}`).digest("hex");
    if (form.get("sign") !== sign) return fail(16, "Invalid Sign");
    const token = randomBytes(18).toString("hex");
    tokens.set(token, { app, expiresAt: now() + behaviour.tokenLifetimeMs });
    return ok({ auth_token: token, create_time: now() });
  }

  // One message of a send: its per-item code and message id.
  // OPPO numbers every message it receives, failed ones included (developmentDoc 11236's batch example).
  const nextId = () => `${(++sequence).toString(16).padStart(8, "0")}-1-fake`;
  function deliver(
    app: FakeOppoApp,
    message: Record<string, unknown>,
  ): { errorCode: number; messageId?: string; text?: string } {
    const problem = validateOppoMessage(message, {
      privateChannelIds: app.privateChannelIds,
      bannerRight: app.bannerRight,
      requireCategory: behaviour.requireCategory,
    });
    if (problem) return { errorCode: problem.code, text: problem.message, messageId: nextId() };
    const regId = String(message.target_value);
    if (behaviour.invalidRegIds.includes(regId) || behaviour.invalidPrefixes.some((prefix) => regId.startsWith(prefix)))
      return { errorCode: 10000, text: "Invalid Registration_id", messageId: nextId() };
    const notification = message.notification as Record<string, unknown>;
    const messageClass = oppoClassOf(notification.category);
    const day = chinaDay(now());
    if (messageClass === "marketing") {
      if (quota.day !== day) quota = { day, count: 0 };
      if (behaviour.dailyMarketingQuota !== null && quota.count >= behaviour.dailyMarketingQuota)
        return { errorCode: 33, text: "The number of messages exceeds the daily limit", messageId: nextId() };
      quota.count += 1;
    }
    const messageId = nextId();
    const appMessageId = notification.app_message_id;
    if (appMessageId !== undefined && seenIds.has(`${regId}|${String(appMessageId)}`)) {
      arrivals.push({ regId, messageId, day, messageClass, message, dropped: "duplicate" });
      return { errorCode: 0, messageId };
    }
    if (appMessageId !== undefined) seenIds.add(`${regId}|${String(appMessageId)}`);
    const key = `${day}|${regId}`;
    const count = messageClass === "marketing" ? (perDevice.get(key) ?? 0) + 1 : 0;
    if (messageClass === "marketing") perDevice.set(key, count);
    const dropped = count > behaviour.marketingPerDeviceDaily ? ("device_cap" as const) : null;
    arrivals.push({ regId, messageId, day, messageClass, message, dropped });
    if (!dropped && receipts.config.enabled) shown.push({ regId, messageId, notification });
    const ttl = Number(notification.off_line_ttl ?? NaN);
    if (!dropped)
      options.onArrival?.({
        token: regId,
        data: arrivalData(notification.action_parameters),
        at: now(),
        ...(Number.isFinite(ttl) ? { ttlSeconds: ttl } : {}),
        receipt: oppoDeliveryReceipt(receipts.config, regId, notification),
      });
    return { errorCode: 0, messageId };
  }

  function send(request: FakeRequest): { reply: FakeAnswer; messages: unknown[]; token: string | null } {
    const header = request.headers.auth_token;
    const token = request.form.get("auth_token") ?? (typeof header === "string" ? header : null);
    const known = token ? tokens.get(token) : undefined;
    if (!known || known.expiresAt <= now()) return { reply: fail(11, "Invalid AuthToken"), messages: [], token };
    const scripted = behaviour.failNext.shift();
    if (scripted?.http) return { reply: { status: scripted.http, body: "" }, messages: [], token };
    if (scripted)
      return { reply: fail(scripted.code ?? -1, scripted.message ?? "scripted failure"), messages: [], token };
    const second = Math.floor(now() / 1000);
    if (perSecond.second !== second) perSecond = { second, count: 0 };
    if (behaviour.maxRequestsPerSecond !== null && ++perSecond.count > behaviour.maxRequestsPerSecond)
      return { reply: fail(-2, "Flow Control"), messages: [], token };
    const batch = request.path.endsWith("_batch");
    let parsed: unknown;
    try {
      parsed = JSON.parse(request.form.get(batch ? "messages" : "message") ?? "");
    } catch {
      return {
        reply: fail(40, `Invalid parameter: ${batch ? "messages" : "message"} is not JSON`),
        messages: [],
        token,
      };
    }
    if (!batch) {
      const result = deliver(known.app, parsed as Record<string, unknown>);
      const reply =
        result.errorCode === 0 ? ok({ messageId: result.messageId }) : fail(result.errorCode, result.text ?? "");
      return { reply, messages: [parsed], token };
    }
    if (!Array.isArray(parsed) || parsed.length === 0)
      return { reply: fail(40, "messages must be a JSON array"), messages: [], token };
    if (parsed.length > 1000) return { reply: fail(41, "messages: at most 1000"), messages: parsed, token };
    const data = parsed.map((message) => {
      const result = deliver(known.app, message as Record<string, unknown>);
      const registrationId = String((message as { target_value?: unknown }).target_value ?? "");
      if (result.errorCode === 0) return { messageId: result.messageId, registrationId };
      itemErrors[result.errorCode] = (itemErrors[result.errorCode] ?? 0) + 1;
      return { messageId: result.messageId, registrationId, errorCode: result.errorCode, errorMessage: result.text };
    });
    return { reply: ok(behaviour.batchDataAsString ? JSON.stringify(data) : data), messages: parsed, token };
  }

  const control: FakeOppoControl = {
    configure: (change) => void (behaviour = { ...behaviour, ...change }),
    reset: () => {
      behaviour = { ...defaultOppoBehaviour(), ...options.behaviour };
      tokens = new Map();
      requests = [];
      arrivals = [];
      auths = 0;
      itemErrors = {};
      perSecond = { second: 0, count: 0 };
      quota = { day: "", count: 0 };
      perDevice = new Map();
      seenIds = new Set();
      receipts.reset();
    },
    expireTokens: () => tokens.forEach((entry) => (entry.expiresAt = 0)),
    requests: () => requests,
    arrivals: (regId) => (regId ? arrivals.filter((arrival) => arrival.regId === regId) : arrivals),
    stats: () => {
      const errors: Record<string, number> = {};
      for (const request of requests) if (request.code !== 0) errors[request.code] = (errors[request.code] ?? 0) + 1;
      return {
        auths,
        requests: requests.length,
        errors,
        itemErrors,
        arrivals: arrivals.length,
        dropped: arrivals.filter((arrival) => arrival.dropped).length,
      };
    },
  };

  const running = await startLoopbackFake({
    keyFile: path.join(tlsDir, "fake-oppo.key"),
    certFile: fakeOppoCaFile,
    port: options.port,
    host: options.host,
    latencyMs: () => behaviour.latencyMs,
    handle: (request) => {
      if (request.method === "POST" && request.path === "/server/v1/auth") return auth(request.form);
      if (request.method !== "POST" || !sendPaths.includes(request.path))
        return { status: 404, body: { code: 404, message: `no such API ${request.path}` } };
      shown = [];
      const { reply, messages, token } = send(request);
      const app = token ? tokens.get(token)?.app : undefined;
      if (shown.length && app) receipts.post(oppoReceipts(receipts.config, app.appKey, shown));
      const body = reply?.body as { code?: number } | undefined;
      requests.push({
        at: now(),
        path: request.path,
        token,
        messages,
        code: body?.code ?? reply!.status,
        http: reply!.status,
      });
      return reply;
    },
    control: {
      "POST /__fake/configure": (input) => control.configure(input as Partial<FakeOppoBehaviour>),
      "POST /__fake/reset": () => control.reset(),
      "POST /__fake/expire-tokens": () => control.expireTokens(),
      "GET /__fake/requests": () => control.requests(),
      "POST /__fake/arrivals": (input) => control.arrivals(input.regId as string | undefined),
      "GET /__fake/stats": () => control.stats(),
      ...receipts.routes(),
    },
  });
  return { ...control, receipts, ...running };
}
