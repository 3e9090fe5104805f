// A loopback fake of Xiaomi MiPush's send API (POST /v3/message/regid) over TLS: the
// `Authorization: key=<AppSecret>` check (21301), the package check (22022), the channel check
// (27001), field validation (validate.ts), no valid targets (20301), request rate (10027), the app's
// daily volume (10034), scripted answers, and per-device daily caps on marketing (公信) arrivals, which
// Xiaomi enforces silently (the API answers ok; the device does not get the push). Records every
// request and every arrival, and shows a device only the first message of each extra.jobkey.
// Runs in-process (startFakeXiaomi) or as its own process (server.ts).
import path from "node:path";
import {
  arrivalData,
  chinaDay,
  startLoopbackFake,
  type FakeAnswer,
  type FakeRequest,
  type RunningFake,
} from "../loopback-fake";
import { validateXiaomiSend } from "./validate";
import { xiaomiDeliveryReceipt, xiaomiReceipts } from "./receipts";
import { ReceiptPoster, type VendorFakeOptions } from "../receipt-poster";
import {
  defaultXiaomiBehaviour,
  type FakeXiaomiBehaviour,
  type FakeXiaomiControl,
  type XiaomiArrival,
  type XiaomiRequestRecord,
} from "./behaviour";

const tlsDir = path.join(import.meta.dirname, "tls");
export const fakeXiaomiCaFile = path.join(tlsDir, "fake-xiaomi.crt");

// receipts: the receipt mode (receipts.ts), off unless configured.
export type FakeXiaomi = FakeXiaomiControl & RunningFake & { receipts: ReceiptPoster };

const errorBody = (code: number, reason: string) => ({
  result: "error",
  reason,
  trace_id: `Xlm${Date.now().toString(36)}`,
  code,
  description: "发送消息失败",
});

// Starts a fake MiPush; resolves once it listens on 127.0.0.1.
export async function startFakeXiaomi(options: VendorFakeOptions<FakeXiaomiBehaviour> = {}): Promise<FakeXiaomi> {
  const receipts = new ReceiptPoster(options.receipts);
  let behaviour: FakeXiaomiBehaviour = { ...defaultXiaomiBehaviour(), ...options.behaviour };
  let requests: XiaomiRequestRecord[] = [];
  let arrivals: XiaomiArrival[] = [];
  let perSecond = { second: 0, count: 0 };
  let volume = { day: "", count: 0 };
  let perDevice = new Map<string, number>();
  let shownJobs = new Set<string>();
  let sequence = 0;
  const now = () => behaviour.nowMs ?? Date.now();

  function answer(request: FakeRequest, record: Omit<XiaomiRequestRecord, "code" | "http">): FakeAnswer {
    const reply = (http: number, code: number, body: unknown): FakeAnswer => {
      requests.push({ ...record, code, http });
      return { status: http, body };
    };
    const fail = (code: number, reason: string) => reply(200, code, errorBody(code, reason));
    if (request.method !== "POST" || !/^\/v[23]\/message\/regid$/.test(request.path))
      return reply(404, 404, { result: "error", code: 404, reason: `no such API ${request.path}` });
    const app = behaviour.apps.find((candidate) => `key=${candidate.appSecret}` === record.authorization);
    if (!app) return fail(21301, "Invalid application secret.");
    const scripted = behaviour.failNext.shift();
    if (scripted) {
      if (scripted.http) return reply(scripted.http, scripted.http, { result: "error", reason: "server error" });
      return fail(scripted.code ?? 10002, scripted.reason ?? "scripted failure");
    }
    if (!/x-www-form-urlencoded/i.test(request.contentType)) return fail(10016, "Missing required parameter");
    const form = request.form;
    const packageName = form.get("restricted_package_name");
    if (!packageName) return fail(10016, "Missing required parameter: restricted_package_name");
    if (!packageName.split(",").includes(app.packageName)) return fail(22022, "Invalid package name.");
    const problem = validateXiaomiSend(form, behaviour.requireChannelId);
    if (problem) return fail(problem.code, problem.reason);
    const channelId = form.get("extra.channel_id");
    if (channelId && !app.channels[channelId]) return fail(27001, "Channel id does not match the app.");
    const second = Math.floor(now() / 1000);
    if (perSecond.second !== second) perSecond = { second, count: 0 };
    if (behaviour.maxRequestsPerSecond !== null && ++perSecond.count > behaviour.maxRequestsPerSecond)
      return fail(10027, "API called too frequently.");
    // Registration ids are base64-like; any other text, like a listed or prefixed one, is no device's.
    const valid = record.regIds.filter(
      (id) =>
        /^[A-Za-z0-9+/=_-]+$/.test(id) &&
        !behaviour.invalidRegIds.includes(id) &&
        !behaviour.invalidPrefixes.some((p) => id.startsWith(p)),
    );
    if (!valid.length) return fail(20301, "No valid targets!");
    const day = chinaDay(now());
    if (volume.day !== day) volume = { day, count: 0 };
    if (behaviour.dailyVolume !== null && volume.count + valid.length > behaviour.dailyVolume)
      return fail(10034, "Too many messages sent today.");
    volume.count += valid.length;
    const messageId = `sdm${(++sequence).toString().padStart(8, "0")}fake`;
    const messageClass: XiaomiArrival["messageClass"] = channelId ? app.channels[channelId]! : "default";
    const jobKey = form.get("extra.jobkey");
    const arrived: string[] = [];
    for (const regId of valid) {
      if (jobKey && shownJobs.has(`${regId}|${jobKey}`)) {
        const entry = { regId, messageId, day, channelId, messageClass, payload: form.get("payload") };
        arrivals.push({ ...entry, dropped: "duplicate" });
        continue;
      }
      if (jobKey) shownJobs.add(`${regId}|${jobKey}`);
      const cap =
        messageClass === "marketing"
          ? behaviour.marketingPerDeviceDaily
          : messageClass === "default"
            ? behaviour.defaultChannelPerDeviceDaily
            : Infinity;
      const key = `${day}|${messageClass}|${regId}`;
      const count = (perDevice.get(key) ?? 0) + 1;
      perDevice.set(key, count);
      const dropped = count > cap ? ("device_cap" as const) : null;
      arrivals.push({ regId, messageId, day, channelId, messageClass, dropped, payload: form.get("payload") });
      const ttlMs = Number(form.get("time_to_live") ?? NaN);
      if (!dropped)
        options.onArrival?.({
          token: regId,
          data: arrivalData(form.get("payload")),
          at: now(),
          ...(Number.isFinite(ttlMs) ? { ttlSeconds: ttlMs / 1000 } : {}),
          receipt: xiaomiDeliveryReceipt(receipts.config, record.fields, regId),
        });
      if (!dropped) arrived.push(regId);
    }
    if (receipts.config.enabled) {
      const invalid = record.regIds.filter((id) => !valid.includes(id));
      receipts.post(xiaomiReceipts(receipts.config, { messageId, fields: record.fields, arrived, invalid }));
    }
    return reply(200, 0, {
      result: "ok",
      trace_id: `Xlm${Date.now().toString(36)}`,
      code: 0,
      data: { id: messageId },
      description: "成功",
      info: `Received push messages for ${valid.length} REGID`,
    });
  }

  const control: FakeXiaomiControl = {
    configure: (change) => void (behaviour = { ...behaviour, ...change }),
    reset: () => {
      behaviour = { ...defaultXiaomiBehaviour(), ...options.behaviour };
      requests = [];
      arrivals = [];
      perSecond = { second: 0, count: 0 };
      volume = { day: "", count: 0 };
      perDevice = new Map();
      shownJobs = new Set();
      receipts.reset();
    },
    requests: () => requests,
    arrivals: (regId) => (regId ? arrivals.filter((arrival) => arrival.regId === regId) : arrivals),
    stats: () => {
      const errors: Record<string, number> = {};
      for (const request of requests) if (request.code !== 0) errors[request.code] = (errors[request.code] ?? 0) + 1;
      return {
        requests: requests.length,
        accepted: requests.filter((request) => request.code === 0).length,
        errors,
        arrivals: arrivals.length,
        dropped: arrivals.filter((arrival) => arrival.dropped).length,
      };
    },
  };

  const running = await startLoopbackFake({
    keyFile: path.join(tlsDir, "fake-xiaomi.key"),
    certFile: fakeXiaomiCaFile,
    port: options.port,
    host: options.host,
    latencyMs: () => behaviour.latencyMs,
    handle: (request) => {
      const authorization = typeof request.headers.authorization === "string" ? request.headers.authorization : null;
      const fields = Object.fromEntries(request.form);
      const regIds = (request.form.get("registration_id") ?? "").split(",").filter(Boolean);
      return answer(request, { at: now(), authorization, fields, regIds });
    },
    control: {
      "POST /__fake/configure": (input) => control.configure(input as Partial<FakeXiaomiBehaviour>),
      "POST /__fake/reset": () => control.reset(),
      "GET /__fake/requests": () => control.requests(),
      "POST /__fake/arrivals": (input) => control.arrivals(input.regId as string | undefined),
      "GET /__fake/stats": () => control.stats(),
      ...receipts.routes(),
    },
  });
  return { ...control, receipts, ...running };
}
