// Submitting plans once: the campaign is read once, its waves are planned once, and the plan is stored
// once (the CampaignWave rows and firstWaveAt, written with the new state by one update of the row).
// The stored waves are the ones the detail page plans (planCampaignWaves) for the same audience.
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import type { CampaignContentInput } from "@/lib/campaigns/input";
import { planWaves } from "@/lib/schedule";
import type { StaffUser } from "@/server/auth/session";
import { approveCampaign } from "@/server/campaigns/actions";
import { createCampaign, submitCampaign } from "@/server/campaigns/compose";
import { planCampaignWaves } from "@/server/campaigns/queries";
import { db } from "@/server/db";
import { sqlPool } from "@/server/sql";
import { campaignInput } from "../support/dispatch";
import { createApp, createUser } from "../support/fixtures";
import { oneAddress } from "../support/device-address";

// Reads of Campaign rows through Prisma (the client and the transactions it opens) since the last reset.
const counted = vi.hoisted(() => ({ campaignReads: 0 }));

vi.mock("@/lib/schedule", async (importOriginal) => {
  const real = await importOriginal<typeof import("@/lib/schedule")>();
  return { ...real, planWaves: vi.fn(real.planWaves) };
});

vi.mock("@/server/db", async (importOriginal) => {
  const real = await importOriginal<typeof import("@/server/db")>();
  const countingModel = (model: object) =>
    new Proxy(model, {
      get(target, verb) {
        const value = Reflect.get(target, verb) as unknown;
        if (typeof value !== "function" || typeof verb !== "string" || !verb.startsWith("find")) return value;
        return (...args: unknown[]) => {
          counted.campaignReads += 1;
          return (value as (...a: unknown[]) => unknown).apply(target, args);
        };
      },
    });
  const counting = <T extends object>(client: T): T =>
    new Proxy(client, {
      get(target, property) {
        const value = Reflect.get(target, property) as unknown;
        if (property === "campaign") return countingModel(value as object);
        if (property === "$transaction") {
          return (arg: unknown, ...rest: unknown[]) =>
            (value as (...a: unknown[]) => unknown).call(
              target,
              typeof arg === "function" ? (tx: object) => (arg as (t: object) => unknown)(counting(tx)) : arg,
              ...rest,
            );
        }
        return value;
      },
    });
  return { ...real, db: counting(real.db) };
});

let appId: string;
let editor: StaffUser;
let marketer: StaffUser;
let admin: StaffUser;

// Every UPDATE of a Campaign row, with the firstWaveAt it wrote (a trigger keeps the log in this database).
const writesOf = async (campaignId: string) =>
  (
    await sqlPool().query<{ firstWaveAt: Date | null }>(
      `select "firstWaveAt" from "TestCampaignWrite" where "campaignId" = $1 order by seq`,
      [campaignId],
    )
  ).rows;

// The run's stored waves as (at, zones), in send order.
const storedWaves = async (campaignId: string) =>
  (await db.campaignWave.findMany({ where: { campaignId, run: 0 }, orderBy: { index: "asc" } })).map((w) => ({
    at: w.dueAt,
    timeZones: w.timeZones,
  }));

// What the detail page plans for the campaign now, as (at, zones).
async function detailPlan(campaignId: string) {
  const campaign = await db.campaign.findUniqueOrThrow({ where: { id: campaignId }, include: { app: true } });
  const plan = await planCampaignWaves(campaign, campaign.expression, campaign.app);
  if (!plan.ok) throw new Error(plan.reason);
  return plan.waves.map((w) => ({ at: w.at, timeZones: w.timeZones }));
}

// 07:00 local in three days: quiet hours (22:00-08:00) hold each zone's wave until its own 08:00.
const schedule = () => ({
  kind: "localTime" as const,
  date: new Date(Date.now() + 3 * 86_400_000).toISOString().slice(0, 10),
  time: "07:00",
});

beforeAll(async () => {
  appId = (await createApp()).app.id;
  await db.app.update({
    where: { id: appId },
    data: { timezone: "Europe/Berlin", quietHoursStart: 22 * 60, quietHoursEnd: 8 * 60 },
  });
  [editor, marketer, admin] = await Promise.all([createUser("editor"), createUser("marketer"), createUser("admin")]);
  const zones = ["America/New_York", "Asia/Shanghai", "Europe/Berlin"];
  await db.device.createMany({
    data: Array.from({ length: 30 }, (_, i) => ({
      appId,
      installationId: randomUUID(),
      platform: "android" as const,
      ...oneAddress("fcm", `t-${i}`),
      tags: ["plan"],
      timezone: zones[i % 3],
    })),
  });
  await sqlPool().query(`
    create table "TestCampaignWrite" (seq serial primary key, "campaignId" uuid not null, "firstWaveAt" timestamp(3));
    create function test_campaign_write() returns trigger language plpgsql as $$
      begin
        insert into "TestCampaignWrite" ("campaignId", "firstWaveAt") values (new.id, new."firstWaveAt");
        return new;
      end $$;
    create trigger test_campaign_write after update on "Campaign"
      for each row execute function test_campaign_write();`);
});

afterAll(async () => {
  await sqlPool().query(
    `drop trigger if exists test_campaign_write on "Campaign"; drop function if exists test_campaign_write(); drop table
       if exists "TestCampaignWrite";`,
  );
});

beforeEach(() => {
  counted.campaignReads = 0;
  vi.mocked(planWaves).mockClear();
});

// Creates a campaign by `user` and submits it, which must read it once, plan its waves once and end in
// `state` with the 30 planned devices in 3 waves.
async function submitCounted(user: StaffUser, input: Partial<CampaignContentInput>, state: string) {
  const { campaignId } = await createCampaign(user, campaignInput(appId, input), schedule(), randomUUID());
  counted.campaignReads = 0;
  vi.mocked(planWaves).mockClear();
  const submitted = await submitCampaign(user, campaignId);
  expect(submitted).toMatchObject({ state, audience: 30, waves: 3 });
  expect(counted.campaignReads).toBe(1);
  expect(planWaves).toHaveBeenCalledTimes(1);
  return { campaignId, submitted };
}

describe("submitting a campaign", () => {
  it("reads it once, plans once and stores that plan with one write when it schedules", async () => {
    const { campaignId, submitted } = await submitCounted(editor, { expression: "tag:plan" }, "scheduled");

    const row = await db.campaign.findUniqueOrThrow({ where: { id: campaignId } });
    const waves = await storedWaves(campaignId);
    expect(waves).toEqual(await detailPlan(campaignId));
    expect(waves.map((w) => w.timeZones)).toEqual([["Asia/Shanghai"], ["Europe/Berlin"], ["America/New_York"]]);
    expect(row.firstWaveAt).toEqual(waves[0]!.at);
    expect(submitted.firstWaveAt).toEqual(waves[0]!.at);
    expect(await writesOf(campaignId)).toEqual([{ firstWaveAt: waves[0]!.at }]);
  });

  it("stores the planned first wave with one write when it goes for approval, and approval plans once", async () => {
    const { campaignId } = await submitCounted(
      marketer,
      { type: "promotion", expression: "tag:plan" },
      "pending_approval",
    );
    const planned = await detailPlan(campaignId);
    expect(await storedWaves(campaignId)).toEqual([]);
    expect(await writesOf(campaignId)).toEqual([{ firstWaveAt: planned[0]!.at }]);

    vi.mocked(planWaves).mockClear();
    expect(await approveCampaign.runAs(admin, { campaignId })).toMatchObject({
      ok: true,
      data: { state: "scheduled" },
    });
    expect(planWaves).toHaveBeenCalledTimes(1);
    expect(await storedWaves(campaignId)).toEqual(planned);
    expect(await writesOf(campaignId)).toEqual([{ firstWaveAt: planned[0]!.at }, { firstWaveAt: planned[0]!.at }]);
  });
});
