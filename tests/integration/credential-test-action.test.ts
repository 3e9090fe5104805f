// The app page's "test credentials" action (server/dispatch/credential-actions.ts) end to end: the
// credential is stored sealed as the app page stores it, the check runs the vendor's real client against
// its loopback fake reached through the same HERALD_<ID>_ENDPOINT / _CA_FILE settings a worker gets,
// a good credential passes (and clears the last error), a wrong one comes back with the vendor's code
// and is recorded on the credential; only staff who may manage credentials can run it; checks of one
// credential are spaced out.
import { generateKeyPairSync } from "node:crypto";
import net from "node:net";
import { Aedes } from "aedes";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { CredentialChannel } from "@/lib/channels";
import { can, roles } from "@/lib/permissions";
import { saveCredential } from "@/server/apps/actions";
import { sealCredential } from "@/server/apps/credential-seal";
import { db } from "@/server/db";
import { testCredential } from "@/server/dispatch/credential-actions";
import { setFcmEndpoint } from "@/server/dispatch/providers/fcm/endpoint";
import { fakeApnsApp, fakeApnsCaFile, startFakeApns } from "@/tests/fakes/apns/server";
import { startFakeFcm } from "@/tests/fakes/fcm/server";
import { fakeServiceAccount } from "@/tests/fakes/fcm/service-account";
import { fakeHmsCaFile, startFakeHms } from "@/tests/fakes/hms/server";
import { fakeHonorCaFile, startFakeHonor } from "@/tests/fakes/honor/server";
import { fakeJpushApp, fakeJpushCaFile, startFakeJpush } from "@/tests/fakes/jpush/server";
import { fakeOppoApp, fakeOppoCaFile, startFakeOppo } from "@/tests/fakes/oppo/server";
import { fakeVivoApp, fakeVivoCaFile, startFakeVivo } from "@/tests/fakes/vivo/server";
import { fakeXiaomiApp, fakeXiaomiCaFile, startFakeXiaomi } from "@/tests/fakes/xiaomi/server";
import { createApp, createUser } from "../support/fixtures";

type Closable = { close(): Promise<void> };
const running: Closable[] = [];
const envKeys: string[] = [];

// Starts a fake and points the dispatcher's environment settings for `id` at it.
async function serve<F extends Closable & { url: string }>(id: string, start: () => Promise<F>, caFile: string) {
  const fake = await start();
  running.push(fake);
  const prefix = `HERALD_${id.toUpperCase()}`;
  process.env[`${prefix}_ENDPOINT`] = fake.url;
  process.env[`${prefix}_CA_FILE`] = caFile;
  envKeys.push(`${prefix}_ENDPOINT`, `${prefix}_CA_FILE`);
  return fake;
}

let hms: Awaited<ReturnType<typeof startFakeHms>>;
let honor: Awaited<ReturnType<typeof startFakeHonor>>;
let fcm: Awaited<ReturnType<typeof startFakeFcm>>;
let broker: { url: string; stop(): Promise<void> };

beforeAll(async () => {
  hms = await serve("hms", () => startFakeHms(), fakeHmsCaFile);
  honor = await serve("honor", () => startFakeHonor(), fakeHonorCaFile);
  await serve("xiaomi", () => startFakeXiaomi(), fakeXiaomiCaFile);
  await serve("oppo", () => startFakeOppo(), fakeOppoCaFile);
  await serve("vivo", () => startFakeVivo(), fakeVivoCaFile);
  await serve("jpush", () => startFakeJpush(), fakeJpushCaFile);
  await serve("apns", () => startFakeApns(), fakeApnsCaFile);
  fcm = await startFakeFcm();
  running.push(fcm);
  setFcmEndpoint({ url: fcm.url, ca: fcm.ca });
  // An MQTT broker that takes one login only.
  const aedes = await Aedes.createBroker({
    authenticate(_client, username, password, done) {
      const good = username === "herald" && password?.toString() === "right";
      done(good ? null : Object.assign(new Error("bad login"), { returnCode: 4 }), good);
    },
  });
  const server = net.createServer(aedes.handle);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  broker = {
    url: `mqtt://127.0.0.1:${(server.address() as net.AddressInfo).port}`,
    async stop() {
      await new Promise<void>((resolve) => aedes.close(() => resolve()));
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
});

afterEach(async () => {
  await hms.configure({ rejectClients: [] });
  await honor.configure({ rejectClients: [] });
  await fcm.configure({ rejectClientEmails: [] });
});

afterAll(async () => {
  setFcmEndpoint(undefined);
  for (const key of envKeys) delete process.env[key];
  await Promise.all(running.map((fake) => fake.close()));
  await broker?.stop();
});

const apnsForm = {
  keyId: fakeApnsApp.keyId,
  teamId: fakeApnsApp.teamId,
  bundleId: fakeApnsApp.bundleId,
  environment: "production",
};
const otherP256Key = String(
  generateKeyPairSync("ec", { namedCurve: "P-256" }).privateKey.export({ type: "pkcs8", format: "pem" }),
);

const serviceAccount = fakeServiceAccount("herald-check", "push@herald-check.iam.gserviceaccount.com");

// Each channel's form as the app page posts it: a credential the fake accepts, one it refuses (or a
// fake setting that makes it refuse), and the vendor's code for the refusal.
interface Case {
  channel: CredentialChannel;
  good: Record<string, string>;
  wrong: Record<string, string>;
  refuse?: () => Promise<void>;
  code: string | RegExp;
}

const cases: Case[] = [
  {
    channel: "hms",
    good: { vendorAppId: "104433559", appSecret: "s3cr3t-app-secret" },
    wrong: { vendorAppId: "104433560", appSecret: "wrong-app-secret" },
    refuse: () => hms.configure({ rejectClients: ["104433560"] }),
    code: "INVALID_CREDENTIAL",
  },
  {
    channel: "honor",
    good: { vendorAppId: "104567890", clientId: "hn-client-1", clientSecret: "hn-client-secret" },
    wrong: { vendorAppId: "104567890", clientId: "hn-client-2", clientSecret: "wrong-client-secret" },
    refuse: () => honor.configure({ rejectClients: ["hn-client-2"] }),
    code: "INVALID_CREDENTIAL",
  },
  {
    channel: "xiaomi",
    good: {
      appSecret: fakeXiaomiApp.appSecret,
      packageName: fakeXiaomiApp.packageName,
      serviceChannelId: "120001",
      marketingChannelId: "120002",
    },
    wrong: {
      appSecret: "wrongSecret000",
      packageName: fakeXiaomiApp.packageName,
      serviceChannelId: "120001",
      marketingChannelId: "120002",
    },
    code: /^\d+$/,
  },
  {
    channel: "oppo",
    good: { appKey: fakeOppoApp.appKey, masterSecret: fakeOppoApp.masterSecret },
    wrong: { appKey: fakeOppoApp.appKey, masterSecret: "wrongMasterSecret" },
    code: "16",
  },
  {
    channel: "vivo",
    good: { vendorAppId: fakeVivoApp.appId, appKey: fakeVivoApp.appKey, appSecret: fakeVivoApp.appSecret },
    wrong: { vendorAppId: fakeVivoApp.appId, appKey: fakeVivoApp.appKey, appSecret: "not-the-vivo-secret" },
    code: /^VIVO_\d+$/,
  },
  {
    channel: "jpush",
    good: { appKey: fakeJpushApp.appKey, masterSecret: fakeJpushApp.masterSecret },
    wrong: { appKey: fakeJpushApp.appKey, masterSecret: "000000000000000000000000" },
    code: /^JPUSH_\d+$/,
  },
  {
    channel: "apns",
    good: { ...apnsForm, key: fakeApnsApp.key },
    // A P-256 key Apple never issued: the all-zero-token push comes back 403 InvalidProviderToken.
    wrong: { ...apnsForm, key: otherP256Key },
    code: "APNS_InvalidProviderToken",
  },
  {
    channel: "fcm",
    good: { serviceAccountJson: JSON.stringify(serviceAccount) },
    wrong: { serviceAccountJson: JSON.stringify(serviceAccount) },
    refuse: () => fcm.configure({ rejectClientEmails: [serviceAccount.client_email] }),
    code: "invalid_grant",
  },
];

// An app with the channel's credential stored through the app page's save action (the Herald app's id
// travels as "appId"; the vendors' own app ids are "vendorAppId" in their forms).
async function appWith(channel: CredentialChannel, form: Record<string, string>) {
  const admin = await createUser("admin");
  const { app } = await createApp();
  const saved = await saveCredential.runAs(admin, { appId: app.id, channel, ...form });
  if (!saved.ok) throw new Error(`${channel} form refused: ${JSON.stringify(saved)}`);
  return { admin, appId: app.id };
}

const lastError = (appId: string, channel: CredentialChannel) =>
  db.providerCredential.findUniqueOrThrow({
    where: { appId_channel: { appId, channel } },
    select: { lastError: true, lastErrorAt: true },
  });

describe("test credentials against each vendor's fake", () => {
  for (const { channel, good, wrong, refuse, code } of cases) {
    it(`${channel}: a good credential passes and clears the last error; a wrong one gets the vendor code`, async () => {
      const ok = await appWith(channel, good);
      await db.providerCredential.updateMany({
        where: { appId: ok.appId, channel },
        data: { lastError: "earlier refusal", lastErrorAt: new Date() },
      });
      const passed = await testCredential.runAs(ok.admin, { appId: ok.appId, channel });
      expect(passed).toMatchObject({ ok: true, data: { channel, ok: true } });
      expect(await lastError(ok.appId, channel)).toEqual({ lastError: null, lastErrorAt: null });

      const bad = await appWith(channel, wrong);
      await refuse?.();
      const refused = await testCredential.runAs(bad.admin, { appId: bad.appId, channel });
      expect(refused, JSON.stringify(refused)).toMatchObject({
        ok: true,
        data: { channel, ok: false, code: typeof code === "string" ? code : expect.stringMatching(code) },
      });
      const recorded = await lastError(bad.appId, channel);
      expect(recorded.lastError).toContain(refused.ok && !refused.data.ok ? refused.data.code : "?");
      expect(recorded.lastErrorAt).toBeInstanceOf(Date);
      const audit = await db.auditLog.findFirst({ where: { appId: bad.appId, action: "credentials.test" } });
      expect(audit?.diff).toMatchObject({ channel, result: refused.ok && !refused.data.ok ? refused.data.code : "" });
    });
  }

  it("mqtt: connects to the app's broker with its login; a wrong password is the broker's refusal", async () => {
    const ok = await appWith("mqtt", { brokerUrl: broker.url, username: "herald", password: "right" });
    expect(await testCredential.runAs(ok.admin, { appId: ok.appId, channel: "mqtt" })).toMatchObject({
      ok: true,
      data: { ok: true },
    });
    const bad = await appWith("mqtt", { brokerUrl: broker.url, username: "herald", password: "wrong" });
    expect(await testCredential.runAs(bad.admin, { appId: bad.appId, channel: "mqtt" })).toMatchObject({
      ok: true,
      data: { ok: false, code: "mqtt_bad_credentials" },
    });
  });
});

describe("test credentials: who and how often", () => {
  it("is refused (403) for every role that may not manage credentials, before anything is checked", async () => {
    const { appId } = await appWith("oppo", { appKey: fakeOppoApp.appKey, masterSecret: fakeOppoApp.masterSecret });
    for (const role of roles.filter((r) => !can({ role: r }, "credentials.manage"))) {
      const user = await createUser(role);
      expect(await testCredential.runAs(user, { appId, channel: "oppo" })).toMatchObject({ ok: false, status: 403 });
    }
    expect(await db.auditLog.count({ where: { appId, action: "credentials.test" } })).toBe(0);
    expect(await testCredential.runAs(null, { appId, channel: "oppo" })).toMatchObject({ ok: false, status: 401 });
  });

  it("answers 404 without a credential, 429 for a second check within seconds, not after a replace", async () => {
    const { admin, appId } = await appWith("oppo", {
      appKey: fakeOppoApp.appKey,
      masterSecret: fakeOppoApp.masterSecret,
    });
    expect(await testCredential.runAs(admin, { appId, channel: "jpush" })).toMatchObject({ ok: false, status: 404 });
    expect(await testCredential.runAs(admin, { appId, channel: "oppo" })).toMatchObject({ ok: true });
    expect(await testCredential.runAs(admin, { appId, channel: "oppo" })).toMatchObject({
      ok: false,
      status: 429,
      code: "credentialCheckTooSoon",
    });
    // A replaced credential (sealed afresh) may be checked at once.
    await db.providerCredential.update({
      where: { appId_channel: { appId, channel: "oppo" } },
      data: {
        secretSealed: sealCredential(appId, "oppo", {
          appKey: fakeOppoApp.appKey,
          masterSecret: fakeOppoApp.masterSecret,
          serviceChannelId: null,
        }),
      },
    });
    expect(await testCredential.runAs(admin, { appId, channel: "oppo" })).toMatchObject({
      ok: true,
      data: { ok: true },
    });
  });

  it("refuses bad input with field errors", async () => {
    const admin = await createUser("admin");
    expect(await testCredential.runAs(admin, { appId: "nope", channel: "carrier-pigeon" })).toMatchObject({
      ok: false,
      status: 400,
      fieldErrors: { appId: ["appIdInvalid"], channel: ["channelInvalid"] },
    });
  });
});
