// SMS signalling's providers and phone numbers with real parts: the `twilio` library and Alibaba
// Cloud's official SDK talk over TLS to their loopback fakes (tests/fakes/twilio, tests/fakes/aliyun-sms)
// through smsSenderFor and the app's sealed credential; the device API takes phone numbers (E.164,
// sealed, masked); the fakes call Herald's SMS webhooks on a real HTTP server (Twilio signed, Aliyun by
// the URL's secret), and status reports and STOP/START replies change the rows they name, nothing else.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { SmsSecret } from "@/lib/channels/sms";
import { clearApiKeyCache } from "@/server/apps/api-keys";
import { sealCredential } from "@/server/apps/credential-seal";
import { db } from "@/server/db";
import { serveApiRequest } from "@/server/device-api/http-adapter";
import { registerDevice } from "@/server/devices/register";
import { ProviderConfigurationError } from "@/server/dispatch/providers/types";
import { verifyStoredCredential } from "@/server/dispatch/verify-credential";
import { unsealPhoneNumberRow } from "@/server/sms/phone-numbers";
import { smsSenderFor } from "@/server/sms/sender";
import { smsWebhookSetup } from "@/server/sms/webhook-urls";
import { fakeAliyunAccount, startFakeAliyunSms, type FakeAliyunSms } from "@/tests/fakes/aliyun-sms/server";
import { fakeTwilioAccount, startFakeTwilio, twilioSignature, type FakeTwilio } from "@/tests/fakes/twilio/server";
import { createApp } from "../support/fixtures";

let server: Server;
let base = "";
let twilioFake: FakeTwilio;
let aliyunFake: FakeAliyunSms;
const twilioApp = { id: "", key: "" };
const aliyunApp = { id: "", key: "" };

const twilioSecret: SmsSecret = {
  provider: "twilio",
  accountSid: fakeTwilioAccount.sid,
  authToken: fakeTwilioAccount.authToken,
  from: fakeTwilioAccount.numbers[0]!,
  messagingServiceSid: null,
};
const aliyunSecret: SmsSecret = {
  provider: "aliyun",
  accessKeyId: fakeAliyunAccount.accessKeyId,
  accessKeySecret: fakeAliyunAccount.accessKeySecret,
  signName: "Herald",
  templateCode: "SMS_154950909",
  templateParam: "code",
};

const saved: Record<string, string | undefined> = {};
function setEnv(name: string, value: string) {
  if (!(name in saved)) saved[name] = process.env[name];
  process.env[name] = value;
}

async function storeSecret(appId: string, secret: SmsSecret) {
  await db.providerCredential.upsert({
    where: { appId_channel: { appId, channel: "sms" } },
    create: { appId, channel: "sms", summary: {}, secretSealed: sealCredential(appId, "sms", secret) },
    update: { secretSealed: sealCredential(appId, "sms", secret) },
  });
}

// A request to the device API over HTTP with the app's key.
async function api(app: { key: string }, method: string, path: string, body?: unknown) {
  const response = await fetch(`${base}/api/v1${path}`, {
    method,
    headers: {
      authorization: `Bearer ${app.key}`,
      ...(body === undefined ? {} : { "content-type": "application/json" }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  return {
    status: response.status,
    type: response.headers.get("content-type"),
    text,
    json: text ? JSON.parse(text) : null,
  };
}

// A device of the app with a phone number set through the API.
async function deviceWithNumber(app: { id: string; key: string }, number: string) {
  const installationId = randomUUID();
  const device = await registerDevice(app.id, {
    installationId,
    platform: "android",
    addresses: [{ channel: "fcm", token: `fcm-${installationId}` }],
  });
  const answer = await api(app, "PUT", `/devices/${installationId}/phone`, {
    number,
    consentAt: new Date(Date.now() - 60_000).toISOString(),
  });
  expect(answer.status, answer.text).toBe(200);
  const phone = await db.phoneNumber.findUniqueOrThrow({ where: { deviceId: device.id } });
  return { installationId, deviceId: device.id, phone };
}

// An SmsMessage row as the fallback writes it, before sending.
async function queuedMessage(deviceId: string, phoneNumberId: string, provider: string) {
  const campaign = await db.campaign.findFirst({ select: { id: true } });
  return db.smsMessage.create({
    data: {
      campaignId: campaign?.id ?? randomUUID(),
      run: Math.floor(Math.random() * 1_000_000),
      deviceId,
      phoneNumberId,
      provider,
      status: "queued",
      segments: 1,
      country: "CN",
    },
  });
}

beforeAll(async () => {
  server = createServer((req, res) => void serveApiRequest(req, res));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  setEnv("HERALD_PUBLIC_URL", base);
  twilioFake = await startFakeTwilio();
  aliyunFake = await startFakeAliyunSms();
  setEnv("HERALD_TWILIO_ENDPOINT", twilioFake.url);
  setEnv("HERALD_TWILIO_CA_FILE", twilioFake.caFile);
  setEnv("HERALD_ALIYUN_SMS_ENDPOINT", aliyunFake.url);
  setEnv("HERALD_ALIYUN_SMS_CA_FILE", aliyunFake.caFile);
  for (const [target, secret] of [
    [twilioApp, twilioSecret],
    [aliyunApp, aliyunSecret],
  ] as const) {
    const { app, apiKey } = await createApp();
    target.id = app.id;
    target.key = apiKey;
    await storeSecret(app.id, secret);
  }
  twilioFake.accounts.get(fakeTwilioAccount.sid)!.inboundUrl = smsWebhookSetup(twilioApp.id)!.twilioInbound;
  const aliyunAccount = aliyunFake.accounts.get(fakeAliyunAccount.accessKeyId)!;
  aliyunAccount.reportUrl = smsWebhookSetup(aliyunApp.id)!.aliyunReport;
  aliyunAccount.upUrl = smsWebhookSetup(aliyunApp.id)!.aliyunUp;
  clearApiKeyCache();
}, 60_000);

afterAll(async () => {
  await twilioFake?.callbacks.settle();
  await aliyunFake?.callbacks.settle();
  await twilioFake?.close();
  await aliyunFake?.close();
  await new Promise((resolve) => server?.close(resolve));
  for (const [name, value] of Object.entries(saved)) {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
});

beforeEach(async () => {
  await twilioFake.callbacks.settle();
  await aliyunFake.callbacks.settle();
  twilioFake.configure({ failNext: [] });
  aliyunFake.configure({ failNext: [], blacklist: [], perNumberPerMinute: 1 });
});

describe("phone numbers on the device API", () => {
  it("stores a valid E.164 number sealed, hashed and masked, with an sms address holding the row id", async () => {
    const { installationId, deviceId, phone } = await deviceWithNumber(twilioApp, "+8613812345678");
    expect(phone).toMatchObject({ masked: "+86 *******5678", country: "CN", optedOutAt: null });
    // The raw row holds no digits of the number in clear, and the sealed value opens to it.
    const [raw] = await db.$queryRaw<Array<Record<string, unknown>>>`
      select * from "PhoneNumber" where id = ${phone.id}::uuid`;
    expect(JSON.stringify(raw)).not.toContain("13812345678");
    expect(unsealPhoneNumberRow(phone)).toBe("+8613812345678");
    const device = await db.device.findUniqueOrThrow({ where: { id: deviceId } });
    expect(device.addresses).toContainEqual({ channel: "sms", token: phone.id, status: "active" });
    expect(device.channelMask & (1 << 8)).not.toBe(0);
    // The device API never answers the number.
    const read = await api(twilioApp, "GET", `/devices/${installationId}`);
    expect(read.status).toBe(200);
    expect(read.text).not.toContain("13812345678");
    expect(read.json.addresses).toContainEqual(expect.objectContaining({ channel: "sms", status: "active" }));
  });

  it("refuses bad numbers, consent in the future, unknown devices and sms in registration", async () => {
    const installationId = randomUUID();
    await registerDevice(twilioApp.id, {
      installationId,
      platform: "ios",
      addresses: [{ channel: "poll", token: null }],
    });
    for (const number of ["13812345678", "+86 138 1234 5678", "+861381234567", "+999123456", "", "x".repeat(40)]) {
      const answer = await api(twilioApp, "PUT", `/devices/${installationId}/phone`, {
        number,
        consentAt: new Date().toISOString(),
      });
      expect(answer.status, number).toBe(422);
      expect(answer.type).toContain("application/problem+json");
    }
    const future = await api(twilioApp, "PUT", `/devices/${installationId}/phone`, {
      number: "+14155552671",
      consentAt: new Date(Date.now() + 3_600_000).toISOString(),
    });
    expect(future.status).toBe(422);
    expect(future.json.errors).toContainEqual(expect.objectContaining({ path: "consentAt" }));
    const noConsent = await api(twilioApp, "PUT", `/devices/${installationId}/phone`, { number: "+14155552671" });
    expect(noConsent.status).toBe(422);
    const unknown = await api(twilioApp, "PUT", `/devices/${randomUUID()}/phone`, {
      number: "+14155552671",
      consentAt: new Date().toISOString(),
    });
    expect(unknown.status).toBe(404);
    const register = await api(twilioApp, "POST", "/devices", {
      installationId,
      platform: "ios",
      addresses: [{ channel: "sms", token: "+14155552671" }],
    });
    expect(register.status).toBe(422);
    expect(await db.phoneNumber.count({ where: { device: { installationId } } })).toBe(0);
  });

  it("deletes the number with its sms address, and moves a number to the installation that sets it last", async () => {
    const first = await deviceWithNumber(twilioApp, "+14155550101");
    const second = await deviceWithNumber(twilioApp, "+14155550101");
    expect(await db.phoneNumber.findUnique({ where: { deviceId: first.deviceId } })).toBeNull();
    const moved = await db.phoneNumber.findUniqueOrThrow({ where: { deviceId: second.deviceId } });
    expect(moved.id).toBe(first.phone.id);
    const old = await db.device.findUniqueOrThrow({ where: { id: first.deviceId } });
    expect((old.addresses as Array<{ channel: string }>).map((a) => a.channel)).toEqual(["fcm"]);
    expect((await api(twilioApp, "DELETE", `/devices/${second.installationId}/addresses/sms`)).status).toBe(204);
    expect(await db.phoneNumber.findUnique({ where: { deviceId: second.deviceId } })).toBeNull();
    const device = await db.device.findUniqueOrThrow({ where: { id: second.deviceId } });
    expect(device.channelMask & (1 << 8)).toBe(0);
    const third = await deviceWithNumber(twilioApp, "+14155550102");
    expect((await api(twilioApp, "DELETE", `/devices/${third.installationId}/phone`)).status).toBe(204);
    expect((await api(twilioApp, "DELETE", `/devices/${third.installationId}/phone`)).status).toBe(204);
    expect(await db.phoneNumber.count({ where: { deviceId: third.deviceId } })).toBe(0);
  });
});

describe("concurrent phone numbers", () => {
  it("leaves one row when installations set the same number at once, answering 200 or 409, never 500", async () => {
    const installations = await Promise.all(
      Array.from({ length: 8 }, async () => {
        const installationId = randomUUID();
        await registerDevice(twilioApp.id, {
          installationId,
          platform: "android",
          addresses: [{ channel: "poll", token: null }],
        });
        return installationId;
      }),
    );
    const consentAt = new Date(Date.now() - 1000).toISOString();
    const answers = await Promise.all(
      installations.map((id) => api(twilioApp, "PUT", `/devices/${id}/phone`, { number: "+14155550199", consentAt })),
    );
    for (const answer of answers) expect([200, 409], answer.text).toContain(answer.status);
    expect(answers.some((answer) => answer.status === 200)).toBe(true);
    const rows = await db.phoneNumber.findMany({ where: { appId: twilioApp.id, masked: "+1 ******0199" } });
    expect(rows).toHaveLength(1);
    const holders = await db.device.findMany({
      where: { installationId: { in: installations }, channelMask: { gte: 256 } },
    });
    expect(holders.map((d) => d.id)).toEqual([rows[0]!.deviceId]);
  });
});

describe("Twilio through the twilio library", () => {
  it("sends from the app's number with a status callback and maps Twilio's refusals", async () => {
    const sender = (await smsSenderFor(twilioApp.id))!;
    expect(sender.provider).toBe("twilio");
    const before = twilioFake.messages.length;
    const results = await sender.send([
      { id: 1n, to: "+14155552671", body: "Herald: breaking news, open the app (code H7K2)" },
      { id: 2n, to: "+1415555", body: "x" },
      { id: 3n, to: "+15005550009", body: "x" },
      { id: 4n, to: "+14155552672", body: "y".repeat(1601) },
    ]);
    expect(results[0]).toMatchObject({
      id: 1n,
      status: "sent",
      providerMessageId: expect.stringMatching(/^SM[0-9a-f]{32}$/),
    });
    expect(results.slice(1)).toEqual([
      { id: 2n, status: "failed", errorCode: "21211" },
      { id: 3n, status: "failed", errorCode: "21614" },
      { id: 4n, status: "failed", errorCode: "21617" },
    ]);
    const sent = twilioFake.messages.slice(before);
    expect(sent).toHaveLength(1);
    expect(sent[0]).toMatchObject({
      to: "+14155552671",
      from: fakeTwilioAccount.numbers[0],
      statusCallback: `${base}/api/v1/sms/twilio/${twilioApp.id}/status?m=1`,
    });
  });

  it("answers retry for 429 and 5xx, and throws a configuration error for a refused credential", async () => {
    twilioFake.configure({
      failNext: [
        { status: 429, code: 20429 },
        { status: 503, code: 20500 },
      ],
    });
    const sender = (await smsSenderFor(twilioApp.id))!;
    const [busy] = await sender.send([{ id: 5n, to: "+14155552673", body: "a" }]);
    const [down] = await sender.send([{ id: 6n, to: "+14155552673", body: "a" }]);
    expect(busy).toMatchObject({ status: "retry", errorCode: "20429" });
    expect(down).toMatchObject({ status: "retry", errorCode: "20500" });
    const wrong = await (async () => {
      await storeSecret(twilioApp.id, { ...twilioSecret, authToken: "0".repeat(32) } as SmsSecret);
      try {
        return await (await smsSenderFor(twilioApp.id))!.send([{ id: 7n, to: "+14155552673", body: "a" }]);
      } catch (error) {
        return error;
      } finally {
        await storeSecret(twilioApp.id, twilioSecret);
      }
    })();
    expect(wrong).toBeInstanceOf(ProviderConfigurationError);
    expect((wrong as ProviderConfigurationError).code).toBe("20003");
  });

  it("records status callbacks Twilio signs, forward only, and refuses a wrong signature", async () => {
    const { deviceId, phone } = await deviceWithNumber(twilioApp, "+14155550111");
    const row = await queuedMessage(deviceId, phone.id, "twilio");
    const [result] = await (await smsSenderFor(twilioApp.id))!.send([{ id: row.id, to: "+14155550111", body: "sig" }]);
    expect(result!.status).toBe("sent");
    const sid = (result as { providerMessageId: string }).providerMessageId;
    // The callbacks find the row by the id echoed in the status URL, before anyone recorded the SID.
    await twilioFake.callbacks.settle();
    const statuses = twilioFake.callbacks.posted.filter((p) => p.body.includes(sid));
    expect(statuses.map((p) => p.status)).toEqual([204, 204]);
    const after = await db.smsMessage.findUniqueOrThrow({ where: { id: row.id } });
    expect(after).toMatchObject({ status: "delivered", deliveredAt: expect.any(Date), providerMessageId: sid });
    // A late "sent" changes nothing; a forged one is 401 problem+json.
    const url = `${base}/api/v1/sms/twilio/${twilioApp.id}/status`;
    const params = { AccountSid: fakeTwilioAccount.sid, MessageSid: sid, MessageStatus: "failed", ErrorCode: "30008" };
    const forged = await fetch(url, {
      method: "POST",
      headers: {
        "content-type": "application/x-www-form-urlencoded",
        "x-twilio-signature": twilioSignature("f".repeat(32), url, params),
      },
      body: new URLSearchParams(params).toString(),
    });
    expect(forged.status).toBe(401);
    expect(forged.headers.get("content-type")).toContain("application/problem+json");
    const late = await fetch(url, {
      method: "POST",
      headers: {
        "content-type": "application/x-www-form-urlencoded",
        "x-twilio-signature": twilioSignature(fakeTwilioAccount.authToken, url, { ...params, MessageStatus: "sent" }),
      },
      body: new URLSearchParams({ ...params, MessageStatus: "sent" }).toString(),
    });
    expect(late.status).toBe(204);
    expect((await db.smsMessage.findUniqueOrThrow({ where: { id: row.id } })).status).toBe("delivered");
    const partial = { AccountSid: fakeTwilioAccount.sid, MessageStatus: "sent" };
    const malformed = await fetch(url, {
      method: "POST",
      headers: {
        "content-type": "application/x-www-form-urlencoded",
        "x-twilio-signature": twilioSignature(fakeTwilioAccount.authToken, url, partial),
      },
      body: new URLSearchParams(partial).toString(),
    });
    expect(malformed.status).toBe(400);
  });

  it("marks the number opted out on an inbound STOP (then Twilio answers 21610), and in again on START", async () => {
    const { deviceId, phone } = await deviceWithNumber(twilioApp, "+14155550122");
    const stop = await twilioFake.inbound({ accountSid: fakeTwilioAccount.sid, from: "+14155550122", body: " stop " });
    expect(stop.status).toBe(200);
    expect(stop.answer).toContain("<Response>");
    const out = await db.phoneNumber.findUniqueOrThrow({ where: { id: phone.id } });
    expect(out.optedOutAt).toBeInstanceOf(Date);
    const device = await db.device.findUniqueOrThrow({ where: { id: deviceId } });
    expect(device.addresses).toContainEqual(
      expect.objectContaining({ channel: "sms", status: "invalid", error: "opted_out" }),
    );
    expect(device.channelMask & (1 << 8)).toBe(0);
    const [refused] = await (await smsSenderFor(twilioApp.id))!.send([{ id: 9n, to: "+14155550122", body: "x" }]);
    expect(refused).toEqual({ id: 9n, status: "opted_out", errorCode: "21610" });
    // The same STOP again changes nothing; an unsigned one is refused.
    await twilioFake.inbound({ accountSid: fakeTwilioAccount.sid, from: "+14155550122", body: "STOP" });
    expect((await db.phoneNumber.findUniqueOrThrow({ where: { id: phone.id } })).optedOutAt).toEqual(out.optedOutAt);
    const unsigned = await fetch(`${base}/api/v1/sms/twilio/${twilioApp.id}/inbound`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({
        AccountSid: fakeTwilioAccount.sid,
        MessageSid: "SMx",
        From: "+14155550122",
        Body: "START",
      }).toString(),
    });
    expect(unsigned.status).toBe(401);
    expect((await db.phoneNumber.findUniqueOrThrow({ where: { id: phone.id } })).optedOutAt).not.toBeNull();
    await twilioFake.inbound({ accountSid: fakeTwilioAccount.sid, from: "+14155550122", body: "START" });
    const back = await db.phoneNumber.findUniqueOrThrow({ where: { id: phone.id } });
    expect(back.optedOutAt).toBeNull();
    expect(back.consentAt.getTime()).toBeGreaterThan(out.optedOutAt!.getTime() - 1);
    const active = await db.device.findUniqueOrThrow({ where: { id: deviceId } });
    expect(active.addresses).toContainEqual({ channel: "sms", token: phone.id, status: "active" });
  });

  it("checks the stored credential by fetching the account", async () => {
    expect(await verifyStoredCredential(twilioApp.id, "sms")).toEqual({ ok: true });
    await storeSecret(twilioApp.id, { ...twilioSecret, accountSid: "AC" + "9".repeat(32) } as SmsSecret);
    const bad = await verifyStoredCredential(twilioApp.id, "sms");
    await storeSecret(twilioApp.id, twilioSecret);
    expect(bad).toMatchObject({ ok: false, code: "20003" });
  });
});

describe("Alibaba Cloud SMS through its official SDK", () => {
  it("sends with the sign name and template, the signal in its variable, and maps isv codes", async () => {
    const sender = (await smsSenderFor(aliyunApp.id))!;
    expect(sender.provider).toBe("aliyun");
    aliyunFake.configure({ blacklist: ["13800000003"] });
    const before = aliyunFake.messages.length;
    const results = await sender.send([
      { id: 11n, to: "+8613800000001", body: "H7K2" },
      { id: 12n, to: "+8613800000001", body: "H7K3" },
      { id: 13n, to: "+8613800000003", body: "H7K4" },
      { id: 14n, to: "+85291234567", body: "x".repeat(36) },
    ]);
    expect(results[0]).toMatchObject({ id: 11n, status: "sent", providerMessageId: expect.stringMatching(/\^0$/) });
    expect(results.slice(1)).toEqual([
      { id: 12n, status: "retry", errorCode: "isv.BUSINESS_LIMIT_CONTROL", retryAfterMs: 60_000 },
      { id: 13n, status: "opted_out", errorCode: "isv.BLACK_KEY_CONTROL_LIMIT" },
      { id: 14n, status: "failed", errorCode: "isv.PARAM_LENGTH_LIMIT" },
    ]);
    expect(aliyunFake.messages.slice(before)).toEqual([
      expect.objectContaining({
        phoneNumber: "13800000001",
        signName: "Herald",
        params: { code: "H7K2" },
        outId: "11",
      }),
    ]);
  });

  it("answers retry for throttling and throws a configuration error for a bad signature", async () => {
    aliyunFake.configure({
      failNext: [
        { status: 400, code: "Throttling.User" },
        { status: 503, code: "ServiceUnavailable" },
      ],
    });
    const sender = (await smsSenderFor(aliyunApp.id))!;
    expect((await sender.send([{ id: 15n, to: "+8613800000005", body: "a" }]))[0]).toMatchObject({ status: "retry" });
    expect((await sender.send([{ id: 16n, to: "+8613800000006", body: "a" }]))[0]).toMatchObject({ status: "retry" });
    await storeSecret(aliyunApp.id, { ...aliyunSecret, accessKeySecret: "wrong-secret-0123456789" } as SmsSecret);
    const error = await (await smsSenderFor(aliyunApp.id))!
      .send([{ id: 17n, to: "+8613800000007", body: "a" }])
      .catch((e: unknown) => e);
    await storeSecret(aliyunApp.id, aliyunSecret);
    expect(error).toBeInstanceOf(ProviderConfigurationError);
    expect((error as ProviderConfigurationError).code).toBe("SignatureDoesNotMatch");
  });

  it("records SmsReport receipts and SmsUp replies (退订) pushed to the app's secret URL", async () => {
    const { deviceId, phone } = await deviceWithNumber(aliyunApp, "+8613800000021");
    const row = await queuedMessage(deviceId, phone.id, "aliyun");
    const [result] = await (await smsSenderFor(aliyunApp.id))!.send([{ id: row.id, to: "+8613800000021", body: "Q1" }]);
    const bizId = (result as { providerMessageId: string }).providerMessageId;
    await aliyunFake.callbacks.settle();
    const report = aliyunFake.callbacks.posted.at(-1)!;
    expect(report.status).toBe(200);
    expect(JSON.parse(report.answer)).toEqual({ code: 0, msg: "成功" });
    expect(await db.smsMessage.findUniqueOrThrow({ where: { id: row.id } })).toMatchObject({
      status: "delivered",
      providerMessageId: bizId,
    });
    // The same report again changes nothing; a wrong secret is 403, a malformed body 400.
    const again = await fetch(report.url, { method: "POST", headers: report.headers, body: report.body });
    expect(again.status).toBe(200);
    const wrongUrl = report.url.replace(/\/[^/]+\/report$/, "/AAAAAAAAAAAAAAAAAAAAAA/report");
    const wrong = await fetch(wrongUrl, { method: "POST", headers: report.headers, body: report.body });
    expect(wrong.status).toBe(403);
    const malformed = await fetch(report.url, { method: "POST", headers: report.headers, body: '[{"biz_id":1}]' });
    expect(malformed.status).toBe(400);
    expect(malformed.headers.get("content-type")).toContain("application/problem+json");
    const up = await aliyunFake.up({
      accessKeyId: fakeAliyunAccount.accessKeyId,
      phoneNumber: "13800000021",
      content: "退订",
    });
    expect(up.status).toBe(200);
    expect((await db.phoneNumber.findUniqueOrThrow({ where: { id: phone.id } })).optedOutAt).toBeInstanceOf(Date);
  });

  it("checks the stored credential with QuerySmsSignList (read-only) and the sign name", async () => {
    expect(await verifyStoredCredential(aliyunApp.id, "sms")).toEqual({ ok: true });
    await storeSecret(aliyunApp.id, { ...aliyunSecret, signName: "Other" } as SmsSecret);
    expect(await verifyStoredCredential(aliyunApp.id, "sms")).toMatchObject({ ok: false, code: "SIGN_NAME_UNKNOWN" });
    await storeSecret(aliyunApp.id, { ...aliyunSecret, accessKeyId: "LTAI5tUnknownKey0000" } as SmsSecret);
    expect(await verifyStoredCredential(aliyunApp.id, "sms")).toMatchObject({
      ok: false,
      code: "InvalidAccessKeyId.NotFound",
    });
    await storeSecret(aliyunApp.id, aliyunSecret);
  });
});
