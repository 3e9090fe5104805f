// "Resend to failed" (issue 13, item 11) through the real dispatcher, the real FCM provider and the
// fake FCM server: a campaign where some devices' tokens kept getting 503 until their retry window
// (shortened to 1.5 s) ran out, and some tokens were dead. Resending picks only the transient ones,
// sends them through a new wave once the service answers again, keeps the counters and the report
// right, is audited, refused a second time, and refused while the campaign is still sending.
import pino from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { StaffUser } from "@/server/auth/session";
import { getCampaignReport } from "@/server/analytics/queries";
import { rollupCampaign } from "@/server/analytics/rollup";
import { db } from "@/server/db";
import { clearChannels } from "@/server/dispatch/channel-registry";
import { registerDefaultChannels } from "@/server/dispatch/channels";
import { startDispatcher, type DispatcherHandle } from "@/server/dispatch/dispatcher";
import { setFcmEndpoint } from "@/server/dispatch/providers/fcm/endpoint";
import { resendFailedAction } from "@/server/dispatch/resend-actions";
import { sqlPool } from "@/server/sql";
import { defaultBehaviour, startFakeFcm, type FakeFcm } from "../fakes/fcm/server";
import { campaignInput, deliveryCounts, insertDevices, sendCampaign, waitForState } from "../support/dispatch";
import { seedFcmApp } from "../support/dispatch-fcm";
import { createUser } from "../support/fixtures";

const quiet = pino({ level: process.env.TEST_LOG ?? "silent" });
let fake: FakeFcm;
let dispatcher: DispatcherHandle | null = null;
let admin: StaffUser;
let editor: StaffUser;

beforeAll(async () => {
  fake = await startFakeFcm({ behaviour: { retryAfterSeconds: null } });
  setFcmEndpoint({ url: fake.url, ca: fake.ca });
  [admin, editor] = await Promise.all([createUser("admin"), createUser("editor")]);
  clearChannels();
  await registerDefaultChannels({ mqttReceipts: false });
  dispatcher = await startDispatcher(quiet, { pollMs: 100, leaseMs: 10_000, concurrency: 2, retryWindowMs: 1500 });
});

afterAll(async () => {
  await dispatcher?.stop(2000);
  clearChannels();
  setFcmEndpoint(undefined);
  await fake?.close();
});

describe("resend to failed", () => {
  it("resends once, only to the devices that failed transiently, through a new wave", async () => {
    const p = `r${Date.now() % 100_000}`;
    const { app } = await seedFcmApp(admin, 400, p);
    await insertDevices(app.id, 30, { prefix: `${p}u` });
    await insertDevices(app.id, 20, { prefix: `${p}b` });
    await db.app.update({ where: { id: app.id }, data: { approvalThreshold: 1000 } });
    const flaky = Array.from({ length: 30 }, (_, i) => `tok-${p}u-${i + 1}`);
    const dead = Array.from({ length: 20 }, (_, i) => `tok-${p}b-${i + 1}`);
    await fake.configure({
      tokenPrefixes: {
        ...defaultBehaviour().tokenPrefixes,
        [`tok-${p}u-`]: "UNAVAILABLE",
        [`tok-${p}b-`]: "UNREGISTERED",
      },
    });
    const id = await sendCampaign(editor, campaignInput(app.id));
    const first = await waitForState(id, "completed", 60_000);
    expect(first).toMatchObject({ sentCount: 400, failedCount: 50, queuedCount: 0 });
    const { rows: failed } = await sqlPool().query<{ transient: boolean; n: number; attempts: number }>(
      `select "failedTransiently" as transient, count(*)::int as n, min(attempts) as attempts
         from "Delivery" where "campaignId" = $1 and status = 'failed' group by 1 order by 1`,
      [id],
    );
    // The flaky ones were retried (more than one attempt) before their window ran out; the dead failed at once.
    expect(failed).toEqual([
      { transient: false, n: 20, attempts: 1 },
      { transient: true, n: 30, attempts: expect.any(Number) },
    ]);
    expect(failed[1]!.attempts).toBeGreaterThan(1);

    // The service answers those tokens again; staff resend.
    await fake.configure({ tokenPrefixes: defaultBehaviour().tokenPrefixes });
    const received = async (tokens: string[]) =>
      new Map((await fake.tokens({ tokens })).map((record) => [record.token, record]));
    const deadBefore = await received(dead);
    const resent = await resendFailedAction.runAs(editor, { campaignId: id });
    expect(resent).toEqual({ ok: true, data: { devices: 30 } });
    const done = await waitForState(id, "completed", 60_000);
    expect(done).toMatchObject({ sentCount: 430, failedCount: 20, queuedCount: 0, suppressedCount: 0 });
    expect(done.resentAt).not.toBeNull();
    expect(await deliveryCounts(id)).toEqual({ sent: 430, failed: 20 });
    // Each flaky token accepted exactly once; no dead token was tried again.
    const flakyNow = await received(flaky);
    expect([...flakyNow.values()].map((record) => record.accepted)).toEqual(flaky.map(() => 1));
    const deadNow = await received(dead);
    for (const token of dead) expect(deadNow.get(token)!.received).toBe(deadBefore.get(token)!.received);
    // A new wave of the same run carried them, and closed.
    const waves = await db.campaignWave.findMany({ where: { campaignId: id }, orderBy: { index: "asc" } });
    expect(waves.map((wave) => wave.state)).toEqual([...waves.slice(0, -1).map(() => "done"), "done"]);
    expect(waves.length).toBeGreaterThanOrEqual(2);
    const { rows: inLast } = await sqlPool().query<{ n: number }>(
      `select count(*)::int as n from "Delivery" where "waveId" = $1`,
      [waves.at(-1)!.id],
    );
    expect(inLast[0]!.n).toBe(30);
    // The report agrees with the counters.
    await rollupCampaign(id);
    const report = await getCampaignReport(id);
    expect(Object.fromEntries(report!.byChannel.map((row) => [row.key, [row.sent, row.failed]]))).toEqual({
      fcm: [430, 20],
    });
    const audit = await db.auditLog.findMany({ where: { targetId: id, action: "campaigns.resendFailed" } });
    expect(audit).toMatchObject([{ actorEmail: editor.email, diff: { devices: 30, state: ["completed", "sending"] } }]);

    // Once per campaign.
    const again = await resendFailedAction.runAs(editor, { campaignId: id });
    expect(again).toMatchObject({ ok: false, status: 409, code: "already_resent" });
    expect((await db.campaign.findUniqueOrThrow({ where: { id } })).state).toBe("completed");
  }, 120_000);

  it("refuses a campaign that is not completed, and one with nothing to resend", async () => {
    const { app } = await seedFcmApp(admin, 10, `n${Date.now() % 100_000}`);
    const id = await sendCampaign(editor, campaignInput(app.id));
    await db.campaign.update({ where: { id }, data: { state: "paused" } });
    const paused = await resendFailedAction.runAs(editor, { campaignId: id });
    expect(paused).toMatchObject({ ok: false, status: 409, code: "not_completed" });
    await db.campaign.update({ where: { id }, data: { state: "sending" } });
    await waitForState(id, "completed", 30_000);
    const nothing = await resendFailedAction.runAs(editor, { campaignId: id });
    expect(nothing).toMatchObject({ ok: false, status: 422, code: "nothing_to_resend" });
    expect((await db.campaign.findUniqueOrThrow({ where: { id } })).resentAt).toBeNull();
  }, 60_000);
});
