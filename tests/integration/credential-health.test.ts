// A credential error clears on the next successful send (issue 13, item 12): the dispatcher, in this
// process on the test database, sends through the real FCM provider to the fake FCM server. The fake
// first refuses the app's service-account key (the campaign pauses and the key records the refusal),
// then accepts it: the resumed send records the success, the app page's data stops calling the key
// failing and keeps when it last failed (with the error) and when it last succeeded. Recording the
// success is cheap: once a minute per credential and process, at once after an error.
import { randomUUID } from "node:crypto";
import pino from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { StaffUser } from "@/server/auth/session";
import { saveCredential } from "@/server/apps/actions";
import { recordCredentialError, recordCredentialSuccess } from "@/server/apps/credentials";
import { getAppDetail } from "@/server/apps/queries";
import { resumeCampaign } from "@/server/campaigns/actions";
import { db } from "@/server/db";
import { clearChannels } from "@/server/dispatch/channel-registry";
import { registerDefaultChannels } from "@/server/dispatch/channels";
import { startDispatcher, type DispatcherHandle } from "@/server/dispatch/dispatcher";
import { sqlPool } from "@/server/sql";
import { fakeServiceAccount } from "../fakes/fcm/service-account";
import { startFakeFcm, type FakeFcm } from "../fakes/fcm/server";
import { campaignInput, deliveryCounts, insertDevices, sendCampaign, waitForState } from "../support/dispatch";
import { createApp, createUser } from "../support/fixtures";

const quiet = pino({ level: process.env.TEST_LOG ?? "silent" });
let fake: FakeFcm;
let admin: StaffUser;
let editor: StaffUser;
let dispatcher: DispatcherHandle | null = null;

beforeAll(async () => {
  fake = await startFakeFcm();
  Object.assign(process.env, { HERALD_FCM_ENDPOINT: fake.url, HERALD_FCM_CA_FILE: fake.caFile });
  [admin, editor] = await Promise.all([createUser("admin"), createUser("editor")]);
  clearChannels();
  await registerDefaultChannels({ mqttReceipts: false });
  dispatcher = await startDispatcher(quiet, { pollMs: 100, leaseMs: 10_000, firstChunk: 500, chunk: 500 });
});

afterAll(async () => {
  await dispatcher?.stop(2000);
  clearChannels();
  await fake?.close();
});

// An app with an FCM key of its own (saved through the real action) and `devices` Android devices.
async function appWithKey(devices: number) {
  const { app } = await createApp();
  await db.app.update({ where: { id: app.id }, data: { approvalThreshold: devices + 1 } });
  const clientEmail = `herald-${randomUUID().slice(0, 8)}@herald-test.iam.gserviceaccount.com`;
  const saved = await saveCredential.runAs(admin, {
    appId: app.id,
    channel: "fcm",
    serviceAccountJson: JSON.stringify(fakeServiceAccount("herald-test", clientEmail)),
  });
  expect(saved).toMatchObject({ ok: true });
  await insertDevices(app.id, devices);
  return { appId: app.id, clientEmail };
}

async function fcmCard(appId: string) {
  return (await getAppDetail(appId)).credentials.find((credential) => credential.channel === "fcm")!;
}

describe("an FCM key's health on the app page", () => {
  it("a refusal recorded by dispatch ends with the next successful send; both times are kept", async () => {
    const { appId, clientEmail } = await appWithKey(40);
    expect(await fcmCard(appId)).toMatchObject({
      failing: false,
      lastError: null,
      lastErrorAt: null,
      lastSucceededAt: null,
    });

    // Google refuses the key: the campaign pauses and the key records why.
    await fake.configure({ rejectClientEmails: [clientEmail] });
    const campaignId = await sendCampaign(editor, campaignInput(appId));
    await waitForState(campaignId, "paused", 30_000);
    const refused = await fcmCard(appId);
    expect(refused.failing).toBe(true);
    expect(refused.lastError).toMatch(/^fcm: /);
    expect(refused.lastErrorAt).toBeInstanceOf(Date);
    expect(refused.lastSucceededAt).toBeNull();

    // The key works again (Google restored the account): the resumed campaign is sent.
    await fake.configure({ rejectClientEmails: [] });
    expect(await resumeCampaign.runAs(editor, { campaignId })).toMatchObject({ ok: true });
    await waitForState(campaignId, "completed", 30_000);
    expect(await deliveryCounts(campaignId)).toEqual({ sent: 40 });
    const recovered = await fcmCard(appId);
    expect(recovered.failing).toBe(false);
    expect(recovered.lastSucceededAt).toBeInstanceOf(Date);
    expect(recovered.lastSucceededAt!.getTime()).toBeGreaterThan(refused.lastErrorAt!.getTime());
    // The last failure stays on record, with its error, for the page's "last failed".
    expect(recovered.lastError).toBe(refused.lastError);
    expect(recovered.lastErrorAt).toEqual(refused.lastErrorAt);
  }, 90_000);

  it("costs one write a minute per credential, not one per batch, and an error lifts the wait", async () => {
    const { appId } = await appWithKey(1200);
    const first = await sendCampaign(editor, campaignInput(appId));
    await waitForState(first, "completed", 30_000);
    const succeededAt = (await fcmCard(appId)).lastSucceededAt;
    expect(succeededAt).toBeInstanceOf(Date);
    // Three batches of up to 500 each sent, then a second campaign: still the first write's time.
    const { rows } = await sqlPool().query<{ n: number }>(
      `select count(*)::int as n from "DispatchBatch" where "campaignId" = $1`,
      [first],
    );
    expect(rows[0]!.n).toBeGreaterThanOrEqual(3);
    const second = await sendCampaign(editor, campaignInput(appId));
    await waitForState(second, "completed", 30_000);
    expect((await fcmCard(appId)).lastSucceededAt).toEqual(succeededAt);
    expect(await recordCredentialSuccess(appId, "fcm")).toBe(false);
    // Past this process's minute, the statement itself still refuses to write a success this recent
    // (what keeps several workers on one credential at about one write a minute).
    expect(await recordCredentialSuccess(appId, "fcm", Date.now() + 61_000)).toBe(false);
    expect((await fcmCard(appId)).lastSucceededAt).toEqual(succeededAt);

    // An error recorded meanwhile: the next success clears it at once.
    await recordCredentialError(appId, "fcm", "fcm: FCM refused the app's configuration (THIRD_PARTY_AUTH_ERROR)");
    expect((await fcmCard(appId)).failing).toBe(true);
    expect(await recordCredentialSuccess(appId, "fcm")).toBe(true);
    const cleared = await fcmCard(appId);
    expect(cleared.failing).toBe(false);
    expect(cleared.lastSucceededAt!.getTime()).toBeGreaterThanOrEqual(cleared.lastErrorAt!.getTime());
  }, 90_000);

  it("a new key starts without a success or an error", async () => {
    const { appId } = await appWithKey(1);
    await recordCredentialError(appId, "fcm", "fcm: refused");
    await sqlPool().query(`update "ProviderCredential" set "lastSucceededAt" = now() where "appId" = $1`, [appId]);
    const saved = await saveCredential.runAs(admin, {
      appId,
      channel: "fcm",
      serviceAccountJson: JSON.stringify(fakeServiceAccount("herald-test")),
    });
    expect(saved).toMatchObject({ ok: true });
    expect(await fcmCard(appId)).toMatchObject({
      failing: false,
      lastError: null,
      lastErrorAt: null,
      lastSucceededAt: null,
    });
  });
});
