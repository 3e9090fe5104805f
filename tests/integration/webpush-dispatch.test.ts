// Web Push end to end on a real PostgreSQL: the device API serves the app's VAPID public key (one pair
// even when two first requests race), browsers of the fake push service subscribe with it and register
// their subscriptions as webpush addresses (validated), and a campaign goes out through the real
// dispatcher and the provider as the worker wires it (HERALD_WEBPUSH_CA_FILE): each browser decrypts
// its own message; a revoked subscription (410) becomes invalid and its device falls back to its next
// channel (the inbox); a 429 with Retry-After is sent again later, once; a push service refusing the
// VAPID key (403) pauses the campaign.
import { randomUUID } from "node:crypto";
import pino from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { StaffUser } from "@/server/auth/session";
import { db } from "@/server/db";
import { clearChannels } from "@/server/dispatch/channel-registry";
import { registerDefaultChannels } from "@/server/dispatch/channels";
import { startDispatcher, type DispatcherHandle } from "@/server/dispatch/dispatcher";
import { generateVapidKeys } from "@/server/dispatch/providers/webpush/vapid";
import { handleApiRequest } from "@/server/device-api/routes";
import { sqlPool } from "@/server/sql";
import { startFakeWebPush, subscriptionTokenOf, type FakeWebPush } from "../fakes/webpush/server";
import { jsonPost } from "../support/api-request";
import { campaignInput, deliveryCounts, sendCampaign, waitForState } from "../support/dispatch";
import { createApp, createUser } from "../support/fixtures";

const quiet = pino({ level: process.env.TEST_LOG ?? "silent" });
const base = "http://herald.test/api/v1";
let fake: FakeWebPush;
let editor: StaffUser;
let dispatcher: DispatcherHandle | null = null;

beforeAll(async () => {
  fake = await startFakeWebPush();
  process.env.HERALD_WEBPUSH_CA_FILE = fake.caFile;
  editor = await createUser("editor");
  clearChannels();
  await registerDefaultChannels({ mqttReceipts: false });
  dispatcher = await startDispatcher(quiet, {
    pollMs: 100,
    leaseMs: 10_000,
    firstChunk: 500,
    chunk: 500,
    concurrency: 2,
  });
});

afterAll(async () => {
  await dispatcher?.stop(2000);
  clearChannels();
  delete process.env.HERALD_WEBPUSH_CA_FILE;
  await fake?.close();
});

const vapidKey = (apiKey: string) =>
  handleApiRequest(new Request(`${base}/webpush/vapid-public-key`, { headers: { authorization: `Bearer ${apiKey}` } }));

// Registers a web device with its subscription (as JSON.stringify(subscription) gives it) and the inbox.
async function register(apiKey: string, subscription: object) {
  const installationId = randomUUID();
  const response = await handleApiRequest(
    jsonPost(
      `${base}/devices`,
      {
        installationId,
        platform: "web",
        addresses: [{ channel: "webpush", token: JSON.stringify(subscription) }, { channel: "poll" }],
        locale: "en",
      },
      apiKey,
    ),
  );
  return { installationId, response };
}

// An app whose `count` browsers subscribed with its VAPID key and registered.
async function webApp(count: number) {
  const { app, apiKey } = await createApp();
  const { publicKey } = (await (await vapidKey(apiKey)).json()) as { publicKey: string };
  const browsers = [];
  for (let i = 0; i < count; i++) {
    const subscription = fake.subscribe(publicKey);
    const { installationId, response } = await register(apiKey, {
      ...subscription,
      keys: subscription.keys,
      expirationTime: null,
    });
    expect(response.status).toBe(201);
    browsers.push({ subscription, installationId });
  }
  return { app, apiKey, publicKey, browsers };
}

const addressOf = async (installationId: string, channel: string) => {
  const device = await db.device.findFirstOrThrow({ where: { installationId } });
  return (device.addresses as Array<{ channel: string; status: string; token: string | null; error?: string }>).find(
    (a) => a.channel === channel,
  );
};

describe("Web Push through the device API and the dispatcher", () => {
  it("serves one VAPID key pair per app, generated once even when two first requests race", async () => {
    const { app, apiKey } = await createApp();
    const answers = await Promise.all([vapidKey(apiKey), vapidKey(apiKey), vapidKey(apiKey)]);
    const keys = await Promise.all(answers.map((a) => a.json() as Promise<{ publicKey: string; subject: string }>));
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200]);
    expect(new Set(keys.map((k) => k.publicKey)).size).toBe(1);
    expect(keys[0]!.publicKey).toMatch(/^B[A-Za-z0-9_-]{86}$/);
    expect(keys[0]!.subject).toMatch(/^(mailto:|https:)/);
    expect(await db.providerCredential.count({ where: { appId: app.id, channel: "webpush" } })).toBe(1);
    const row = await db.providerCredential.findFirstOrThrow({ where: { appId: app.id, channel: "webpush" } });
    expect(row.summary).toEqual({ subject: keys[0]!.subject, publicKey: keys[0]!.publicKey });
    // Later requests read the stored pair.
    expect(((await (await vapidKey(apiKey)).json()) as { publicKey: string }).publicKey).toBe(keys[0]!.publicKey);
    expect((await handleApiRequest(new Request(`${base}/webpush/vapid-public-key`))).status).toBe(401);
  });

  it("refuses malformed subscriptions with a problem and stores valid ones canonically", async () => {
    const { apiKey } = await createApp();
    const good = fake.subscribe(null);
    const bad = [
      "not json",
      { endpoint: "http://push.example/x", keys: good.keys },
      { endpoint: good.endpoint, keys: { p256dh: good.keys.p256dh.slice(0, 40), auth: good.keys.auth } },
      { endpoint: good.endpoint, keys: { p256dh: good.keys.p256dh, auth: good.keys.auth + "AAAA" } },
      { endpoint: good.endpoint, keys: { p256dh: good.keys.p256dh.replace(/^B/, "A"), auth: good.keys.auth } },
    ];
    for (const subscription of bad) {
      const token = typeof subscription === "string" ? subscription : JSON.stringify(subscription);
      const response = await handleApiRequest(
        jsonPost(
          `${base}/devices`,
          { installationId: randomUUID(), platform: "web", channel: "webpush", token },
          apiKey,
        ),
      );
      expect(response.status, token).toBe(422);
      expect(response.headers.get("content-type")).toMatch(/problem\+json/);
      const problem = (await response.json()) as { errors?: Array<{ path: string; message: string }> };
      expect(JSON.stringify(problem)).toMatch(/PushSubscription/);
    }
    const { installationId, response } = await register(apiKey, {
      expirationTime: null,
      keys: { auth: good.keys.auth, p256dh: good.keys.p256dh },
      endpoint: good.endpoint,
    });
    expect(response.status).toBe(201);
    expect((await addressOf(installationId, "webpush"))?.token).toBe(subscriptionTokenOf(good));
  });

  it("sends a campaign each browser decrypts; a revoked subscription falls back to the inbox", async () => {
    const { app, browsers } = await webApp(6);
    const revoked = browsers[5]!;
    fake.unsubscribe(revoked.subscription.id);
    const campaignId = await sendCampaign(
      editor,
      campaignInput(app.id, {
        breaking: true,
        type: "news",
        delivery: { priority: "high", channels: [], collapseKey: "quake-1", ttlSeconds: 1800 },
      }),
    );
    await waitForState(campaignId, "completed", 45_000);
    const devices = await db.device.findMany({ where: { appId: app.id }, select: { id: true, installationId: true } });
    const installationOf = new Map(devices.map((d) => [d.id, d.installationId]));
    const deliveries = (
      await db.delivery.findMany({
        where: { campaignId },
        select: { id: true, channel: true, status: true, deviceId: true },
      })
    ).map((d) => ({ ...d, device: { installationId: installationOf.get(d.deviceId) } }));
    for (const browser of browsers.slice(0, 5)) {
      const delivery = deliveries.find((d) => d.device.installationId === browser.installationId)!;
      expect(delivery).toMatchObject({ channel: "webpush", status: "sent" });
      const received = fake.received(browser.subscription.id) as Array<{ title: string; data: Record<string, string> }>;
      expect(received).toHaveLength(1);
      expect(received[0]).toMatchObject({ title: "Hello", body: "World", tag: "quake-1" });
      expect(received[0]!.data).toEqual({ herald_c: campaignId, herald_d: String(delivery.id) });
      expect(fake.records(browser.subscription.id)[0]).toMatchObject({ urgency: "high", ttl: expect.any(Number) });
    }
    const fallback = deliveries.find((d) => d.device.installationId === revoked.installationId)!;
    expect(fallback.channel).toBe("poll");
    expect(await addressOf(revoked.installationId, "webpush")).toMatchObject({ status: "invalid", error: "HTTP_410" });
    expect(await deliveryCounts(campaignId)).toMatchObject({ sent: 6 });
  });

  it("sends a 429'd message again after Retry-After, exactly once", async () => {
    const { app, browsers } = await webApp(3);
    const limited = browsers[0]!;
    fake.script(limited.subscription.id, [{ status: 429, retryAfter: "1" }]);
    const started = Date.now();
    const campaignId = await sendCampaign(editor, campaignInput(app.id));
    await waitForState(campaignId, "completed", 45_000);
    const limitedRecords = fake.records(limited.subscription.id);
    expect(limitedRecords.map((r) => r.status)).toEqual([429, 201]);
    expect(limitedRecords[1]!.at - limitedRecords[0]!.at).toBeGreaterThanOrEqual(1000);
    for (const browser of browsers) expect(fake.received(browser.subscription.id)).toHaveLength(1);
    expect(Date.now() - started).toBeLessThan(45_000);
    expect(await deliveryCounts(campaignId)).toEqual({ sent: 3 });
  });

  it("pauses the campaign when the push service refuses the app's VAPID key", async () => {
    const { app, apiKey } = await createApp();
    await vapidKey(apiKey);
    // Subscribed with another site's key: the push service answers 403 to this app's pushes.
    const subscription = fake.subscribe(generateVapidKeys().publicKey);
    expect((await register(apiKey, subscription)).response.status).toBe(201);
    const campaignId = await sendCampaign(editor, campaignInput(app.id));
    const paused = await waitForState(campaignId, "paused", 30_000);
    expect(paused.pausedReason).toMatch(/webpush: .*VAPID/);
    expect(fake.received(subscription.id)).toEqual([]);
    const { rows } = await sqlPool().query<{ lastError: string | null }>(
      `select "lastError" from "ProviderCredential" where "appId" = $1 and channel = 'webpush'`,
      [app.id],
    );
    expect(rows[0]?.lastError ?? "").toMatch(/VAPID/);
  });
});
