// Receipts from the phone makers and JPush, end to end with real parts: a campaign goes through the real
// dispatcher and each vendor's real provider to its loopback fake, the fake calls back (its receipt mode,
// tests/fakes/<vendor>/receipts.ts) to Herald's device API on a real HTTP server, and the Delivery rows
// become delivered (clicked where the vendor reports clicks), dead addresses invalid; the same receipts
// again change nothing; a wrong URL secret is 403, a wrong vendor signature or credential 401, a malformed
// body 400, each as problem+json with nothing changed.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { randomUUID } from "node:crypto";
import pino from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { StaffUser } from "@/server/auth/session";
import { sealCredential } from "@/server/apps/credential-seal";
import { db } from "@/server/db";
import { serveApiRequest } from "@/server/device-api/http-adapter";
import { registerDevice } from "@/server/devices/register";
import { clearChannels } from "@/server/dispatch/channel-registry";
import { closeDefaultChannels, registerDefaultChannels } from "@/server/dispatch/channels";
import { startDispatcher, type DispatcherHandle } from "@/server/dispatch/dispatcher";
import { closeProviders } from "@/server/dispatch/provider-cache";
import { receiptSigningKey, receiptSigningUser, type ReceiptChannel } from "@/server/receipts/receipt-urls";
import { receiptUrl } from "@/server/receipts/receipt-urls";
import { fakeJpushApp, startFakeJpush } from "@/tests/fakes/jpush/server";
import { fakeOppoApp, startFakeOppo } from "@/tests/fakes/oppo/server";
import type { ReceiptPost, ReceiptPoster } from "@/tests/fakes/receipt-poster";
import { fakeVivoApp, startFakeVivo } from "@/tests/fakes/vivo/server";
import { fakeXiaomiApp, startFakeXiaomi } from "@/tests/fakes/xiaomi/server";
import { startFakeHms } from "@/tests/fakes/hms/server";
import { startFakeHonor } from "@/tests/fakes/honor/server";
import { campaignInput, sendCampaign, waitForState } from "../support/dispatch";
import { createApp, createUser } from "../support/fixtures";

type Fake = { url: string; caFile: string; receipts: ReceiptPoster; close(): Promise<void> };

const quiet = pino({ level: process.env.TEST_LOG ?? "silent" });
let server: Server;
let dispatcher: DispatcherHandle | null = null;
let editor: StaffUser;
let appId = "";
const fakes = new Map<ReceiptChannel, Fake>();

// What each vendor does with a token of an uninstalled app ("gone-…"): reports it dead by receipt
// (Huawei status 2, Honor alike, Xiaomi type 16), in the send answer already (vivo 10302 status 2), or
// not at all (OPPO and JPush fakes accept it and send no receipt); and whether it reports clicks.
type Dead = "receipt" | "send" | "never";
const vendors: Array<{ channel: ReceiptChannel; brand: string; dead: Dead; clicks: boolean }> = [
  { channel: "hms", brand: "HUAWEI", dead: "receipt", clicks: false },
  { channel: "honor", brand: "HONOR", dead: "receipt", clicks: false },
  { channel: "xiaomi", brand: "Xiaomi", dead: "receipt", clicks: true },
  { channel: "oppo", brand: "OPPO", dead: "never", clicks: false },
  { channel: "vivo", brand: "vivo", dead: "send", clicks: false },
  { channel: "jpush", brand: "Meizu", dead: "never", clicks: true },
];

const secrets: Record<ReceiptChannel, unknown> = {
  hms: { appId: "104433559", appSecret: "s3cr3t-app-secret", serviceCategory: null, receiptId: null },
  honor: { appId: "104567890", clientId: "hn-client-1", clientSecret: "hn-client-secret" },
  xiaomi: {
    appSecret: fakeXiaomiApp.appSecret,
    packageName: fakeXiaomiApp.packageName,
    serviceChannelId: "120001",
    marketingChannelId: "120002",
  },
  oppo: { appKey: fakeOppoApp.appKey, masterSecret: fakeOppoApp.masterSecret, serviceChannelId: "herald_service" },
  vivo: { appId: fakeVivoApp.appId, appKey: fakeVivoApp.appKey, appSecret: fakeVivoApp.appSecret },
  jpush: { appKey: fakeJpushApp.appKey, masterSecret: fakeJpushApp.masterSecret },
};

const saved: Record<string, string | undefined> = {};
function setEnv(name: string, value: string) {
  if (!(name in saved)) saved[name] = process.env[name];
  process.env[name] = value;
}

beforeAll(async () => {
  editor = await createUser("editor");
  ({
    app: { id: appId },
  } = await createApp());
  await db.app.update({ where: { id: appId }, data: { approvalThreshold: 1_000_000 } });
  server = createServer((req, res) => void serveApiRequest(req, res));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  setEnv("HERALD_PUBLIC_URL", `http://127.0.0.1:${(server.address() as AddressInfo).port}`);
  // Huawei and Honor take the receipt URL (and Huawei a user and key) in their consoles.
  const console = (channel: ReceiptChannel) => ({ enabled: true, url: receiptUrl(appId, channel)! });
  fakes.set(
    "hms",
    await startFakeHms({
      receipts: { ...console("hms"), user: receiptSigningUser, key: receiptSigningKey(appId, "hms") },
    }),
  );
  fakes.set("honor", await startFakeHonor({ receipts: console("honor") }));
  fakes.set("xiaomi", await startFakeXiaomi({ receipts: { enabled: true } }));
  fakes.set("oppo", await startFakeOppo({ receipts: { enabled: true } }));
  fakes.set("vivo", await startFakeVivo({ receipts: { enabled: true } }));
  fakes.set("jpush", await startFakeJpush({ receipts: { enabled: true } }));
  for (const [channel, fake] of fakes) {
    setEnv(`HERALD_${channel.toUpperCase()}_ENDPOINT`, fake.url);
    setEnv(`HERALD_${channel.toUpperCase()}_CA_FILE`, fake.caFile);
    await db.providerCredential.create({
      data: { appId, channel, summary: {}, secretSealed: sealCredential(appId, channel, secrets[channel] as never) },
    });
  }
  clearChannels();
  await registerDefaultChannels({ mqttReceipts: false });
  dispatcher = await startDispatcher(quiet, { pollMs: 100, leaseMs: 2000, firstChunk: 200, chunk: 500 });
}, 60_000);

afterAll(async () => {
  await dispatcher?.stop(2000);
  await closeProviders();
  await closeDefaultChannels();
  clearChannels();
  for (const fake of fakes.values()) await fake.close();
  await new Promise((resolve) => server?.close(resolve));
  for (const [name, value] of Object.entries(saved)) {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
});

// The campaign's deliveries by token, and the devices' addresses on the channel.
async function state(campaignId: string, channel: ReceiptChannel) {
  const rows = await db.delivery.findMany({ where: { campaignId } });
  const devices = await db.device.findMany({ where: { id: { in: rows.map((r) => r.deviceId) } } });
  const addressOf = (deviceId: string) => {
    const device = devices.find((d) => d.id === deviceId)!;
    return (device.addresses as Array<{ channel: string; token: string; status: string; error?: string }>).find(
      (a) => a.channel === channel,
    )!;
  };
  const byToken: Record<string, { status: string; clicked: boolean; address: string; error?: string }> = {};
  for (const row of rows) {
    const address = addressOf(row.deviceId);
    byToken[address.token] = {
      status: row.status,
      clicked: row.clickedAt !== null,
      address: address.status,
      ...(address.error ? { error: address.error } : {}),
    };
  }
  const campaign = await db.campaign.findUniqueOrThrow({ where: { id: campaignId } });
  return { byToken, deliveredCount: campaign.deliveredCount };
}

async function post(request: ReceiptPost, change: Partial<ReceiptPost> = {}) {
  const { url, headers, body } = { ...request, ...change };
  const response = await fetch(url, { method: "POST", headers, body });
  return { status: response.status, type: response.headers.get("content-type"), body: await response.json() };
}

describe.each(vendors)("$channel receipts", ({ channel, brand, dead, clicks }) => {
  it("marks deliveries delivered (clicked, dead addresses invalid) once; refuses forged, malformed ones", async () => {
    const fake = fakes.get(channel)!;
    const tag = randomUUID().slice(0, 6);
    const tokens = { ok: `ok${tag}${channel}1`, click: `click-${tag}${channel}2`, gone: `gone-${tag}${channel}3` };
    for (const token of Object.values(tokens))
      await registerDevice(appId, {
        installationId: randomUUID(),
        platform: "android",
        brand,
        addresses: [{ channel, token }],
        tags: [tag],
      });
    fake.receipts.configure({ hold: true });
    const base = campaignInput(appId);
    const campaignId = await sendCampaign(editor, {
      ...base,
      expression: `tag:${tag}`,
      delivery: { ...base.delivery, channels: [channel] },
    });
    await waitForState(campaignId, "completed");
    const sent = await state(campaignId, channel);
    expect(sent.byToken[tokens.ok]!.status).toBe("sent");
    expect(sent.byToken[tokens.click]!.status).toBe("sent");
    expect(sent.byToken[tokens.gone]).toMatchObject(
      dead === "send" ? { status: "failed", address: "invalid" } : { status: "sent", address: "active" },
    );
    const held = fake.receipts.held();
    expect(held.length).toBeGreaterThan(0);

    // Forged, tampered and malformed receipts: problem+json, nothing recorded.
    const [first] = held as [ReceiptPost];
    const wrongSecret = await post(first, { url: first.url.replace(/[^/]+$/, "A".repeat(22)) });
    expect(wrongSecret).toMatchObject({ status: 403, type: "application/problem+json" });
    expect(wrongSecret.body.type).toMatch(/forbidden-receipt-url$/);
    const otherApp = await post(first, { url: first.url.replace(appId, randomUUID()) });
    expect(otherApp.status).toBe(403);
    if (channel === "hms") {
      const signature = first.headers["x-huawei-callback-id"]!;
      expect(signature).toMatch(/^timestamp=\d+;nonce=\w+;value=/);
      const forged = await post(first, {
        headers: { ...first.headers, "x-huawei-callback-id": signature.replace(/value=.*$/, "value=Zm9yZ2Vk") },
      });
      expect(forged).toMatchObject({ status: 401, type: "application/problem+json" });
      expect(forged.body.type).toMatch(/invalid-signature$/);
    }
    if (channel === "jpush") {
      const wrong = `Basic ${Buffer.from(`${fakeJpushApp.appKey}:wrong-secret`).toString("base64")}`;
      const forged = await post(first, { headers: { ...first.headers, authorization: wrong } });
      expect(forged).toMatchObject({ status: 401, type: "application/problem+json" });
    }
    const malformed = await post(first, { body: channel === "xiaomi" ? "data=%7Bnot-json" : '{"statuses":' });
    expect(malformed).toMatchObject({ status: 400, type: "application/problem+json" });
    expect(malformed.body.type).toMatch(/invalid-receipt$/);
    const wrongShape = await post(first, { body: channel === "xiaomi" ? "other=1" : '{"unexpected":[1]}' });
    expect(wrongShape.status).toBe(400);
    expect(await state(campaignId, channel)).toEqual(sent);

    // The vendor's own receipts: accepted with the answer it expects, and recorded.
    await fake.receipts.release();
    const answered = fake.receipts.posted();
    expect(answered.length).toBe(held.length);
    for (const receipt of answered) expect(receipt.status, receipt.answer).toBe(200);
    const after = await state(campaignId, channel);
    expect(after.byToken[tokens.ok]).toMatchObject({ status: "delivered", clicked: false, address: "active" });
    expect(after.byToken[tokens.click]).toMatchObject({ status: "delivered", clicked: clicks, address: "active" });
    expect(after.byToken[tokens.gone]).toMatchObject({
      status: dead === "send" ? "failed" : "sent",
      address: dead === "never" ? "active" : "invalid",
    });
    if (dead === "receipt") expect(after.byToken[tokens.gone]!.error).toMatch(new RegExp(`^${channel.toUpperCase()}_`));
    expect(after.deliveredCount).toBe(2);
    const opened = await db.delivery.count({ where: { campaignId, openedAt: { not: null } } });
    expect(opened).toBe(clicks ? 1 : 0);

    // The vendor retries every receipt: nothing changes a second time, counters included.
    await fake.receipts.replay();
    expect(fake.receipts.posted().every((receipt) => receipt.status === 200)).toBe(true);
    expect(await state(campaignId, channel)).toEqual(after);
  });
});

describe("receipt URLs", () => {
  it("touch only the app's own devices: another app's token under this app's URL changes nothing", async () => {
    const { app: other } = await createApp();
    const token = `shared-${randomUUID().slice(0, 8)}`;
    const foreign = await registerDevice(other.id, {
      installationId: randomUUID(),
      platform: "android",
      addresses: [{ channel: "xiaomi", token }],
    });
    // A campaign of this app (the vendors' tests sent some), so only the token is foreign.
    const campaignId = (await db.campaign.findFirst({ where: { appId } }))?.id ?? randomUUID();
    const data = {
      m1: { param: campaignId, type: 1, targets: token },
      m2: { param: campaignId, type: 16, targets: token },
    };
    const response = await fetch(receiptUrl(appId, "xiaomi")!, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ data: JSON.stringify(data) }).toString(),
    });
    expect(response.status).toBe(200);
    const stored = await db.device.findUniqueOrThrow({ where: { id: foreign.id } });
    expect(stored.addresses).toEqual([{ channel: "xiaomi", token, status: "active" }]);
    // The other app's own URL is refused for this app's id, and the reverse.
    const swapped = receiptUrl(other.id, "xiaomi")!.replace(other.id, appId);
    expect((await fetch(swapped, { method: "POST", body: "data=%7B%7D" })).status).toBe(403);
  });

  it("answer a console's URL check by echoing echostr, and refuse a wrong secret", async () => {
    const url = receiptUrl(appId, "jpush")!;
    const echoed = await fetch(`${url}?echostr=571fd1bfaadc4919a652d56d13925e0f`);
    expect(echoed.status).toBe(200);
    expect(await echoed.text()).toBe("571fd1bfaadc4919a652d56d13925e0f");
    const wrong = await fetch(`${url.replace(/[^/]+$/, "B".repeat(22))}?echostr=x`);
    expect(wrong.status).toBe(403);
    expect(wrong.headers.get("content-type")).toBe("application/problem+json");
    const media = await fetch(url, { method: "POST", headers: { "content-type": "application/xml" }, body: "[]" });
    expect(media.status).toBe(415);
    // Text PostgreSQL cannot hold is no device's token: answered as any unknown token, never a 500.
    const nul = await fetch(url, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify([{ registration_id: "a\u0000b", type: 1, params: { herald_c: randomUUID() } }]),
    });
    expect(nul.status).toBe(200);
  });
});
