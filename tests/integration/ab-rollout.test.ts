// A/B winner roll-out (issue [5/5], item 11) through the real dispatcher, the FCM provider and the fake
// FCM server: variants A/B go to a 20 % test share (plus the holdout, recorded once); after opens that
// make B significantly better, the decision job sends B and only B to exactly the rest of the audience,
// nobody twice. A tie follows the fallback rule; staff can decide with a click; an analyst cannot.
import { randomUUID } from "node:crypto";
import { runMigrations } from "graphile-worker";
import pino from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { CampaignContentInput } from "@/lib/campaigns/input";
import type { StaffUser } from "@/server/auth/session";
import { createCampaign } from "@/server/campaigns/compose";
import { loadCampaignForEdit } from "@/server/campaigns/composer-data";
import { getRolloutView, rolloutDecideTask, scheduleRolloutDecision } from "@/server/campaigns/rollout";
import { duplicateCampaignAction } from "@/server/campaigns/template-actions";
import { sendWinnerAction } from "@/server/campaigns/rollout-actions";
import { db } from "@/server/db";
import { inHoldout, inTestShare } from "@/server/dispatch/assign";
import { clearChannels } from "@/server/dispatch/channel-registry";
import { onWaveDone } from "@/server/dispatch/complete";
import { registerDefaultChannels } from "@/server/dispatch/channels";
import { startDispatcher, type DispatcherHandle } from "@/server/dispatch/dispatcher";
import { setFcmEndpoint } from "@/server/dispatch/providers/fcm/endpoint";
import { taskList } from "@/server/jobs/tasks";
import { sqlPool } from "@/server/sql";
import { startFakeFcm, type FakeFcm } from "../fakes/fcm/server";
import { campaignInput, sendCampaign, waitForState } from "../support/dispatch";
import { seedFcmApp, waitUntil } from "../support/dispatch-fcm";
import { createUser } from "../support/fixtures";

const quiet = pino({ level: process.env.TEST_LOG ?? "silent" });
let fake: FakeFcm;
let dispatcher: DispatcherHandle | null = null;
let admin: StaffUser;
let editor: StaffUser;
let analyst: StaffUser;

const tasks = taskList({ smsSenderFor: () => Promise.reject(new Error("no SMS in this test")) });
const runDecisionJob = (campaignId: string) => tasks[rolloutDecideTask]!({ campaignId }, {} as never);

const message = (title: string) => ({ en: { title, body: "Body" } });
function rolloutInput(appId: string, fallback: "leader" | "first_variant" | "wait", holdout = 0): CampaignContentInput {
  return campaignInput(appId, {
    holdoutPercent: holdout,
    variants: [
      { key: "A", splitPercent: 50, fallbackLocale: "en", content: message("Variant A") },
      { key: "B", splitPercent: 50, fallbackLocale: "en", content: message("Variant B") },
    ],
    rollout: { testPercent: 20, waitMinutes: 240, metric: "opened", fallback },
  });
}

// Waits until every test wave went out (the campaign stays sending, waiting for its winner).
async function testPhaseSent(campaignId: string) {
  await waitUntil(
    "the test phase to be sent",
    async () => {
      const waves = await db.campaignWave.findMany({ where: { campaignId } });
      return waves.length > 0 && waves.every((w) => w.phase === "test" && w.state === "done") ? true : undefined;
    },
    { timeoutMs: 60_000, describe: () => db.campaignWave.findMany({ where: { campaignId } }) },
  );
  expect((await db.campaign.findUniqueOrThrow({ where: { id: campaignId } })).state).toBe("sending");
}

async function rows(campaignId: string) {
  const { rows: out } = await sqlPool().query<{
    deviceId: string;
    variantKey: string | null;
    status: string;
    reason: string | null;
    phase: string;
  }>(
    `select d."deviceId", d."variantKey", d.status::text, d.reason::text, w.phase::text
       from "Delivery" d join "CampaignWave" w on w.id = d."waveId" where d."campaignId" = $1`,
    [campaignId],
  );
  return out;
}

const overdue = (campaignId: string) =>
  db.campaign.update({ where: { id: campaignId }, data: { rolloutDecideAt: new Date(Date.now() - 60_000) } });

beforeAll(async () => {
  fake = await startFakeFcm({ behaviour: { retryAfterSeconds: null } });
  setFcmEndpoint({ url: fake.url, ca: fake.ca });
  [admin, editor, analyst] = await Promise.all([createUser("admin"), createUser("editor"), createUser("analyst")]);
  clearChannels();
  await registerDefaultChannels({ mqttReceipts: false });
  // The worker's wave-done step that schedules the decision job (as server/jobs/worker.ts registers it).
  await runMigrations({ connectionString: process.env.DATABASE_URL! });
  onWaveDone(scheduleRolloutDecision);
  dispatcher = await startDispatcher(quiet, { pollMs: 100, leaseMs: 10_000, concurrency: 2 });
});

afterAll(async () => {
  await dispatcher?.stop(2000);
  clearChannels();
  setFcmEndpoint(undefined);
  await fake?.close();
});

describe("A/B winner roll-out", () => {
  it("tests on 20 %, then the decision job sends the significant winner to exactly the rest", async () => {
    const p = `ab${Date.now() % 100_000}`;
    const { app, tokens } = await seedFcmApp(admin, 1200, p);
    const id = await sendCampaign(editor, rolloutInput(app.id, "wait", 10));
    await testPhaseSent(id);
    const devices = await db.device.findMany({ where: { appId: app.id }, select: { id: true } });
    const held = new Set(devices.filter((d) => inHoldout(id, d.id, 10)).map((d) => d.id));
    const tested = new Set(devices.filter((d) => !held.has(d.id) && inTestShare(id, d.id, 20)).map((d) => d.id));
    const rest = devices.filter((d) => !held.has(d.id) && !tested.has(d.id)).map((d) => d.id);
    // The test phase: the test share with both variants, the holdout suppressed, nobody else.
    const first = await rows(id);
    expect(new Set(first.map((r) => r.deviceId))).toEqual(new Set([...held, ...tested]));
    expect(first.filter((r) => r.reason === "holdout").length).toBe(held.size);
    expect(new Set(first.filter((r) => r.status === "sent").map((r) => r.variantKey))).toEqual(new Set(["A", "B"]));
    expect(tested.size).toBeGreaterThan(150);
    // The decision job is due the wait (240 min) after the test phase went out, once per campaign.
    const { rows: jobs } = await sqlPool().query<{ minutes: number }>(
      `select (extract(epoch from run_at - now()) / 60)::float8 as minutes from graphile_worker.jobs
        where task_identifier = $1 and key = $2`,
      [rolloutDecideTask, `${rolloutDecideTask}:${id}`],
    );
    expect(jobs).toHaveLength(1);
    expect(jobs[0]!.minutes).toBeGreaterThan(230);
    expect(jobs[0]!.minutes).toBeLessThanOrEqual(240);

    // Opens: 60 % of B's test devices, 10 % of A's.
    await sqlPool().query(
      `update "Delivery" d set "openedAt" = now()
        where d."campaignId" = $1 and d.status = 'sent'
          and (d."variantKey" = 'B' and d.id % 10 < 6 or d."variantKey" = 'A' and d.id % 10 < 1)`,
      [id],
    );
    // A job that comes before the wait ended does nothing.
    await runDecisionJob(id);
    expect((await db.campaign.findUniqueOrThrow({ where: { id } })).rolloutWinnerKey).toBeNull();
    await overdue(id);
    await runDecisionJob(id);
    const decided = await db.campaign.findUniqueOrThrow({ where: { id } });
    expect(decided).toMatchObject({ rolloutWinnerKey: "B", rolloutDecision: "significant", rolloutDecidedById: null });
    // Idempotent: a second run of the job plans nothing more.
    await runDecisionJob(id);
    const done = await waitForState(id, "completed", 60_000);
    expect(done.sentCount).toBe(tested.size + rest.length);
    const all = await rows(id);
    const winnerRows = all.filter((r) => r.phase === "winner");
    expect(new Set(winnerRows.map((r) => r.deviceId))).toEqual(new Set(rest));
    expect(new Set(winnerRows.map((r) => r.variantKey))).toEqual(new Set(["B"]));
    // Nobody twice: one row per device of the app, and each token accepted once by FCM.
    expect(all.length).toBe(devices.length);
    const received = await fake.tokens({ tokens });
    expect(received.every((r) => r.accepted <= 1)).toBe(true);
    expect(received.reduce((sum, r) => sum + r.accepted, 0)).toBe(tested.size + rest.length);
    const waves = await db.campaignWave.findMany({ where: { campaignId: id }, orderBy: { index: "asc" } });
    expect(waves.map((w) => w.phase)).toEqual(["test", "winner"]);
    const view = await getRolloutView(id);
    expect(view).toMatchObject({ phase: "winner", winnerKey: "B", decision: "significant", significant: true });
    expect(view!.variants.find((v) => v.key === "B")!.winnerSent).toBe(rest.length);
    const audit = await db.auditLog.findMany({ where: { targetId: id, action: "campaigns.sendWinner" } });
    expect(audit).toMatchObject([{ actorEmail: "dispatcher", diff: { winner: "B", decision: "significant" } }]);
  }, 150_000);

  it("a tie follows the fallback rule: variant A, or waiting for a click", async () => {
    const { app } = await seedFcmApp(admin, 200, `t${Date.now() % 100_000}`);
    const first = await sendCampaign(editor, rolloutInput(app.id, "first_variant"));
    const waits = await sendCampaign(editor, rolloutInput(app.id, "wait"));
    await testPhaseSent(first);
    await testPhaseSent(waits);
    await overdue(first);
    await overdue(waits);
    await runDecisionJob(first);
    await runDecisionJob(waits);
    expect(await db.campaign.findUniqueOrThrow({ where: { id: first } })).toMatchObject({
      rolloutWinnerKey: "A",
      rolloutDecision: "first_variant",
    });
    await waitForState(first, "completed", 60_000);
    const waiting = await db.campaign.findUniqueOrThrow({ where: { id: waits } });
    expect(waiting).toMatchObject({ state: "sending", rolloutWinnerKey: null });
    expect(await getRolloutView(waits)).toMatchObject({
      phase: "awaiting_choice",
      significant: false,
      canDecide: true,
    });
  }, 120_000);

  it("staff send a variant to the rest with a click; an analyst is refused; only once", async () => {
    const { app } = await seedFcmApp(admin, 200, `c${Date.now() % 100_000}`);
    const id = await sendCampaign(editor, rolloutInput(app.id, "wait"));
    await testPhaseSent(id);
    const refused = await sendWinnerAction.runAs(analyst, { campaignId: id, variantKey: "B" });
    expect(refused).toMatchObject({ ok: false, status: 403 });
    const clicked = await sendWinnerAction.runAs(editor, { campaignId: id, variantKey: "B" });
    expect(clicked).toEqual({ ok: true, data: { winner: "B" } });
    const again = await sendWinnerAction.runAs(editor, { campaignId: id, variantKey: "A" });
    expect(again).toMatchObject({ ok: false, status: 409, code: "already_decided" });
    await waitForState(id, "completed", 60_000);
    const all = await rows(id);
    expect(all.length).toBe(200);
    expect(new Set(all.filter((r) => r.phase === "winner").map((r) => r.variantKey))).toEqual(new Set(["B"]));
    expect(await db.campaign.findUniqueOrThrow({ where: { id } })).toMatchObject({
      rolloutDecision: "manual",
      rolloutDecidedById: editor.id,
    });
    const audit = await db.auditLog.findMany({ where: { targetId: id, action: "campaigns.sendWinner" } });
    expect(audit).toMatchObject([{ actorEmail: editor.email, diff: { winner: "B", decision: "manual" } }]);
  }, 120_000);

  it("refuses a test share outside 5-50 %, a wait outside 15 min - 7 days, and a single variant", async () => {
    const { app } = await seedFcmApp(admin, 5, `v${Date.now() % 100_000}`);
    const { campaignContentInput } = await import("@/lib/campaigns/input");
    const base = rolloutInput(app.id, "leader");
    const issues = (input: unknown) =>
      campaignContentInput.safeParse(input).error?.issues.map((issue) => issue.message) ?? [];
    expect(issues({ ...base, rollout: { ...base.rollout, testPercent: 60 } })).toEqual(["rolloutShareRange"]);
    expect(issues({ ...base, rollout: { ...base.rollout, waitMinutes: 10 } })).toEqual(["rolloutWaitRange"]);
    expect(issues({ ...base, variants: [{ ...base.variants[0], splitPercent: 100 }] })).toEqual([
      "rolloutNeedsVariants",
    ]);
    // Stored, loaded back into the composer, and kept by a duplicate.
    const { campaignId } = await createCampaign(editor, base, { kind: "now" }, randomUUID());
    const stored = await loadCampaignForEdit(campaignId);
    expect(stored!.values.campaign.rollout).toEqual(base.rollout);
    const copy = await duplicateCampaignAction.runAs(editor, { campaignId, idempotencyKey: randomUUID() });
    expect(copy.ok).toBe(true);
    const copied = await loadCampaignForEdit((copy as { data: { campaignId: string } }).data.campaignId);
    expect(copied!.values.campaign.rollout).toEqual(base.rollout);
  });
});
