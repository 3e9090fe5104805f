// Reliability of the phone makers' channels and JPush through the real dispatcher (fan-out, batches,
// recording on a real PostgreSQL) and the real providers as the worker wires them
// (server/dispatch/channels.ts, reaching the loopback TLS fakes through HERALD_<ID>_ENDPOINT): an access
// token that expires between two batches (one refresh, no batch lost), 5xx, flow-control and rate-limit
// answers (retried after a backoff, never a token twice, and in a batch of two contents only the refused
// one sent again), and partial batch failures (only the bad addresses become invalid) as far as each
// vendor's answer names them: Huawei's illegal_tokens in a JSON string, OPPO's per-item errors inside a
// code 0 answer, Honor's failTokens and expireTokens, vivo's invalidUsers; Xiaomi names no token, and
// JPush only answers 1011 when no target of a push is known.
import pino from "pino";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { sealCredential } from "@/server/apps/credential-seal";
import type { StaffUser } from "@/server/auth/session";
import { db } from "@/server/db";
import { clearChannels } from "@/server/dispatch/channel-registry";
import { registerDefaultChannels } from "@/server/dispatch/channels";
import { startDispatcher, type DispatcherHandle } from "@/server/dispatch/dispatcher";
import { clearOppoTokens } from "@/server/dispatch/providers/oppo/auth";
import { clearVivoTokens } from "@/server/dispatch/providers/vivo/auth";
import { clearVivoQuotas } from "@/server/dispatch/providers/vivo/quota";
import { startFakeHms, type FakeHms } from "../fakes/hms/server";
import { startFakeHonor, type FakeHonor } from "../fakes/honor/server";
import { startFakeJpush, type FakeJpush } from "../fakes/jpush/server";
import { startFakeOppo, type FakeOppo } from "../fakes/oppo/server";
import { startFakeVivo, type FakeVivo } from "../fakes/vivo/server";
import { startFakeXiaomi, type FakeXiaomi } from "../fakes/xiaomi/server";
import { campaignInput, deliveryCounts, insertDevices, sendCampaign, waitForState } from "../support/dispatch";
import { waitUntil } from "../support/dispatch-fcm";
import { createApp, createUser } from "../support/fixtures";
import { vendorChannels, vendorFakeEnv, vendorSecrets, type VendorChannel } from "../support/vendor-fakes";

const quiet = pino({ level: process.env.TEST_LOG ?? "silent" });
// One batch in flight per worker, so "between two batches" is a moment the test can act in; batches
// of the providers' 1,000.
const dispatchSettings = { pollMs: 100, leaseMs: 10_000, firstChunk: 1000, chunk: 1000, concurrency: 1 };
let hms: FakeHms;
let honor: FakeHonor;
let xiaomi: FakeXiaomi;
let oppo: FakeOppo;
let vivo: FakeVivo;
let jpush: FakeJpush;
let editor: StaffUser;
let dispatcher: DispatcherHandle | null = null;

beforeAll(async () => {
  [hms, honor, xiaomi, oppo, vivo, jpush] = await Promise.all([
    startFakeHms(),
    startFakeHonor(),
    startFakeXiaomi(),
    startFakeOppo(),
    startFakeVivo(),
    startFakeJpush(),
  ]);
  const fakes = { hms, honor, xiaomi, oppo, vivo, jpush };
  Object.assign(process.env, ...vendorChannels.map((channel) => vendorFakeEnv(channel, fakes[channel])));
  editor = await createUser("editor");
  clearChannels();
  await registerDefaultChannels({ mqttReceipts: false });
  dispatcher = await startDispatcher(quiet, dispatchSettings);
});

afterEach(async () => {
  await Promise.all([hms.reset(), honor.reset()]);
  xiaomi.reset();
  oppo.reset();
  vivo.reset();
  jpush.reset();
  clearOppoTokens();
  clearVivoTokens();
  clearVivoQuotas();
});

afterAll(async () => {
  await dispatcher?.stop(2000);
  clearChannels();
  await Promise.all([hms, honor, xiaomi, oppo, vivo, jpush].map((fake) => fake?.close()));
});

// An app with the six fakes' credentials and `count` devices whose one address is on `channel` (their
// tokens in device order), plus for each entry of `groups` that many more whose tokens start with the
// group's own prefix (a fake's knob for bad tokens can name it).
async function seed(channel: VendorChannel, count: number, groups: Record<string, number> = {}) {
  const { app } = await createApp();
  const total = count + Object.values(groups).reduce((sum, n) => sum + n, 0);
  await db.app.update({ where: { id: app.id }, data: { approvalThreshold: total + 1 } });
  await db.providerCredential.createMany({
    data: vendorChannels.map((vendor) => ({
      appId: app.id,
      channel: vendor,
      summary: {},
      secretSealed: sealCredential(app.id, vendor, vendorSecrets[vendor]),
    })),
  });
  const prefix = app.id.slice(0, 8);
  const tokensOf = (of: string, n: number) => Array.from({ length: n }, (_, i) => `tok-${of}-${i + 1}`);
  await insertDevices(app.id, count, { channel, prefix });
  const extra: Record<string, { prefix: string; tokens: string[] }> = {};
  for (const [key, n] of Object.entries(groups)) {
    await insertDevices(app.id, n, { channel, prefix: prefix + key });
    extra[key] = { prefix: `tok-${prefix}${key}-`, tokens: tokensOf(prefix + key, n) };
  }
  return { app, tokens: tokensOf(prefix, count), groups: extra };
}

// A campaign of two variants (two contents, so each batch goes out as two vendor requests).
function twoVariants(appId: string) {
  const variant = (key: string, title: string) => ({
    key,
    splitPercent: 50,
    fallbackLocale: "en",
    content: { en: { title, body: "World" } },
  });
  return campaignInput(appId, { variants: [variant("A", "Hello"), variant("B", "Hi")] });
}

async function sendAndComplete(appId: string, input = campaignInput(appId)) {
  const campaignId = await sendCampaign(editor, input);
  await waitForState(campaignId, "completed", 45_000);
  return campaignId;
}

// The devices of an app whose one address is invalid, with its error code, by token.
async function invalidAddresses(appId: string) {
  const devices = await db.device.findMany({ where: { appId }, select: { addresses: true, status: true } });
  const invalid = new Map<string, { error: unknown; deviceStatus: string }>();
  for (const device of devices) {
    const [address] = device.addresses as Array<{ token: string; status: string; error?: string }>;
    if (address?.status === "invalid")
      invalid.set(address.token, { error: address.error, deviceStatus: device.status });
  }
  return invalid;
}

// Times (ms) at which a Huawei-style fake received requests naming the first token of its first request
// (Huawei lists the tokens under message.token, Honor at the top).
async function firstTokenTimes(fake: FakeHms | FakeHonor) {
  const bodies = await fake.bodies();
  const tokensOf = (body: unknown) => {
    const parsed = body as { token?: string[]; message?: { token?: string[] } };
    return parsed.message?.token ?? parsed.token ?? [];
  };
  const first = tokensOf(bodies[0]?.body)[0];
  return bodies.filter((b) => first !== undefined && tokensOf(b.body).includes(first)).map((b) => b.at);
}

// How often each regid arrived at an OPPO or Xiaomi fake, dropped arrivals included (both fakes drop a
// repeat on the device: a dropped one would be a second push).
function arrivalsByRegId(arrivals: Array<{ regId: string }>) {
  const counts = new Map<string, number>();
  for (const arrival of arrivals) counts.set(arrival.regId, (counts.get(arrival.regId) ?? 0) + 1);
  return counts;
}

// The registration ids of a recorded JPush push.
function jpushTargets(push: { body: unknown } | undefined): string[] {
  return (push?.body as { audience?: { registration_id?: string[] } } | undefined)?.audience?.registration_id ?? [];
}

// The attempts each of a campaign's batches took.
async function batchAttempts(campaignId: string) {
  const batches = await db.dispatchBatch.findMany({ where: { campaignId }, select: { attempts: true } });
  return batches.map((b) => b.attempts);
}

// The error codes of a campaign's failed deliveries, sorted.
async function failedCodes(campaignId: string) {
  const failed = await db.delivery.findMany({ where: { campaignId, status: "failed" }, select: { errorCode: true } });
  return failed.map((d) => d.errorCode).sort();
}

// A fake whose access tokens the test can expire and whose answers it can slow down.
interface ExpiringFake {
  configure(behaviour: { latencyMs: number }): unknown;
  expireTokens(): unknown;
}

// Sends a campaign to `appId` and expires every token `fake` issued once `firstBatchIn` says the first
// batch got past the token check: the fake holds its answers a second until then, so the next batch
// cannot leave before the token is expired. Returns the completed campaign's id.
async function sendExpiringMidway(appId: string, fake: ExpiringFake, firstBatchIn: () => Promise<boolean> | boolean) {
  await fake.configure({ latencyMs: 1000 });
  const sending = sendCampaign(editor, campaignInput(appId));
  await waitUntil("the first batch", async () => ((await firstBatchIn()) ? true : undefined), {
    timeoutMs: 30_000,
    everyMs: 10,
  });
  await fake.expireTokens();
  await fake.configure({ latencyMs: 0 });
  const campaignId = await sending;
  await waitForState(campaignId, "completed", 45_000);
  return campaignId;
}

describe("an access token that expires between two batches", () => {
  it("Huawei: one refresh, every batch sent, every device once", async () => {
    const { app, tokens } = await seed("hms", 2500);
    const campaignId = await sendExpiringMidway(app.id, hms, async () => (await hms.stats()).requests >= 1);

    expect(await deliveryCounts(campaignId)).toEqual({ sent: 2500 });
    const stats = await hms.stats();
    // The first grant, then exactly one refresh after the one expired answer.
    expect(stats.tokenGrants).toBe(2);
    expect(stats.answers["80200003"]).toBe(1);
    expect(stats.answers["80000000"]).toBe(3);
    expect(stats.duplicateTokens).toBe(0);
    const records = await hms.tokens(tokens);
    expect(records).toHaveLength(2500);
    expect(records.every((r) => r.delivered === 1)).toBe(true);
  });

  it("OPPO: one new auth token, every batch sent, every device once", async () => {
    const { app, tokens } = await seed("oppo", 2500);
    const campaignId = await sendExpiringMidway(app.id, oppo, () => oppo.requests().length >= 1);

    expect(await deliveryCounts(campaignId)).toEqual({ sent: 2500 });
    const stats = oppo.stats();
    expect(stats.auths).toBe(2);
    // One batch was refused for its expired token (code 11) and sent again with the new one.
    expect(stats.errors).toEqual({ "11": 1 });
    const arrivals = arrivalsByRegId(oppo.arrivals());
    expect(arrivals.size).toBe(2500);
    expect(tokens.every((token) => arrivals.get(token) === 1)).toBe(true);
    expect(stats.dropped).toBe(0);
  });

  it("vivo: one new auth token, every list push sent, every device once", async () => {
    const { app, tokens } = await seed("vivo", 2500);
    const campaignId = await sendExpiringMidway(app.id, vivo, () => vivo.stats().listPushes >= 1);

    expect(await deliveryCounts(campaignId)).toEqual({ sent: 2500 });
    const stats = vivo.stats();
    expect(stats.tokensIssued).toBe(2);
    expect(stats.errors).toEqual({ "10000": 1 });
    expect(stats.accepted).toBe(2500);
    const records = vivo.tokens(tokens);
    expect(records).toHaveLength(2500);
    expect(records.every((r) => r.accepted === 1)).toBe(true);
  });

  it("Honor: one refresh, every batch sent, every device once", async () => {
    const { app, tokens } = await seed("honor", 2500);
    const campaignId = await sendExpiringMidway(app.id, honor, async () => (await honor.stats()).requests >= 1);

    expect(await deliveryCounts(campaignId)).toEqual({ sent: 2500 });
    const stats = await honor.stats();
    expect(stats.tokenGrants).toBe(2);
    // The expired token is refused (HTTP 401, 80200003) before the fake counts the request: three sends.
    expect(stats.answers).toEqual({ "80200003": 1, "200": 3 });
    expect(stats.requests).toBe(3);
    expect(stats.duplicateTokens).toBe(0);
    const records = await honor.tokens(tokens);
    expect(records).toHaveLength(2500);
    expect(records.every((r) => r.received === 1 && r.delivered === 1)).toBe(true);
  });
});

describe("5xx and flow-control answers", () => {
  it("Huawei: a 503 with Retry-After and a server error are retried after their backoff, no token twice", async () => {
    // One batch of 1,000: both answers go to it.
    const { app, tokens } = await seed("hms", 1000);
    // The batch meets flow control (503, Retry-After 2 s), then Huawei's internal error (81000001).
    await hms.configure({ nextAnswers: ["503", "81000001"], retryAfterSeconds: 2 });
    const campaignId = await sendAndComplete(app.id);

    expect(await deliveryCounts(campaignId)).toEqual({ sent: 1000 });
    const stats = await hms.stats();
    expect(stats.answers).toEqual({ HTTP_503: 1, "81000001": 1, "80000000": 1 });
    expect(stats.duplicateTokens).toBe(0);
    expect((await hms.tokens(tokens)).every((r) => r.delivered === 1)).toBe(true);
    // The batch's three requests: the second no sooner than Retry-After, the third after the
    // dispatcher's own backoff (1 to 2 s on the second attempt).
    const times = await firstTokenTimes(hms);
    expect(times).toHaveLength(3);
    expect(times[1]! - times[0]!).toBeGreaterThanOrEqual(2000 - 50);
    expect(times[2]! - times[1]!).toBeGreaterThanOrEqual(1000 - 50);
    const batches = await db.dispatchBatch.findMany({ where: { campaignId }, select: { attempts: true } });
    expect(batches.map((b) => b.attempts)).toEqual([3]);
  });

  it("OPPO: HTTP 500 and flow control (-2) are retried after their backoff, each target shown once", async () => {
    const { app, tokens } = await seed("oppo", 1000);
    oppo.configure({ failNext: [{ http: 500 }, { code: -2 }] });
    const campaignId = await sendAndComplete(app.id);

    expect(await deliveryCounts(campaignId)).toEqual({ sent: 1000 });
    const stats = oppo.stats();
    expect(stats.errors).toEqual({ "500": 1, "-2": 1 });
    expect(stats.dropped).toBe(0);
    const arrivals = arrivalsByRegId(oppo.arrivals());
    expect(tokens.every((token) => arrivals.get(token) === 1)).toBe(true);
    // The one batch's three requests (a refused one records no messages); the last carried all 1,000.
    const requests = oppo.requests();
    expect(requests.map((r) => [r.code, r.messages.length])).toEqual([
      [500, 0],
      [-2, 0],
      [0, 1000],
    ]);
    const times = requests.map((r) => r.at);
    // Backoff from 1 s with jitter (half of it at least), then OPPO's flow control asks for a second.
    expect(times[1]! - times[0]!).toBeGreaterThanOrEqual(500 - 50);
    expect(times[2]! - times[1]!).toBeGreaterThanOrEqual(1000 - 50);
  });

  it("Honor: a 503 with Retry-After and an HTTP 500 are retried after their backoff, no token twice", async () => {
    const { app, tokens } = await seed("honor", 1000);
    await honor.configure({ nextAnswers: ["503", "500"], retryAfterSeconds: 2 });
    const campaignId = await sendAndComplete(app.id);

    expect(await deliveryCounts(campaignId)).toEqual({ sent: 1000 });
    const stats = await honor.stats();
    expect(stats.answers).toEqual({ HTTP_503: 1, HTTP_500: 1, "200": 1 });
    expect(stats.duplicateTokens).toBe(0);
    // Every token was named by the batch's three requests and shown once.
    const records = await honor.tokens(tokens);
    expect(records).toHaveLength(1000);
    expect(records.every((r) => r.received === 3 && r.delivered === 1)).toBe(true);
    // The second no sooner than Retry-After, the third after the dispatcher's backoff on the second attempt.
    const times = await firstTokenTimes(honor);
    expect(times).toHaveLength(3);
    expect(times[1]! - times[0]!).toBeGreaterThanOrEqual(2000 - 50);
    expect(times[2]! - times[1]!).toBeGreaterThanOrEqual(1000 - 50);
    expect(await batchAttempts(campaignId)).toEqual([3]);
  });

  it("Xiaomi: HTTP 503 and flow control (10027) are retried after their backoff, each regid shown once", async () => {
    const { app, tokens } = await seed("xiaomi", 1000);
    xiaomi.configure({ failNext: [{ http: 503 }, { code: 10027, reason: "API called too frequently." }] });
    const campaignId = await sendAndComplete(app.id);

    expect(await deliveryCounts(campaignId)).toEqual({ sent: 1000 });
    const requests = xiaomi.requests();
    expect(requests.map((r) => [r.http, r.code, r.regIds.length])).toEqual([
      [503, 503, 1000],
      [200, 10027, 1000],
      [200, 0, 1000],
    ]);
    // Backoff from 1 s with jitter (half of it at least); after 10027 the provider asks for a second and the
    // dispatcher's second backoff is 1 to 2 s.
    expect(requests[1]!.at - requests[0]!.at).toBeGreaterThanOrEqual(500 - 50);
    expect(requests[2]!.at - requests[1]!.at).toBeGreaterThanOrEqual(1000 - 50);
    // MiPush gives no per-regid result: the device side shows whether a regid got the push twice.
    const stats = xiaomi.stats();
    expect(stats).toMatchObject({ accepted: 1, arrivals: 1000, dropped: 0 });
    const arrivals = arrivalsByRegId(xiaomi.arrivals());
    expect(tokens.every((token) => arrivals.get(token) === 1)).toBe(true);
    expect(await batchAttempts(campaignId)).toEqual([3]);
  });

  it("Xiaomi: of a batch's two requests (two variants) only the one refused with HTTP 500 is sent again", async () => {
    const { app, tokens } = await seed("xiaomi", 1000);
    xiaomi.configure({ failNext: [{ http: 500 }] });
    const campaignId = await sendAndComplete(app.id, twoVariants(app.id));

    expect(await deliveryCounts(campaignId)).toEqual({ sent: 1000 });
    const requests = xiaomi.requests();
    expect(requests.map((r) => r.code)).toEqual([500, 0, 0]);
    const [refused, accepted, again] = requests;
    expect(refused!.regIds.length).toBeGreaterThan(0);
    expect([...again!.regIds].sort()).toEqual([...refused!.regIds].sort());
    expect([...accepted!.regIds, ...again!.regIds].sort()).toEqual([...tokens].sort());
    expect(xiaomi.stats()).toMatchObject({ arrivals: 1000, dropped: 0 });
    const arrivals = arrivalsByRegId(xiaomi.arrivals());
    expect(tokens.every((token) => arrivals.get(token) === 1)).toBe(true);
  });

  it("vivo: a 503 on the payload and flow control (HTTP 500) on the list push are retried, none twice", async () => {
    const { app, tokens } = await seed("vivo", 1000);
    vivo.configure({
      next: [
        { path: "/message/saveListPayload", status: 503 },
        { path: "/message/pushToList", status: 500 },
      ],
    });
    const campaignId = await sendAndComplete(app.id);

    expect(await deliveryCounts(campaignId)).toEqual({ sent: 1000 });
    const stats = vivo.stats();
    expect(stats.errors).toEqual({ HTTP_503: 1, HTTP_500: 1 });
    // Attempt 1 stops at the payload, attempt 2 at the list push, attempt 3 goes through; the
    // refused requests never reach the fake's counters.
    expect(stats).toMatchObject({ listPayloads: 2, listPushes: 1, accepted: 1000 });
    const records = vivo.tokens(tokens);
    expect(records).toHaveLength(1000);
    expect(records.every((r) => r.accepted === 1)).toBe(true);
    const saves = vivo.bodies("/message/saveListPayload").map((b) => b.at);
    const pushes = vivo.bodies("/message/pushToList").map((b) => b.at);
    expect(saves).toHaveLength(3);
    expect(pushes).toHaveLength(2);
    // Backoff from 1 s with jitter: at least 0.5 s after the first attempt, 1 s after the second.
    expect(saves[1]! - saves[0]!).toBeGreaterThanOrEqual(500 - 50);
    expect(pushes[1]! - pushes[0]!).toBeGreaterThanOrEqual(1000 - 50);
    expect(await batchAttempts(campaignId)).toEqual([3]);
  });

  it("JPush: HTTP 500 (1000) and 503 (1030) are retried after their backoff, each registration id once", async () => {
    const { app, tokens } = await seed("jpush", 1000);
    jpush.configure({
      next: [
        { status: 500, code: 1000, message: "Server Internal Error" },
        { status: 503, code: 1030, message: "Internal service timeout" },
      ],
    });
    const campaignId = await sendAndComplete(app.id);

    expect(await deliveryCounts(campaignId)).toEqual({ sent: 1000 });
    const stats = jpush.stats();
    expect(stats.errors).toEqual({ "1000": 1, "1030": 1 });
    expect(stats).toMatchObject({ pushes: 1, accepted: 1000 });
    const records = jpush.tokens(tokens);
    expect(records).toHaveLength(1000);
    expect(records.every((r) => r.accepted === 1)).toBe(true);
    const times = jpush.bodies("/v3/push").map((b) => b.at);
    expect(times).toHaveLength(3);
    expect(times[1]! - times[0]!).toBeGreaterThanOrEqual(500 - 50);
    expect(times[2]! - times[1]!).toBeGreaterThanOrEqual(1000 - 50);
    expect(await batchAttempts(campaignId)).toEqual([3]);
  });

  it("JPush: a 429 (2002) is retried after X-Rate-Limit-Reset; only the refused push goes again", async () => {
    const { app, tokens } = await seed("jpush", 1000);
    // One push per 3 s window: of the batch's two pushes (two variants), the second is over the quota
    // and answered 429 with X-Rate-Limit-Reset (the seconds left of the window).
    jpush.configure({ callsPerWindow: 1, windowSeconds: 3 });
    const campaignId = await sendAndComplete(app.id, twoVariants(app.id));

    expect(await deliveryCounts(campaignId)).toEqual({ sent: 1000 });
    const stats = jpush.stats();
    // Sent again before the reset, the push would have met 2002 a second time.
    expect(stats.errors).toEqual({ "2002": 1 });
    expect(stats).toMatchObject({ pushes: 2, accepted: 1000 });
    const pushes = jpush.bodies("/v3/push");
    expect(pushes).toHaveLength(3);
    const [first, refused, again] = pushes;
    expect(jpushTargets(refused).length).toBeGreaterThan(0);
    expect([...jpushTargets(again)].sort()).toEqual([...jpushTargets(refused)].sort());
    expect([...jpushTargets(first), ...jpushTargets(again)].sort()).toEqual([...tokens].sort());
    const records = jpush.tokens(tokens);
    expect(records.every((r) => r.accepted === 1)).toBe(true);
    // The window opened with the first push; the retry came after it reset.
    expect(again!.at - first!.at).toBeGreaterThanOrEqual(3000 - 50);
  });
});

describe("partial batch failures", () => {
  it("Huawei: only the tokens listed in illegal_tokens become invalid; the rest are sent", async () => {
    const { app, tokens } = await seed("hms", 1000);
    const bad = [tokens[3]!, tokens[500]!, tokens[999]!];
    await hms.configure({ illegalTokens: bad });
    const campaignId = await sendAndComplete(app.id);

    expect(await deliveryCounts(campaignId)).toEqual({ sent: 997, failed: 3 });
    expect((await hms.stats()).answers).toEqual({ "80100000": 1 });
    const invalid = await invalidAddresses(app.id);
    expect([...invalid.keys()].sort()).toEqual([...bad].sort());
    // Their one address is gone, so the devices are invalid too; the others stay active.
    expect([...invalid.values()]).toEqual(bad.map(() => ({ error: "ILLEGAL_TOKEN", deviceStatus: "invalid" })));
    expect(await db.device.count({ where: { appId: app.id, status: "active" } })).toBe(997);
    const failed = await db.delivery.findMany({ where: { campaignId, status: "failed" }, select: { errorCode: true } });
    expect(failed.map((d) => d.errorCode)).toEqual(["ILLEGAL_TOKEN", "ILLEGAL_TOKEN", "ILLEGAL_TOKEN"]);
  });

  it("OPPO: only the items failed inside a code 0 answer become invalid; the rest are sent", async () => {
    const { app, tokens } = await seed("oppo", 1000);
    const bad = [tokens[0]!, tokens[500]!, tokens[999]!];
    oppo.configure({ invalidRegIds: bad });
    const campaignId = await sendAndComplete(app.id);

    expect(await deliveryCounts(campaignId)).toEqual({ sent: 997, failed: 3 });
    const stats = oppo.stats();
    expect(stats.errors).toEqual({});
    expect(stats.itemErrors).toEqual({ "10000": 3 });
    const invalid = await invalidAddresses(app.id);
    expect([...invalid.keys()].sort()).toEqual([...bad].sort());
    expect([...invalid.values()]).toEqual(bad.map(() => ({ error: "10000", deviceStatus: "invalid" })));
    expect(await db.device.count({ where: { appId: app.id, status: "active" } })).toBe(997);
  });

  it("Honor: only the tokens in failTokens and expireTokens become invalid; the rest are sent", async () => {
    const { app, tokens, groups } = await seed("honor", 995, { f: 3, x: 2 });
    const failing = groups.f!.tokens;
    const expired = groups.x!.tokens;
    await honor.configure({ failPrefix: groups.f!.prefix, expirePrefix: groups.x!.prefix });
    const campaignId = await sendAndComplete(app.id);

    expect(await deliveryCounts(campaignId)).toEqual({ sent: 995, failed: 5 });
    expect((await honor.stats()).answers).toEqual({ "200": 1 });
    const invalid = await invalidAddresses(app.id);
    expect(Object.fromEntries(invalid)).toEqual({
      ...Object.fromEntries(failing.map((t) => [t, { error: "FAIL_TOKEN", deviceStatus: "invalid" }])),
      ...Object.fromEntries(expired.map((t) => [t, { error: "EXPIRED_TOKEN", deviceStatus: "invalid" }])),
    });
    expect(await db.device.count({ where: { appId: app.id, status: "active" } })).toBe(995);
    expect(await failedCodes(campaignId)).toEqual([
      ...expired.map(() => "EXPIRED_TOKEN"),
      ...failing.map(() => "FAIL_TOKEN"),
    ]);
    // One request named all 1,000; the fake showed it to the 995 good ones only.
    const records = await honor.tokens([...tokens, ...failing, ...expired]);
    expect(records).toHaveLength(1000);
    expect(records.every((r) => r.received === 1 && r.delivered === (tokens.includes(r.token) ? 1 : 0))).toBe(true);
  });

  it("vivo: invalidUsers 1 and 2 make only those addresses invalid; 3 (push off) fails, address kept", async () => {
    const { app, tokens, groups } = await seed("vivo", 994, { u: 3, g: 2, o: 1 });
    const [unknown, uninstalled, off] = [groups.u!, groups.g!, groups.o!];
    vivo.configure({ regIdPrefixes: { [unknown.prefix]: 1, [uninstalled.prefix]: 2, [off.prefix]: 3 } });
    const campaignId = await sendAndComplete(app.id);

    expect(await deliveryCounts(campaignId)).toEqual({ sent: 994, failed: 6 });
    const stats = vivo.stats();
    expect(stats).toMatchObject({ listPushes: 1, accepted: 994, errors: {} });
    const invalid = await invalidAddresses(app.id);
    expect(Object.fromEntries(invalid)).toEqual({
      ...Object.fromEntries(unknown.tokens.map((t) => [t, { error: "VIVO_USER_1", deviceStatus: "invalid" }])),
      ...Object.fromEntries(uninstalled.tokens.map((t) => [t, { error: "VIVO_USER_2", deviceStatus: "invalid" }])),
    });
    // The good ones and the one with push switched off stay active.
    expect(await db.device.count({ where: { appId: app.id, status: "active" } })).toBe(995);
    expect(await failedCodes(campaignId)).toEqual([
      "VIVO_USER_1",
      "VIVO_USER_1",
      "VIVO_USER_1",
      "VIVO_USER_2",
      "VIVO_USER_2",
      "VIVO_USER_3",
    ]);
    expect(vivo.tokens(tokens).every((r) => r.accepted === 1)).toBe(true);
    expect(vivo.tokens([...unknown.tokens, ...uninstalled.tokens, ...off.tokens])).toEqual([]);
  });

  it("JPush: 1011 for a lone target makes it invalid; for several it fails them, addresses kept", async () => {
    const lone = await seed("jpush", 0, { u: 1 });
    const several = await seed("jpush", 0, { u: 3 });
    jpush.configure({ unknownPrefixes: [lone.groups.u!.prefix, several.groups.u!.prefix] });
    const loneCampaign = await sendAndComplete(lone.app.id);
    const severalCampaign = await sendAndComplete(several.app.id);

    // Each push answered 1011 once and never sent again (not a transient answer).
    expect(jpush.stats()).toMatchObject({ pushes: 0, accepted: 0, errors: { "1011": 2 } });
    expect(jpush.bodies("/v3/push").map((push) => jpushTargets(push).length)).toEqual([1, 3]);
    // One target: the answer is about it.
    expect(await deliveryCounts(loneCampaign)).toEqual({ failed: 1 });
    expect(Object.fromEntries(await invalidAddresses(lone.app.id))).toEqual({
      [lone.groups.u!.tokens[0]!]: { error: "JPUSH_1011", deviceStatus: "invalid" },
    });
    // Several: JPush does not say which are unknown, so none is marked invalid.
    expect(await deliveryCounts(severalCampaign)).toEqual({ failed: 3 });
    expect(await failedCodes(severalCampaign)).toEqual(["JPUSH_1011", "JPUSH_1011", "JPUSH_1011"]);
    expect((await invalidAddresses(several.app.id)).size).toBe(0);
    expect(await db.device.count({ where: { appId: several.app.id, status: "active" } })).toBe(3);
  });

  it("JPush: unknown registration ids among known ones are dropped silently: all sent, none invalid", async () => {
    const { app, tokens, groups } = await seed("jpush", 998, { u: 2 });
    jpush.configure({ unknownPrefixes: [groups.u!.prefix] });
    const campaignId = await sendAndComplete(app.id);

    // JPush accepts the push and names no token; dead ones come by receipts, not from this answer.
    expect(await deliveryCounts(campaignId)).toEqual({ sent: 1000 });
    expect(jpush.stats()).toMatchObject({ pushes: 1, accepted: 998, errors: {} });
    expect(jpush.tokens(groups.u!.tokens)).toEqual([]);
    expect(jpush.tokens(tokens).every((r) => r.accepted === 1)).toBe(true);
    expect((await invalidAddresses(app.id)).size).toBe(0);
  });
});
