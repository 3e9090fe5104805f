// A loopback fake of Honor Push: the OAuth token endpoint (POST /auth/token) and the send endpoint
// (POST /api/v1/{appId}/sendMessage) over TLS. It requires the `timestamp` header (epoch ms), checks
// the bearer token and the camelCase body, answers {code:200, message, data:{sendResult, requestId,
// failTokens, expireTokens}} (go-multipush honor/types.go), counts per-device daily caps for
// marketing messages (importance LOW or none), and records what it received. Error codes Honor does
// not publish follow Huawei's [unconfirmed]: 80200003 expired token (HTTP 401), 80200001 unknown
// token, 80300008 too large, 80300002 app not allowed. Runs in-process or as its own process.
import { randomUUID } from "node:crypto";
import path from "node:path";
import { arrivalData, chinaDay, startLoopbackFake, type FakeReply, type FakeRequest } from "../loopback-fake";
import { huaweiStyleRoutes, type HuaweiStyleControl } from "../hms/control-client";
import { bearer, FakeTokens } from "../hms/oauth";
import { FakeRecords } from "../hms/records";
import { defaultHonorBehaviour, type HonorFakeBehaviour } from "./behaviour";
import { validateHonorRequest } from "./validate";
import { honorDeliveryReceipt, honorPoster, honorReceipts } from "./receipts";
import type { ReceiptPoster, VendorFakeOptions } from "../receipt-poster";

const tlsDir = path.join(import.meta.dirname, "tls");
// The self-signed certificate (Honor's push and IAM hosts, localhost, 127.0.0.1) clients trust.
export const fakeHonorCaFile = path.join(tlsDir, "fake-honor.crt");

// What a test does to the fake, in-process or over /__fake/*.
export type FakeHonorControl = HuaweiStyleControl<HonorFakeBehaviour>;

// A running fake.
export interface FakeHonor extends FakeHonorControl {
  // The receipt mode (receipts.ts): off unless configured.
  receipts: ReceiptPoster;
  port: number;
  url: string;
  ca: string;
  caFile: string;
  close(): Promise<void>;
}

// Starts a fake Honor Push; resolves once it listens.
export async function startFakeHonor(options: VendorFakeOptions<HonorFakeBehaviour> = {}): Promise<FakeHonor> {
  let behaviour: HonorFakeBehaviour = { ...defaultHonorBehaviour(), ...options.behaviour };
  const records = new FakeRecords();
  const tokens = new FakeTokens();
  const receipts = honorPoster(options.receipts);

  function send(request: FakeRequest, appId: string): FakeReply {
    const reply = (status: number, code: number, message: string, data?: unknown): FakeReply => {
      records.answered(String(code));
      return { status, body: JSON.stringify({ code, message, ...(data ? { data } : {}) }) };
    };
    const token = bearer(request);
    const grant = token ? tokens.lookup(token) : undefined;
    const allowedApp = grant ? behaviour.clientApps[grant.clientId] : undefined;
    if (!grant || (allowedApp !== undefined && allowedApp !== appId)) return reply(401, 80200001, "invalid token");
    if (grant.expiresAt <= Date.now()) return reply(401, 80200003, "token expired");
    const timestamp = request.headers.timestamp;
    if (typeof timestamp !== "string" || !/^\d{13}$/.test(timestamp))
      return reply(400, 80100001, "the timestamp header (epoch milliseconds) is required");
    if (Math.abs(Number(timestamp) - Date.now()) > behaviour.timestampSkewMs)
      return reply(400, 80100001, "the timestamp header is too far from the server time");
    let body: unknown;
    try {
      body = JSON.parse(request.body.toString("utf8"));
    } catch {
      return reply(400, 80100003, "request body is not JSON");
    }
    const listed = (body as { token?: unknown } | null)?.token;
    const sent = Array.isArray(listed) ? listed.filter((t): t is string => typeof t === "string") : [];
    records.request(
      request.path,
      { timestamp, "content-type": String(request.headers["content-type"] ?? "") },
      body,
      sent,
      behaviour.keepBodies,
    );
    const forced = behaviour.nextAnswers.length ? behaviour.nextAnswers[0] : undefined;
    if (forced !== undefined) behaviour = { ...behaviour, nextAnswers: behaviour.nextAnswers.slice(1) };
    if (forced === "hang") return "hang";
    if (forced === "503" || forced === "500") {
      records.answered(`HTTP_${forced}`);
      const retry = behaviour.retryAfterSeconds;
      const headers: Record<string, string> =
        forced === "503" && retry !== null ? { "retry-after": String(retry) } : {};
      return { status: Number(forced), body: "Service Unavailable", headers };
    }
    if (forced) return reply(forced.startsWith("802") ? 401 : 200, Number(forced), `forced ${forced}`);
    const problem = validateHonorRequest(body);
    if (problem) return reply(200, problem.code, problem.message);
    const parsed = body as { data?: unknown; android: { ttl?: unknown; notification: { importance?: unknown } } };
    const failTokens = sent.filter((t) => t.startsWith(behaviour.failPrefix));
    const expireTokens = sent.filter((t) => t.startsWith(behaviour.expirePrefix));
    const kind = parsed.android.notification.importance === "NORMAL" ? "service" : "marketing";
    const day = behaviour.day ?? chinaDay(Date.now());
    const caps = { marketingPerDay: behaviour.marketingCapPerDay, allPerDay: behaviour.allCapPerDay };
    const at = Date.now();
    const ttl = typeof parsed.android.ttl === "string" ? parseFloat(parsed.android.ttl) : NaN;
    for (const t of sent)
      if (!failTokens.includes(t) && !expireTokens.includes(t) && records.arrive(t, kind, day, caps))
        options.onArrival?.({
          token: t,
          data: arrivalData(parsed.data),
          at,
          ...(Number.isFinite(ttl) ? { ttlSeconds: ttl } : {}),
          receipt: honorDeliveryReceipt(receipts.config, t),
        });
    const sendResult = failTokens.length + expireTokens.length < sent.length;
    const requestId = randomUUID().replace(/-/g, "");
    const biTag = (parsed.android as { biTag?: unknown }).biTag;
    receipts.post(
      honorReceipts(receipts.config, {
        appId,
        biTag: typeof biTag === "string" ? biTag : undefined,
        tokens: sent.filter((t) => !failTokens.includes(t) && !expireTokens.includes(t)),
        requestId,
      }),
    );
    return reply(200, 200, "success", {
      sendResult,
      requestId,
      failTokens,
      expireTokens,
    });
  }

  function handle(request: FakeRequest): FakeReply {
    const route = request.path.split("?")[0]!;
    if (request.method === "POST" && route === "/auth/token")
      return tokens.grant(
        request,
        { lifetimeSeconds: behaviour.tokenLifetimeSeconds, rejectClients: behaviour.rejectClients, prefix: "hn." },
        records,
      );
    const match = /^\/api\/v1\/([^/]+)\/sendMessage$/.exec(route);
    if (request.method === "POST" && match) return send(request, decodeURIComponent(match[1]!));
    return { status: 404, body: JSON.stringify({ code: 404, message: `no such path ${route}` }) };
  }

  const control: FakeHonorControl = {
    configure: async (change) => void (behaviour = { ...behaviour, ...change }),
    reset: async () => {
      behaviour = { ...defaultHonorBehaviour(), ...options.behaviour };
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
    keyFile: path.join(tlsDir, "fake-honor.key"),
    certFile: fakeHonorCaFile,
    port: options.port,
    host: options.host,
    handle,
    latencyMs: () => behaviour.latencyMs,
    control: { ...huaweiStyleRoutes(control), ...receipts.routes() },
  });
  return { ...control, receipts, ...loopback };
}
