// Reliability of the phone makers' channels through the real dispatcher (fan-out, batches, recording
// on a real PostgreSQL) and the real providers as the worker wires them (server/dispatch/channels.ts,
// reaching the loopback TLS fakes through HERALD_<ID>_ENDPOINT): an access token that expires between
// two batches (one refresh, no batch lost), 5xx and flow-control answers (retried after a backoff,
// never a token twice), and partial batch failures (only the bad addresses become invalid). Huawei
// and OPPO, the two whose contracts have the most moving parts (OAuth token and illegal_tokens in a
// JSON string; a 24 h auth token and per-item errors inside a code 0 answer), and vivo's token expiry
// (its list push spends two requests per batch).
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
import { startFakeOppo, type FakeOppo } from "../fakes/oppo/server";
import { startFakeVivo, type FakeVivo } from "../fakes/vivo/server";
import { campaignInput, deliveryCounts, insertDevices, sendCampaign, waitForState } from "../support/dispatch";
import { waitUntil } from "../support/dispatch-fcm";
import { createApp, createUser } from "../support/fixtures";
import { vendorFakeEnv, vendorSecrets } from "../support/vendor-fakes";

const quiet = pino({ level: process.env.TEST_LOG ?? "silent" });
// One batch in flight per worker, so "between two batches" is a moment the test can act in; batches
// of the providers' 1,000.
const dispatchSettings = { pollMs: 100, leaseMs: 10_000, firstChunk: 1000, chunk: 1000, concurrency: 1 };
let hms: FakeHms;
let oppo: FakeOppo;
let vivo: FakeVivo;
let editor: StaffUser;
let dispatcher: DispatcherHandle | null = null;

beforeAll(async () => {
  [hms, oppo, vivo] = await Promise.all([startFakeHms(), startFakeOppo(), startFakeVivo()]);
  Object.assign(process.env, vendorFakeEnv("hms", hms), vendorFakeEnv("oppo", oppo), vendorFakeEnv("vivo", vivo));
  editor = await createUser("editor");
  clearChannels();
  await registerDefaultChannels({ mqttReceipts: false });
  dispatcher = await startDispatcher(quiet, dispatchSettings);
});

afterEach(async () => {
  await hms.reset();
  oppo.reset();
  vivo.reset();
  clearOppoTokens();
  clearVivoTokens();
  clearVivoQuotas();
});

afterAll(async () => {
  await dispatcher?.stop(2000);
  clearChannels();
  await Promise.all([hms?.close(), oppo?.close(), vivo?.close()]);
});

// An app with the fakes' Huawei, OPPO and vivo credentials and `count` devices whose one address is
// on `channel`; their tokens in device order.
async function seed(channel: "hms" | "oppo" | "vivo", count: number) {
  const { app } = await createApp();
  await db.app.update({ where: { id: app.id }, data: { approvalThreshold: count + 1 } });
  await db.providerCredential.createMany({
    data: [
      { appId: app.id, channel: "hms", summary: {}, secretSealed: sealCredential(app.id, "hms", vendorSecrets.hms) },
      { appId: app.id, channel: "oppo", summary: {}, secretSealed: sealCredential(app.id, "oppo", vendorSecrets.oppo) },
      { appId: app.id, channel: "vivo", summary: {}, secretSealed: sealCredential(app.id, "vivo", vendorSecrets.vivo) },
    ],
  });
  const prefix = app.id.slice(0, 8);
  await insertDevices(app.id, count, { channel, prefix });
  return { app, tokens: Array.from({ length: count }, (_, i) => `tok-${prefix}-${i + 1}`) };
}

async function sendAndComplete(appId: string) {
  const campaignId = await sendCampaign(editor, campaignInput(appId));
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

// Times (ms) at which the Huawei fake received requests naming the first token of its first request.
async function hmsFirstTokenTimes() {
  const bodies = await hms.bodies();
  const tokensOf = (body: unknown) => (body as { message?: { token?: string[] } }).message?.token ?? [];
  const first = tokensOf(bodies[0]?.body)[0];
  return bodies.filter((b) => first !== undefined && tokensOf(b.body).includes(first)).map((b) => b.at);
}

// Each OPPO target's arrivals that were shown (a dropped duplicate would mean a second push).
function oppoArrivalsByRegId() {
  const counts = new Map<string, number>();
  for (const arrival of oppo.arrivals()) counts.set(arrival.regId, (counts.get(arrival.regId) ?? 0) + 1);
  return counts;
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
    const arrivals = oppoArrivalsByRegId();
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
    const times = await hmsFirstTokenTimes();
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
    const arrivals = oppoArrivalsByRegId();
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
});
