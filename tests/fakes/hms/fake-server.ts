// A loopback fake of Huawei Push Kit v1: the OAuth token endpoint (POST /oauth2/v3/token) and the
// send endpoint (POST /v1/{appId}/messages:send) over TLS, answering as Huawei does (HTTP 200 with a
// string `code` for business errors, partial success with the illegal tokens as a JSON string in
// `msg`, 80300007 when all are illegal, 80200003 for an expired access token, 80200001 for a token of
// another client, HTTP 503 flow control), counting per-device daily caps for marketing messages, and
// recording what it received. Runs in-process (startFakeHms) or as its own process (server.ts).
import { randomUUID } from "node:crypto";
import path from "node:path";
import { defaultHmsBehaviour, isIllegal, type HmsFakeBehaviour } from "./behaviour";
import { arrivalData, chinaDay, startLoopbackFake, type FakeReply, type FakeRequest } from "../loopback-fake";
import { huaweiStyleRoutes, type HuaweiStyleControl } from "./control-client";
import { bearer, FakeTokens } from "./oauth";
import { FakeRecords, type FakeClass } from "./records";
import { validateHmsRequest } from "./validate";
import { huaweiStyleDeliveryReceipt, huaweiStylePoster, huaweiStyleReceipts } from "./receipts";
import type { ReceiptPoster, VendorFakeOptions } from "../receipt-poster";

const tlsDir = path.join(import.meta.dirname, "tls");
// The self-signed certificate (Huawei's push and OAuth hosts, localhost, 127.0.0.1) clients trust.
export const fakeHmsCaFile = path.join(tlsDir, "fake-hms.crt");

// What a test does to the fake, in-process or over /__fake/* (configure, reset, stats, tokens, bodies, expire-tokens).
export type FakeHmsControl = HuaweiStyleControl<HmsFakeBehaviour>;

// A running fake.
export interface FakeHms extends FakeHmsControl {
  // The receipt mode (receipts.ts): off unless configured.
  receipts: ReceiptPoster;
  port: number;
  url: string;
  ca: string;
  caFile: string;
  close(): Promise<void>;
}

const answer = (status: number, code: string, msg: string, requestId = ""): FakeReply => ({
  status,
  body: JSON.stringify({ code, msg, requestId }),
});

// The class Huawei gives an accepted message: MARKETING or no category is marketing; a service
// category counts only for an app with the self-classification right.
export function hmsClassOf(category: unknown, behaviour: HmsFakeBehaviour): FakeClass {
  if (category === undefined || category === "MARKETING") return "marketing";
  return behaviour.selfClassification ? "service" : "marketing";
}

// Starts a fake Huawei Push Kit; resolves once it listens.
export async function startFakeHms(options: VendorFakeOptions<HmsFakeBehaviour> = {}): Promise<FakeHms> {
  let behaviour: HmsFakeBehaviour = { ...defaultHmsBehaviour(), ...options.behaviour };
  const records = new FakeRecords();
  const tokens = new FakeTokens();
  const receipts = huaweiStylePoster(options.receipts);
  let sequence = 0;

  function send(request: FakeRequest, appId: string): FakeReply {
    const reply = (status: number, code: string, msg: string, requestId = "") => {
      records.answered(code);
      return answer(status, code, msg, requestId);
    };
    const token = bearer(request);
    const grant = token ? tokens.lookup(token) : undefined;
    if (!grant || grant.clientId !== appId) return reply(401, "80200001", "Oauth authentication error");
    if (grant.expiresAt <= Date.now()) return reply(401, "80200003", "Oauth Token expired");
    let body: unknown;
    try {
      body = JSON.parse(request.body.toString("utf8"));
    } catch {
      return reply(400, "80100003", "Incorrect message structure");
    }
    const message = (body as { message?: { token?: unknown } } | null)?.message;
    const sent = Array.isArray(message?.token) ? (message.token as unknown[]).filter((t) => typeof t === "string") : [];
    const headers = { "content-type": String(request.headers["content-type"] ?? "") };
    records.request(request.path, headers, body, sent as string[], behaviour.keepBodies);
    const forced = behaviour.nextAnswers.length ? behaviour.nextAnswers[0] : undefined;
    if (forced !== undefined) behaviour = { ...behaviour, nextAnswers: behaviour.nextAnswers.slice(1) };
    if (forced === "hang") return "hang";
    if (forced === "503" || (behaviour.flowControlRate > 0 && Math.random() < behaviour.flowControlRate)) {
      records.answered("HTTP_503");
      const retry = behaviour.retryAfterSeconds;
      return {
        status: 503,
        body: "Service Unavailable",
        headers: retry !== null ? { "retry-after": String(retry) } : {},
      };
    }
    if (forced) return reply(forced === "80200003" || forced === "80200001" ? 401 : 200, forced, `forced ${forced}`);
    if (!/^application\/json/i.test(headers["content-type"]))
      return reply(400, "80100001", "Content-Type must be JSON");
    const problem = validateHmsRequest(body);
    if (problem)
      return reply(problem.code === "80300008" || problem.code === "80300010" ? 200 : 400, problem.code, problem.msg);
    const parsed = body as {
      validate_only?: boolean;
      message: { data?: unknown; android: { category?: unknown; ttl?: unknown } };
    };
    const requestId = `${Date.now()}${String(++sequence).padStart(6, "0")}${randomUUID().slice(0, 4)}`;
    const illegal = (sent as string[]).filter((t) => isIllegal(t, behaviour));
    const detail = JSON.stringify({
      success: sent.length - illegal.length,
      failure: illegal.length,
      illegal_tokens: illegal,
    });
    if (illegal.length === sent.length) return reply(200, "80300007", detail, requestId);
    if (!parsed.validate_only) {
      const kind = hmsClassOf(parsed.message.android.category, behaviour);
      const day = behaviour.day ?? chinaDay(Date.now());
      const caps = { marketingPerDay: behaviour.marketingCapPerDay, allPerDay: behaviour.allCapPerDay };
      const at = Date.now();
      const ttl = typeof parsed.message.android.ttl === "string" ? parseFloat(parsed.message.android.ttl) : NaN;
      for (const t of sent as string[])
        if (!isIllegal(t, behaviour) && records.arrive(t, kind, day, caps))
          options.onArrival?.({
            token: t,
            data: arrivalData(parsed.message.data),
            at,
            ...(Number.isFinite(ttl) ? { ttlSeconds: ttl } : {}),
            receipt: huaweiStyleDeliveryReceipt(receipts.config, t),
          });
    }
    if (!parsed.validate_only) {
      const android = parsed.message.android as { bi_tag?: unknown };
      const delivered = (sent as string[]).filter((t) => !isIllegal(t, behaviour));
      const biTag = typeof android.bi_tag === "string" ? android.bi_tag : undefined;
      receipts.post(huaweiStyleReceipts(receipts.config, { appId, biTag, tokens: delivered, requestId, signed: true }));
    }
    if (illegal.length) return reply(200, "80100000", detail, requestId);
    return reply(200, "80000000", "Success", requestId);
  }

  function handle(request: FakeRequest): FakeReply {
    const route = request.path.split("?")[0]!;
    if (request.method === "POST" && route === "/oauth2/v3/token")
      return tokens.grant(
        request,
        { lifetimeSeconds: behaviour.tokenLifetimeSeconds, rejectClients: behaviour.rejectClients, prefix: "CF3X" },
        records,
      );
    const match = /^\/v1\/([^/]+)\/messages:send$/.exec(route);
    if (request.method === "POST" && match) return send(request, decodeURIComponent(match[1]!));
    return { status: 404, body: JSON.stringify({ code: "404", msg: `no such path ${route}` }) };
  }

  const control: FakeHmsControl = {
    configure: async (change) => void (behaviour = { ...behaviour, ...change }),
    reset: async () => {
      behaviour = { ...defaultHmsBehaviour(), ...options.behaviour };
      records.reset();
      tokens.reset();
      receipts.reset();
    },
    stats: async () => records.stats(),
    tokens: async (only) => records.tokens(only),
    bodies: async () => records.recentBodies(),
    expireTokens: async () => tokens.expireAll(),
  };
  const loopback = await startLoopbackFake({
    keyFile: path.join(tlsDir, "fake-hms.key"),
    certFile: fakeHmsCaFile,
    port: options.port,
    host: options.host,
    handle,
    latencyMs: () => behaviour.latencyMs,
    control: { ...huaweiStyleRoutes(control), ...receipts.routes() },
  });
  return { ...control, receipts, ...loopback };
}
