// APNs through the real dispatcher (fan-out, batches, recording on a real PostgreSQL) and the real
// provider as the worker wires it (server/dispatch/channels.ts, reaching the loopback HTTP/2 fake
// through HERALD_APNS_ENDPOINT and HERALD_APNS_CA_FILE): a campaign to iOS devices, each pushed once
// with its own delivery id; a dead token (410 Unregistered) marked invalid and the device moved to its
// next channel (the inbox) in the same run; 503s retried with backoff and never a push twice; a
// bundle id APNs refuses pauses the campaign. The campaign report shows APNs as a channel of its own.
import { randomUUID } from "node:crypto";
import pino from "pino";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { ApnsSecret } from "@/lib/channels/apns";
import type { StaffUser } from "@/server/auth/session";
import { sealCredential } from "@/server/apps/credential-seal";
import { db } from "@/server/db";
import { registerDevice } from "@/server/devices/register";
import { oneAddressSql } from "@/server/devices/address-sql";
import { clearChannels } from "@/server/dispatch/channel-registry";
import { registerDefaultChannels } from "@/server/dispatch/channels";
import { startDispatcher, type DispatcherHandle } from "@/server/dispatch/dispatcher";
import { sqlPool } from "@/server/sql";
import { getCampaignReport } from "@/server/analytics/queries";
import { rollupCampaign } from "@/server/analytics/rollup";
import { fakeApnsApp, startFakeApns, type FakeApns } from "../fakes/apns/server";
import { campaignInput, deliveryCounts, sendCampaign, waitForState } from "../support/dispatch";
import { createApp, createUser } from "../support/fixtures";

const quiet = pino({ level: process.env.TEST_LOG ?? "silent" });
let fake: FakeApns;
let editor: StaffUser;
let dispatcher: DispatcherHandle | null = null;

beforeAll(async () => {
  fake = await startFakeApns();
  Object.assign(process.env, { HERALD_APNS_ENDPOINT: fake.url, HERALD_APNS_CA_FILE: fake.caFile });
  editor = await createUser("editor");
  clearChannels();
  await registerDefaultChannels({ mqttReceipts: false });
  dispatcher = await startDispatcher(quiet, { pollMs: 100, leaseMs: 10_000, firstChunk: 500, chunk: 500 });
});

afterEach(() => fake.reset());

afterAll(async () => {
  await dispatcher?.stop(2000);
  clearChannels();
  await fake?.close();
});

// An app with an APNs credential (the fake's, or another bundle id).
async function appWithApns(secret: ApnsSecret = fakeApnsApp) {
  const { app } = await createApp();
  await db.providerCredential.create({
    data: { appId: app.id, channel: "apns", summary: {}, secretSealed: sealCredential(app.id, "apns", secret) },
  });
  return app;
}

// `count` iOS devices with an APNs token each: 64 hex digits, starting with `prefix` (8 hex digits).
async function insertIosDevices(appId: string, count: number, prefix: string) {
  const address = oneAddressSql("'apns'", `$2 || lpad(to_hex(n), 56, '0')`);
  await sqlPool().query(
    `insert into "Device" (id, "appId", "installationId", platform, addresses, "channelMask", tags, locale, timezone,
       status, "updatedAt")
     select gen_random_uuid(), $1, gen_random_uuid(), 'ios', ${address.addresses}, ${address.channelMask},
       '{}', 'en-US', 'Europe/Berlin', 'active', now()
       from generate_series(1, $3) n`,
    [appId, prefix, count],
  );
}

describe("APNs through the dispatcher", () => {
  it("pushes a campaign to 1,200 iOS devices, each once with its delivery id, over one connection", async () => {
    const app = await appWithApns();
    await db.app.update({ where: { id: app.id }, data: { approvalThreshold: 10_000 } });
    await insertIosDevices(app.id, 1200, "abcdef01");
    const id = await sendCampaign(editor, campaignInput(app.id));
    await waitForState(id, "completed", 45_000);
    expect(await deliveryCounts(id)).toEqual({ sent: 1200 });
    const stats = fake.stats();
    expect(stats).toMatchObject({ accepted: 1200, duplicates: 0, jwts: 1, sessions: 1 });
    const received = fake.received();
    expect(new Set(received.map((push) => push.token)).size).toBe(1200);
    const deliveries = await db.delivery.findMany({ where: { campaignId: id }, select: { id: true, address: true } });
    const byToken = new Map(deliveries.map((d) => [d.address, d.id.toString()]));
    for (const push of received.slice(0, 50)) {
      expect(push).toMatchObject({
        topic: "com.example.herald",
        pushType: "alert",
        priority: 10,
        collapseId: "story-1",
      });
      expect(push.payload).toMatchObject({
        aps: { alert: { title: "Hello", body: "World" }, "thread-id": id },
        herald_c: id,
        herald_d: byToken.get(push.token),
      });
    }
  });

  it("marks a 410 Unregistered token invalid and moves the device to its inbox in the same run", async () => {
    const app = await appWithApns();
    const register = (token: string) =>
      registerDevice(app.id, {
        installationId: randomUUID(),
        platform: "ios",
        addresses: [
          { channel: "apns", token },
          { channel: "poll", token: null },
        ],
      });
    // The fake answers 410 for tokens starting "dead".
    const dead = await register(`dead${"0".repeat(59)}1`);
    const alive = await register(`beef${"0".repeat(59)}1`);
    const id = await sendCampaign(editor, campaignInput(app.id));
    await waitForState(id, "completed", 45_000);
    const rows = await db.delivery.findMany({
      where: { campaignId: id },
      select: { deviceId: true, channel: true, status: true },
    });
    expect(Object.fromEntries(rows.map((row) => [row.deviceId, `${row.channel}:${row.status}`]))).toEqual({
      [dead.id]: "poll:sent",
      [alive.id]: "apns:sent",
    });
    const stored = await db.device.findUniqueOrThrow({ where: { id: dead.id } });
    expect(stored.addresses).toEqual([
      expect.objectContaining({ channel: "apns", status: "invalid", error: expect.stringContaining("Unregistered") }),
      { channel: "poll", token: null, status: "active" },
    ]);
    expect(fake.stats()).toMatchObject({ accepted: 1, errors: { Unregistered: 1 } });
    // The campaign report splits the run by channel: APNs and the inbox it fell back to.
    await rollupCampaign(id);
    const report = await getCampaignReport(id);
    expect(Object.fromEntries(report!.byChannel.map((row) => [row.key, [row.sent, row.failed]]))).toEqual({
      apns: [1, 0],
      poll: [1, 0],
    });
  });

  it("retries 503s with backoff until APNs takes them, never pushing a device twice", async () => {
    const app = await appWithApns();
    await insertIosDevices(app.id, 20, "cafe0001");
    // The first 30 requests fail: node-apn re-sends once, the dispatcher retries the rest later.
    fake.configure({ next: Array.from({ length: 30 }, () => ({ status: 503, reason: "ServiceUnavailable" })) });
    const id = await sendCampaign(editor, campaignInput(app.id));
    await waitForState(id, "completed", 60_000);
    expect(await deliveryCounts(id)).toEqual({ sent: 20 });
    expect(fake.stats()).toMatchObject({ accepted: 20, duplicates: 0, errors: { ServiceUnavailable: 30 } });
    const retried = await db.delivery.count({ where: { campaignId: id, attempts: { gt: 1 } } });
    expect(retried).toBeGreaterThan(0);
  });

  it("pauses the campaign when APNs refuses the bundle id (TopicDisallowed)", async () => {
    const app = await appWithApns({ ...fakeApnsApp, bundleId: "com.not.this.team" });
    await insertIosDevices(app.id, 5, "0badf00d");
    const id = await sendCampaign(editor, campaignInput(app.id));
    const paused = await waitForState(id, "paused", 30_000);
    expect(paused.pausedReason).toMatch(/apns.*TopicDisallowed/);
    expect(fake.stats().accepted).toBe(0);
    const credential = await db.providerCredential.findFirstOrThrow({ where: { appId: app.id, channel: "apns" } });
    expect(credential.lastError).toMatch(/TopicDisallowed/);
  });
});
