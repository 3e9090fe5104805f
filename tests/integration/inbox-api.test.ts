// The inbox channel and GET /api/v1/devices/{installationId}/inbox against a real PostgreSQL:
// paging, ETag/304, long-polling woken by NOTIFY, TTL expiry, isolation between apps, bad input.
import { randomUUID } from "node:crypto";
import { createServer, request as httpRequest, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { handleApiRequest } from "@/server/device-api/routes";
import { db } from "@/server/db";
import { watchedDeviceCount, stopInboxListener } from "@/server/inbox/waiters";
import { deleteExpiredInbox } from "@/server/inbox/expire";
import { appendToInbox, appendToInboxQuietly, notifyInboxes } from "@/server/inbox/store";
import { sqlPool } from "@/server/sql";
import { buildDevicePayload } from "@/server/dispatch/providers/device-payload";
import { createInboxProvider } from "@/server/inbox/provider";
import type { DeliveryOptions } from "@/server/dispatch/providers/types";
import { serveApiRequest } from "@/server/device-api/http-adapter";
import {
  createCampaignWave,
  createDelivery,
  createDevice,
  deliveredCount,
  deliveryState,
  outgoing,
  type TestDevice,
} from "../support/delivery-fixtures";
import { createApp } from "../support/fixtures";

let keyA: string;
let keyB: string;
let appA: string;
let campaign: { campaignId: string; waveId: bigint };
const options: DeliveryOptions = { priority: "normal", ttlSeconds: 3600, collapseKey: "digest" };

beforeAll(async () => {
  const a = await createApp();
  const b = await createApp();
  [keyA, keyB, appA] = [a.apiKey, b.apiKey, a.app.id];
  campaign = await createCampaignWave(appA);
});

afterEach(() => {
  delete process.env.HERALD_INBOX_MAX_WAITERS_PER_APP;
});

afterAll(async () => {
  await stopInboxListener();
});

function inbox(
  device: Pick<TestDevice, "installationId">,
  query = "",
  init: { key?: string | null; headers?: Record<string, string>; signal?: AbortSignal } = {},
) {
  const headers: Record<string, string> = {
    ...(init.key === null ? {} : { authorization: `Bearer ${init.key ?? keyA}` }),
    ...init.headers,
  };
  return handleApiRequest(
    new Request(`http://localhost/api/v1/devices/${device.installationId}/inbox${query}`, {
      headers,
      signal: init.signal,
    }),
  );
}

// Sends `count` messages to a device through the inbox the way the dispatcher does; returns their delivery ids.
async function deliver(device: TestDevice, count: number, channel: "poll" | "fcm" = "poll", deliveryOptions = options) {
  const ids: string[] = [];
  for (let i = 0; i < count; i++) ids.push(await createDeliveryNewRun(device, channel));
  await appendToInbox(
    ids.map((id, i) => outgoing(id, device, campaign.campaignId, `Message ${i + 1}`)),
    { appId: device.appId, options: deliveryOptions },
  );
  return ids;
}

// One delivery per run keeps (campaign, run, device) unique while a device gets many messages.
let run = 1;
async function createDeliveryNewRun(device: TestDevice, channel: "poll" | "fcm") {
  const row = await db.delivery.create({
    data: {
      campaignId: campaign.campaignId,
      run: run++,
      waveId: campaign.waveId,
      deviceId: device.id,
      channel,
      status: "sent",
    },
    select: { id: true },
  });
  return row.id.toString();
}

async function expectProblem(response: Response, status: number, slug: string) {
  expect(response.status).toBe(status);
  expect(response.headers.get("content-type")).toBe("application/problem+json");
  const body = await response.json();
  expect(body).toMatchObject({ type: `https://herald.dev/problems/${slug}`, status });
  return body;
}

describe("inbox copies", () => {
  it(
    "store each device exactly the payload an MQTT device gets, " + "when devices share a message and when they do not",
    async () => {
      const devices = await Promise.all([
        createDevice(appA, "fcm"),
        createDevice(appA, "fcm"),
        createDevice(appA, "fcm"),
      ]);
      const ids = await Promise.all(devices.map((device) => createDeliveryNewRun(device, "fcm")));
      const shared = outgoing(ids[0]!, devices[0]!, campaign.campaignId, "Shared");
      const messages = [
        shared,
        { ...outgoing(ids[1]!, devices[1]!, campaign.campaignId), content: shared.content },
        { ...outgoing(ids[2]!, devices[2]!, campaign.campaignId, "Alone"), variantKey: "B", locale: "de" },
      ];
      const sentAt = new Date(Date.now() - 1000);
      expect(await appendToInbox(messages, { appId: appA, options, sentAt })).toBe(3);
      const { rows } = await sqlPool().query<{ deliveryId: string; payload: unknown }>(
        `select "deliveryId"::text as "deliveryId", payload from "InboxMessage" where "deliveryId" = any($1::bigint[])`,
        [ids],
      );
      const stored = new Map(rows.map((row) => [row.deliveryId, row.payload]));
      for (const message of messages)
        expect(stored.get(message.deliveryId)).toEqual(buildDevicePayload(message, options, sentAt));
      expect(stored.get(ids[2]!)).toMatchObject({ messageId: ids[2], title: "Alone", variant: "B", locale: "de" });
    },
  );
});

describe("GET /api/v1/devices/{installationId}/inbox", () => {
  it("pages with the cursor, oldest first, each message the MQTT payload plus its cursor", async () => {
    const device = await createDevice(appA, "poll");
    const ids = await deliver(device, 5);
    const first = await inbox(device, "?limit=2");
    expect(first.status).toBe(200);
    const page1 = await first.json();
    expect(page1.messages.map((m: { messageId: string }) => m.messageId)).toEqual(ids.slice(0, 2));
    expect(page1.messages[0]).toMatchObject({
      v: 1,
      title: "Message 1",
      campaignId: campaign.campaignId,
      collapseKey: "digest",
      priority: "normal",
      data: { story: "42" },
    });
    expect(page1.cursor).toBe(page1.messages[1].cursor);
    const page2 = await (await inbox(device, `?limit=2&after=${page1.cursor}`)).json();
    expect(page2.messages.map((m: { title: string }) => m.title)).toEqual(["Message 3", "Message 4"]);
    const page3 = await (await inbox(device, `?after=${page2.cursor}`)).json();
    expect(page3.messages.map((m: { title: string }) => m.title)).toEqual(["Message 5"]);
    const empty = await (await inbox(device, `?after=${page3.cursor}`)).json();
    expect(empty).toEqual({ messages: [], cursor: page3.cursor });
  });

  it("answers 304 for an unchanged If-None-Match and 200 with a new ETag once a message arrives", async () => {
    const device = await createDevice(appA, "poll");
    await deliver(device, 1);
    const first = await inbox(device);
    const etag = first.headers.get("etag")!;
    expect(etag).toMatch(/^".+"$/);
    const again = await inbox(device, "", { headers: { "if-none-match": etag } });
    expect(again.status).toBe(304);
    expect(again.headers.get("etag")).toBe(etag);
    expect(await again.text()).toBe("");
    await deliver(device, 1);
    const changed = await inbox(device, "", { headers: { "if-none-match": etag } });
    expect(changed.status).toBe(200);
    expect(changed.headers.get("etag")).not.toBe(etag);
    expect((await changed.json()).messages).toHaveLength(2);
  });

  it("long-polls: a new message wakes the request well before the wait ends", async () => {
    const device = await createDevice(appA, "poll");
    const started = performance.now();
    const pending = inbox(device, "?wait=10");
    setTimeout(() => void deliver(device, 1), 300);
    const response = await pending;
    const elapsed = performance.now() - started;
    expect(response.status).toBe(200);
    expect((await response.json()).messages).toHaveLength(1);
    expect(elapsed).toBeGreaterThan(250);
    expect(elapsed).toBeLessThan(2000);
    expect(watchedDeviceCount()).toBe(0);
  });

  it(
    "long-polls: a copy the dispatcher writes inside its " + "recording wakes the device once the recording commits",
    async () => {
      const device = await createDevice(appA, "fcm");
      const id = await createDeliveryNewRun(device, "fcm");
      const started = performance.now();
      const pending = inbox(device, "?wait=10");
      await new Promise((r) => setTimeout(r, 200));
      const client = await sqlPool().connect();
      let woken: string[] = [];
      try {
        await client.query("begin");
        woken = await appendToInboxQuietly(
          [outgoing(id, device, campaign.campaignId, "Copied")],
          { appId: device.appId, options },
          client,
        );
        // Not yet visible, and nobody told: the long-poll keeps waiting.
        await new Promise((r) => setTimeout(r, 300));
        await client.query("commit");
      } finally {
        client.release();
      }
      expect(woken).toEqual([device.id]);
      await notifyInboxes(woken);
      const response = await pending;
      const elapsed = performance.now() - started;
      expect((await response.json()).messages.map((m: { title: string }) => m.title)).toEqual(["Copied"]);
      expect(elapsed).toBeGreaterThan(450);
      expect(elapsed).toBeLessThan(2500);
      // A second copy of the same delivery adds nothing and names no device.
      expect(
        await appendToInboxQuietly(
          [outgoing(id, device, campaign.campaignId, "Copied")],
          { appId: device.appId, options },
          sqlPool(),
        ),
      ).toEqual([]);
    },
  );

  it("long-polls: with nothing new, answers an empty list after the wait (304 when the ETag matches)", async () => {
    const device = await createDevice(appA, "poll");
    const started = performance.now();
    const response = await inbox(device, "?wait=1");
    expect(performance.now() - started).toBeGreaterThanOrEqual(950);
    expect(await response.json()).toEqual({ messages: [], cursor: "0" });
    const etag = response.headers.get("etag")!;
    const notModified = await inbox(device, "?wait=1", { headers: { "if-none-match": etag } });
    expect(notModified.status).toBe(304);
    // A message for another device does not wake this one.
    const other = await createDevice(appA, "poll");
    const quiet = inbox(device, "?wait=1");
    await deliver(other, 1);
    expect((await (await quiet).json()).messages).toEqual([]);
  });

  it("stops waiting and forgets the waiter when the client goes away", async () => {
    const device = await createDevice(appA, "poll");
    const server: Server = createServer((req, res) => void serveApiRequest(req, res));
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    try {
      const port = (server.address() as AddressInfo).port;
      const req = httpRequest({
        port,
        host: "127.0.0.1",
        path: `/api/v1/devices/${device.installationId}/inbox?wait=20`,
        headers: { authorization: `Bearer ${keyA}` },
      });
      req.on("error", () => undefined);
      req.end();
      const deadline = Date.now() + 3000;
      while (watchedDeviceCount() === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
      expect(watchedDeviceCount()).toBe(1);
      req.destroy();
      const released = Date.now() + 3000;
      while (watchedDeviceCount() > 0 && Date.now() < released) await new Promise((r) => setTimeout(r, 20));
      expect(watchedDeviceCount()).toBe(0);
    } finally {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });

  it("caps concurrent long-polls per API key with 429", async () => {
    process.env.HERALD_INBOX_MAX_WAITERS_PER_APP = "1";
    const [one, two] = [await createDevice(appA, "poll"), await createDevice(appA, "poll")];
    const controller = new AbortController();
    const held = inbox(one, "?wait=20", { signal: controller.signal });
    while (watchedDeviceCount() === 0) await new Promise((r) => setTimeout(r, 10));
    const refused = await inbox(two, "?wait=20");
    await expectProblem(refused, 429, "rate-limited");
    expect(refused.headers.get("retry-after")).toBe("5");
    controller.abort();
    expect((await held).status).toBe(200);
  });

  it("never returns expired messages, and deleteExpiredInbox removes them", async () => {
    const device = await createDevice(appA, "poll");
    await deliver(device, 1, "poll", { ...options, ttlSeconds: 1 });
    await deliver(device, 1);
    expect((await (await inbox(device)).json()).messages).toHaveLength(2);
    await new Promise((r) => setTimeout(r, 1100));
    const body = await (await inbox(device)).json();
    expect(body.messages.map((m: { title: string }) => m.title)).toEqual(["Message 1"]);
    expect(body.messages[0].expiresAt).not.toBeNull();
    expect(await deleteExpiredInbox()).toBeGreaterThanOrEqual(1);
    expect(await db.inboxMessage.count({ where: { deviceId: device.id } })).toBe(1);
  });

  it("marks poll deliveries delivered on fetch (once), not deliveries of other channels", async () => {
    const pollDevice = await createDevice(appA, "poll");
    const fcmDevice = await createDevice(appA, "fcm");
    const own = await createCampaignWave(appA);
    const pollId = await createDelivery(own, pollDevice, "poll", "sent");
    const fcmId = await createDelivery(own, fcmDevice, "fcm", "sent");
    await appendToInbox([outgoing(pollId, pollDevice, own.campaignId)], { appId: appA, options });
    await appendToInbox([outgoing(fcmId, fcmDevice, own.campaignId)], { appId: appA, options });
    await inbox(pollDevice);
    await inbox(fcmDevice);
    expect((await deliveryState(pollId)).status).toBe("delivered");
    expect((await deliveryState(fcmId)).status).toBe("sent");
    await inbox(pollDevice);
    expect(await deliveredCount(own.campaignId)).toBe(1);
  });

  it("keeps apps apart: another app's key gets 404 for this device", async () => {
    const device = await createDevice(appA, "poll");
    await deliver(device, 1);
    await expectProblem(await inbox(device, "", { key: keyB }), 404, "not-found");
    await expectProblem(await inbox({ installationId: randomUUID() }), 404, "not-found");
  });

  it("refuses bad queries with 400 problem+json naming the fields, and requests without a key with 401", async () => {
    const device = await createDevice(appA, "poll");
    const body = await expectProblem(await inbox(device, "?limit=0&wait=31&after=abc"), 400, "invalid-query");
    expect(body.errors.map((e: { path: string }) => e.path).sort()).toEqual(["after", "limit", "wait"]);
    await expectProblem(await inbox(device, "?limit=1000"), 400, "invalid-query");
    await expectProblem(await inbox(device, "?after=99999999999999999999"), 400, "invalid-query");
    await expectProblem(await inbox({ installationId: "not-a-uuid" }), 400, "invalid-parameter");
    const unauthorised = await expectProblem(await inbox(device, "", { key: null }), 401, "unauthorized");
    expect(unauthorised.detail).toContain("API key");
  });
});

describe("inbox cursors", () => {
  it("refuses an after past the end with 400 instead of echoing it back as the next cursor", async () => {
    const device = await createDevice(appA, "poll");
    const [first] = await deliver(device, 1);
    const page = await (await inbox(device)).json();
    // A cursor no answer gave: past the newest inbox id of any device (the ids are one sequence).
    const { rows } = await sqlPool().query<{ last: string }>(
      `select pg_sequence_last_value(pg_get_serial_sequence('"InboxMessage"', 'id')::regclass)::text as last`,
    );
    const pastEnd = (BigInt(rows[0]!.last) + 1000n).toString();
    const body = await expectProblem(await inbox(device, `?after=${pastEnd}`), 400, "invalid-query");
    expect(body.errors.map((e: { path: string }) => e.path)).toEqual(["after"]);
    expect(body.detail).toContain("without after");
    // Had the client stored it, the next message (a smaller id) would have been skipped; it is served instead.
    const [second] = await deliver(device, 1);
    const next = await (await inbox(device, `?after=${page.cursor}`)).json();
    expect(next.messages.map((m: { messageId: string }) => m.messageId)).toEqual([second]);
    expect(page.messages.map((m: { messageId: string }) => m.messageId)).toEqual([first]);
    // A cursor Herald handed out stays good, however far other devices' messages moved the sequence on.
    const other = await createDevice(appA, "poll");
    await deliver(other, 3);
    const caughtUp = await inbox(device, `?after=${next.cursor}`);
    expect(caughtUp.status).toBe(200);
    expect(await caughtUp.json()).toEqual({ messages: [], cursor: next.cursor });
  });
});

describe("inbox provider", () => {
  it("stores each message once (a retried batch adds nothing) and answers sent", async () => {
    const device = await createDevice(appA, "poll");
    const ids = [await createDeliveryNewRun(device, "poll"), await createDeliveryNewRun(device, "poll")];
    const provider = createInboxProvider({ appId: appA, channel: "poll", secret: null });
    const batch = {
      appId: appA,
      campaignId: campaign.campaignId,
      options,
      messages: ids.map((id) => outgoing(id, device, campaign.campaignId)),
    };
    expect(await provider.send(batch)).toEqual(ids.map((deliveryId) => ({ deliveryId, outcome: "sent" })));
    expect(await provider.send(batch)).toEqual(ids.map((deliveryId) => ({ deliveryId, outcome: "sent" })));
    expect(await db.inboxMessage.count({ where: { deviceId: device.id } })).toBe(2);
    await provider.close();
  });
});
