// A/B winner roll-out by a conversion goal (issue [5/5], items 11 and 12): through the real dispatcher and
// the fake FCM server, variants A/B go to a 20 % test share; B's test devices report the goal event
// ("purchase") far more often within the goal's window, while A leads on opens and has purchases only
// before its push and other events within it. The decision job sends B, significantly better on
// conversions. Conversions of the winner phase never change the test-share figures the decision used,
// and the goal metric is refused for a campaign without a goal.
import { randomUUID } from "node:crypto";
import { runMigrations } from "graphile-worker";
import pino from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { CampaignContentInput } from "@/lib/campaigns/input";
import type { StaffUser } from "@/server/auth/session";
import { createCampaignAction } from "@/server/campaigns/actions";
import { getRolloutView, rolloutDecideTask, scheduleRolloutDecision } from "@/server/campaigns/rollout";
import { db } from "@/server/db";
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

const tasks = taskList({ smsSenderFor: () => Promise.reject(new Error("no SMS in this test")) });
const runDecisionJob = (campaignId: string) => tasks[rolloutDecideTask]!({ campaignId }, {} as never);
const day = 86_400;

function goalRollout(appId: string, goal: boolean): CampaignContentInput {
  return campaignInput(appId, {
    variants: ["A", "B"].map((key) => ({
      key,
      splitPercent: 50,
      fallbackLocale: "en",
      content: { en: { title: `Variant ${key}`, body: "Body" } },
    })),
    ...(goal ? { goal: { event: "purchase", windowSeconds: day } } : {}),
    rollout: { testPercent: 20, waitMinutes: 240, metric: "goal", fallback: "wait" },
  });
}

interface SentRow {
  id: string;
  deviceId: string;
  variantKey: string;
  sentAt: Date;
  phase: string;
}

async function sentRows(campaignId: string, phase: "test" | "winner"): Promise<SentRow[]> {
  const { rows } = await sqlPool().query<SentRow>(
    `select d.id::text, d."deviceId", d."variantKey", d."sentAt", w.phase::text
       from "Delivery" d join "CampaignWave" w on w.id = d."waveId"
      where d."campaignId" = $1 and d."sentAt" is not null and w.phase = $2::"WavePhase"
      order by d.id`,
    [campaignId, phase],
  );
  return rows;
}

let sequence = 0;
async function events(appId: string, list: Array<{ deviceId: string; name: string; at: Date }>) {
  await db.deviceEvent.createMany({
    data: list.map((e) => ({
      appId,
      eventId: `goal-${sequence++}-${randomUUID().slice(0, 8)}`,
      deviceId: e.deviceId,
      type: "custom" as const,
      name: e.name,
      occurredAt: e.at,
    })),
  });
}

beforeAll(async () => {
  fake = await startFakeFcm({ behaviour: { retryAfterSeconds: null } });
  setFcmEndpoint({ url: fake.url, ca: fake.ca });
  [admin, editor] = await Promise.all([createUser("admin"), createUser("editor")]);
  clearChannels();
  await registerDefaultChannels({ mqttReceipts: false });
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

describe("A/B winner roll-out by a conversion goal", () => {
  it("sends the variant that converts significantly more within the window, from the test share only", async () => {
    const { app } = await seedFcmApp(admin, 800, `g${Date.now() % 100_000}`);
    const id = await sendCampaign(editor, goalRollout(app.id, true));
    await waitUntil(
      "the test phase to be sent",
      async () => {
        const waves = await db.campaignWave.findMany({ where: { campaignId: id } });
        return waves.length > 0 && waves.every((w) => w.phase === "test" && w.state === "done") ? true : undefined;
      },
      { timeoutMs: 60_000, describe: () => db.campaignWave.findMany({ where: { campaignId: id } }) },
    );
    const test = await sentRows(id, "test");
    const a = test.filter((r) => r.variantKey === "A");
    const b = test.filter((r) => r.variantKey === "B");
    expect(a.length).toBeGreaterThan(50);
    expect(b.length).toBeGreaterThan(50);
    const after = (r: SentRow, seconds: number) => new Date(r.sentAt.getTime() + seconds * 1000);
    // B: half its test devices buy within the window (one of them twice: still one conversion).
    const buyersB = b.filter((_, i) => i % 2 === 0);
    // A: one in twenty buys within the window; every A device bought an hour before its push (outside
    // the window) and signed up within it (another event): neither may count.
    const buyersA = a.filter((_, i) => i % 20 === 0);
    await events(app.id, [
      ...buyersB.map((r) => ({ deviceId: r.deviceId, name: "purchase", at: after(r, 60) })),
      { deviceId: buyersB[0]!.deviceId, name: "purchase", at: after(buyersB[0]!, 120) },
      ...buyersA.map((r) => ({ deviceId: r.deviceId, name: "purchase", at: after(r, 90) })),
      ...a.map((r) => ({ deviceId: r.deviceId, name: "purchase", at: after(r, -3600) })),
      ...a.map((r) => ({ deviceId: r.deviceId, name: "sign_up", at: after(r, 30) })),
    ]);
    // A leads on opens by far: the metric is the goal, not opens.
    await sqlPool().query(
      `update "Delivery" set "openedAt" = "sentAt" where "campaignId" = $1 and "variantKey" = 'A' and status = 'sent'`,
      [id],
    );

    const before = await getRolloutView(id);
    expect(before).toMatchObject({ metric: "goal", goalEvent: "purchase", leader: "B", significant: true });
    expect(before!.variants.map((v) => [v.key, v.converted])).toEqual([
      ["A", buyersA.length],
      ["B", buyersB.length],
    ]);
    expect(before!.variants.find((v) => v.key === "B")!.rate).toBeCloseTo(buyersB.length / b.length, 6);

    await db.campaign.update({ where: { id }, data: { rolloutDecideAt: new Date(Date.now() - 60_000) } });
    await runDecisionJob(id);
    expect(await db.campaign.findUniqueOrThrow({ where: { id } })).toMatchObject({
      rolloutWinnerKey: "B",
      rolloutDecision: "significant",
    });
    await waitForState(id, "completed", 60_000);

    // Every device of the winner phase buys: the test share's figures stay what the decision saw.
    const winner = await sentRows(id, "winner");
    expect(winner.length).toBeGreaterThan(400);
    await events(
      app.id,
      winner.map((r) => ({ deviceId: r.deviceId, name: "purchase", at: after(r, 60) })),
    );
    const later = await getRolloutView(id);
    expect(later!.variants.map((v) => [v.key, v.converted])).toEqual([
      ["A", buyersA.length],
      ["B", buyersB.length],
    ]);
    expect(later).toMatchObject({ phase: "winner", winnerKey: "B", decision: "significant" });
  }, 150_000);

  it("refuses winner by conversions for a campaign without a goal, on the metric field", async () => {
    const { app } = await seedFcmApp(admin, 5, `n${Date.now() % 100_000}`);
    const refused = await createCampaignAction.runAs(editor, {
      campaign: goalRollout(app.id, false),
      schedule: { kind: "now" },
      idempotencyKey: randomUUID(),
    });
    expect(refused).toMatchObject({
      ok: false,
      status: 400,
      fieldErrors: { "campaign.rollout.metric": ["rolloutGoalNeedsGoal"] },
    });
    const accepted = await createCampaignAction.runAs(editor, {
      campaign: goalRollout(app.id, true),
      schedule: { kind: "now" },
      idempotencyKey: randomUUID(),
    });
    expect(accepted.ok).toBe(true);
    const stored = await db.campaign.findUniqueOrThrow({
      where: { id: (accepted as { data: { campaignId: string } }).data.campaignId },
    });
    expect(stored).toMatchObject({ rolloutMetric: "goal", goalEvent: "purchase", goalWindowSeconds: day });
  });
});
