// Provider credentials: stored sealed, shown only as a summary, loadable by dispatch, audited without secrets.
import { describe, expect, it } from "vitest";
import { removeCredential, saveCredential } from "@/server/apps/actions";
import { loadCredential } from "@/server/apps/credentials";
import { getAppDetail } from "@/server/apps/queries";
import { db } from "@/server/db";
import { fakeApnsApp } from "../fakes/apns/server";
import { fakeServiceAccount } from "../fakes/fcm/service-account";
import { createApp, createUser } from "../support/fixtures";

const serviceAccount = fakeServiceAccount("herald-demo", "push@herald-demo.iam.gserviceaccount.com");

async function rawCredential(appId: string, channel: "fcm" | "mqtt" | "apns") {
  return db.providerCredential.findUnique({
    where: { appId_channel: { appId, channel } },
    select: { secretSealed: true, summary: true },
  });
}

async function auditText(appId: string) {
  const entries = await db.auditLog.findMany({ where: { appId }, select: { action: true, diff: true } });
  return { entries, text: JSON.stringify(entries) };
}

describe("credentials.save (FCM)", () => {
  it("seals the service account; the summary has no private key; dispatch can unseal it", async () => {
    const admin = await createUser("admin");
    const { app } = await createApp();
    const result = await saveCredential.runAs(admin, {
      appId: app.id,
      channel: "fcm",
      serviceAccountJson: JSON.stringify(serviceAccount),
    });
    expect(result).toMatchObject({
      ok: true,
      data: { summary: { projectId: "herald-demo", clientEmail: serviceAccount.client_email } },
    });
    const raw = await rawCredential(app.id, "fcm");
    expect(raw?.secretSealed.startsWith("v1.")).toBe(true);
    expect(raw?.secretSealed).not.toContain("PRIVATE KEY");
    expect(raw?.secretSealed).not.toContain("herald-demo");
    expect(JSON.stringify(raw?.summary)).not.toContain("PRIVATE");
    expect(await loadCredential(app.id, "fcm")).toEqual(serviceAccount);
    const detail = await getAppDetail(app.id);
    expect(detail.credentials).toEqual([
      expect.objectContaining({ channel: "fcm", configuredBy: admin.email, lastError: null }),
    ]);
    expect(JSON.stringify(detail)).not.toContain("PRIVATE KEY");
    const { entries, text } = await auditText(app.id);
    expect(entries.find((e) => e.action === "credentials.save")?.diff).toMatchObject({
      channel: "fcm",
      projectId: [null, "herald-demo"],
      secret: "(changed)",
    });
    expect(text).not.toContain("PRIVATE KEY");
  });

  it("a sealed credential copied to another app does not open", async () => {
    const admin = await createUser("admin");
    const { app: first } = await createApp();
    const { app: second } = await createApp();
    await saveCredential.runAs(admin, {
      appId: first.id,
      channel: "fcm",
      serviceAccountJson: JSON.stringify(serviceAccount),
    });
    const raw = await rawCredential(first.id, "fcm");
    await db.providerCredential.create({ data: { appId: second.id, channel: "fcm", secretSealed: raw!.secretSealed } });
    await expect(loadCredential(second.id, "fcm")).rejects.toThrow();
  });

  it.each([
    ["not json", "{oops", "fcmJsonInvalid"],
    ["wrong type", JSON.stringify({ ...serviceAccount, type: "authorized_user" }), "fcmNotServiceAccount"],
    ["no project", JSON.stringify({ ...serviceAccount, project_id: undefined }), "fcmProjectId"],
    ["bad key", JSON.stringify({ ...serviceAccount, private_key: "MIIE..." }), "fcmPrivateKey"],
    ["empty", "  ", "fcmJsonRequired"],
  ])("rejects %s with a field error and writes nothing", async (_label, json, code) => {
    const admin = await createUser("admin");
    const { app } = await createApp();
    const result = await saveCredential.runAs(admin, { appId: app.id, channel: "fcm", serviceAccountJson: json });
    expect(result).toMatchObject({ ok: false, status: 400 });
    if (result.ok) return;
    expect(result.fieldErrors?.serviceAccountJson).toContain(code);
    expect(await rawCredential(app.id, "fcm")).toBeNull();
    expect(await db.auditLog.count({ where: { appId: app.id } })).toBe(0);
  });
});

describe("credentials.save (MQTT) and credentials.remove", () => {
  it("seals the password, keeps it out of the summary and the audit log, and replaces in place", async () => {
    const admin = await createUser("admin");
    const { app } = await createApp();
    const form = new FormData();
    form.set("appId", app.id);
    form.set("channel", "mqtt");
    form.set("brokerUrl", "mqtts://bot:hunter2-secret@broker.example.com:8883");
    form.set("username", "bot");
    form.set("password", "s3cret-pass-word");
    form.set("topicPrefix", "");
    const saved = await saveCredential.runAs(admin, form);
    expect(saved).toMatchObject({
      ok: true,
      data: { summary: { brokerUrl: "mqtts://bot@broker.example.com:8883", username: "bot", topicPrefix: "herald" } },
    });
    expect(await loadCredential(app.id, "mqtt")).toMatchObject({ password: "s3cret-pass-word", topicPrefix: "herald" });
    const raw = await rawCredential(app.id, "mqtt");
    expect(raw?.secretSealed).not.toContain("s3cret");
    const replaced = await saveCredential.runAs(admin, {
      appId: app.id,
      channel: "mqtt",
      brokerUrl: "wss://other.example.com/mqtt",
      topicPrefix: "acme/push",
    });
    expect(replaced.ok).toBe(true);
    expect(await db.providerCredential.count({ where: { appId: app.id } })).toBe(1);
    const { text } = await auditText(app.id);
    expect(text).not.toContain("s3cret");
    expect(text).not.toContain("hunter2");
    expect(await removeCredential.runAs(admin, { appId: app.id, channel: "mqtt" })).toMatchObject({ ok: true });
    expect(await loadCredential(app.id, "mqtt")).toBeNull();
    expect(await removeCredential.runAs(admin, { appId: app.id, channel: "mqtt" })).toMatchObject({
      ok: false,
      status: 404,
    });
    const removal = await db.auditLog.findFirstOrThrow({ where: { appId: app.id, action: "credentials.remove" } });
    expect(removal.diff).toMatchObject({ channel: "mqtt", topicPrefix: ["acme/push", null] });
  });

  it("rejects an unsupported broker scheme and an unknown channel", async () => {
    const admin = await createUser("admin");
    const { app } = await createApp();
    expect(
      await saveCredential.runAs(admin, { appId: app.id, channel: "mqtt", brokerUrl: "http://broker.example.com" }),
    ).toMatchObject({ ok: false, fieldErrors: { brokerUrl: ["mqttBrokerInvalid"] } });
    expect(await saveCredential.runAs(admin, { appId: app.id, channel: "smoke-signal" })).toMatchObject({
      ok: false,
      fieldErrors: { channel: ["channelInvalid"] },
    });
    expect(await rawCredential(app.id, "mqtt")).toBeNull();
  });
});

describe("credentials.save (APNs)", () => {
  const form = { keyId: fakeApnsApp.keyId, teamId: fakeApnsApp.teamId, environment: "sandbox" };

  it("seals the .p8 key, summarises the ids, and takes the app's iOS bundle id when none is entered", async () => {
    const admin = await createUser("admin");
    const { app } = await createApp();
    await db.app.update({ where: { id: app.id }, data: { iosBundleId: "com.example.news" } });
    const result = await saveCredential.runAs(admin, {
      appId: app.id,
      channel: "apns",
      key: fakeApnsApp.key,
      bundleId: "",
      ...form,
    });
    const summary = { ...form, bundleId: "com.example.news" };
    expect(result).toMatchObject({ ok: true, data: { summary } });
    const raw = await rawCredential(app.id, "apns");
    expect(raw?.summary).toEqual(summary);
    expect(raw?.secretSealed).not.toContain("PRIVATE KEY");
    expect(await loadCredential(app.id, "apns")).toMatchObject({ ...summary, key: fakeApnsApp.key });
    expect((await auditText(app.id)).text).not.toContain("PRIVATE KEY");
  });

  it("asks for a bundle id when neither form nor app has one, and refuses a key that is not P-256", async () => {
    const admin = await createUser("admin");
    const { app } = await createApp();
    const result = await saveCredential.runAs(admin, {
      appId: app.id,
      channel: "apns",
      key: "-----BEGIN PRIVATE KEY-----\nMIIBVQIBADANBgkqhkiG9w0BAQEFAASCAT8wggE7AgEAAkEA\n-----END PRIVATE KEY-----",
      bundleId: "",
      ...form,
    });
    expect(result).toMatchObject({
      ok: false,
      status: 400,
      fieldErrors: { bundleId: ["apnsBundleIdRequired"], key: ["apnsKeyInvalid"] },
    });
    expect(await rawCredential(app.id, "apns")).toBeNull();
  });
});
