// Campaign list and detail reads against the real database: filters, pages, the approval queue
// (never your own submissions), and the detail's planned waves from the live audience.
import { randomUUID } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import type { StaffUser } from "@/server/auth/session";
import { approveCampaign } from "@/server/campaigns/actions";
import { getCampaignDetail, listApprovalQueue, listCampaigns, loadCampaignListPage } from "@/server/campaigns/queries";
import { db } from "@/server/db";
import { createApp, createUser } from "../support/fixtures";
import { oneAddress } from "../support/device-address";

let appId: string;
let admin: StaffUser;
let admin2: StaffUser;
let marketer: StaffUser;

type Seed = {
  type?: "news" | "announcement" | "promotion";
  state?: "draft" | "pending_approval" | "scheduled" | "completed" | "paused";
  submittedById?: string | null;
  expression?: string | null;
  schedule?: object;
  throttlePerMinute?: number;
  app?: string;
};

async function campaign(seed: Seed = {}) {
  const row = await db.campaign.create({
    data: {
      appId: seed.app ?? appId,
      type: seed.type ?? "promotion",
      name: `Campaign ${randomUUID().slice(0, 6)}`,
      state: seed.state ?? "draft",
      schedule: seed.schedule ?? { kind: "now" },
      expression: seed.expression ?? null,
      throttlePerMinute: seed.throttlePerMinute ?? null,
      createdById: marketer.id,
      submittedById: seed.submittedById === undefined ? null : seed.submittedById,
      variants: {
        create: [
          { key: "A", splitPercent: 100, fallbackLocale: "en", content: { en: { title: "Hello", body: "World" } } },
        ],
      },
    },
  });
  return row.id;
}

async function devices(zone: string | null, count: number, tags: string[] = []) {
  await db.device.createMany({
    data: Array.from({ length: count }, () => ({
      appId,
      installationId: randomUUID(),
      platform: "android" as const,
      ...oneAddress("fcm", randomUUID()),
      timezone: zone,
      tags,
    })),
  });
}

beforeAll(async () => {
  const { app } = await createApp();
  appId = (
    await db.app.update({
      where: { id: app.id },
      data: { timezone: "Asia/Shanghai", quietHoursStart: 22 * 60, quietHoursEnd: 8 * 60 },
    })
  ).id;
  [admin, admin2, marketer] = await Promise.all([createUser("admin"), createUser("admin"), createUser("marketer")]);
  await devices("Asia/Tokyo", 120, ["sports"]);
  await devices("Europe/London", 30, ["sports"]);
  await devices(null, 5);
});

describe("campaign list", () => {
  it("filters by state and type and resolves who created and submitted", async () => {
    const { app } = await createApp();
    const mine = await Promise.all([
      campaign({ app: app.id, type: "news", state: "scheduled", submittedById: marketer.id }),
      campaign({ app: app.id, type: "promotion", state: "scheduled" }),
      campaign({ app: app.id, type: "promotion", state: "draft" }),
    ]);
    expect((await listCampaigns(app.id, {})).total).toBe(3);
    const scheduled = await listCampaigns(app.id, { state: "scheduled" });
    expect(scheduled.rows.map((r) => r.id).sort()).toEqual([mine[0], mine[1]].sort());
    const news = await listCampaigns(app.id, { state: "scheduled", type: "news" });
    expect(news.rows).toHaveLength(1);
    expect(news.rows[0]).toMatchObject({ id: mine[0], createdBy: marketer.email, submittedBy: marketer.email });
    expect((await listCampaigns(app.id, { type: "announcement" })).total).toBe(0);
    // Another app's campaigns never show up.
    expect((await listCampaigns(appId, {})).rows.some((r) => mine.includes(r.id))).toBe(false);
  });

  it("pages 50 at a time, most recently changed first, without repeats", async () => {
    const { app } = await createApp();
    for (let i = 0; i < 53; i++) await campaign({ app: app.id });
    const first = await listCampaigns(app.id, {}, 1);
    const second = await listCampaigns(app.id, {}, 2);
    expect([first.rows.length, second.rows.length, first.total]).toEqual([50, 3, 53]);
    expect(new Set([...first.rows, ...second.rows].map((r) => r.id)).size).toBe(53);
    const times = [...first.rows, ...second.rows].map((r) => r.updatedAt.getTime());
    expect(times).toEqual([...times].sort((a, b) => b - a));
  });

  it("the approval queue lists pending campaigns others submitted, never the viewer's own", async () => {
    const byMarketer = await campaign({ state: "pending_approval", submittedById: marketer.id });
    const byAdmin = await campaign({ state: "pending_approval", submittedById: admin.id });
    await campaign({ state: "draft" });
    const adminQueue = (await listApprovalQueue(appId, admin.id)).map((r) => r.id);
    expect(adminQueue).toContain(byMarketer);
    expect(adminQueue).not.toContain(byAdmin);
    const otherQueue = (await listApprovalQueue(appId, admin2.id)).map((r) => r.id);
    expect(otherQueue).toEqual(expect.arrayContaining([byMarketer, byAdmin]));
  });

  it("the page loader reads the query string, ignores junk and gives non-approvers no queue", async () => {
    await campaign({ state: "pending_approval", submittedById: marketer.id });
    const asAdmin = await loadCampaignListPage(
      { app: appId, state: "pending_approval", type: "bogus", page: "x" },
      { id: admin.id, mayApprove: true },
    );
    expect(asAdmin?.app.id).toBe(appId);
    expect(asAdmin?.query).toMatchObject({ state: "pending_approval", type: undefined, page: 1 });
    expect(asAdmin?.rows.every((r) => r.state === "pending_approval")).toBe(true);
    expect(asAdmin?.queue.length).toBeGreaterThan(0);
    const asMarketer = await loadCampaignListPage({ app: appId }, { id: marketer.id, mayApprove: false });
    expect(asMarketer?.queue).toEqual([]);
    const unknownApp = await loadCampaignListPage({ app: randomUUID() }, { id: admin.id, mayApprove: true });
    expect(unknownApp?.apps.map((a) => a.id)).toContain(unknownApp?.app.id);
  });
});

describe("campaign detail", () => {
  it("plans one wave per local 09:00 with the throttle's finish, in zone order", async () => {
    const id = await campaign({
      state: "pending_approval",
      submittedById: marketer.id,
      expression: "tag:sports",
      schedule: { kind: "localTime", date: "2030-06-03", time: "09:00" },
      throttlePerMinute: 60,
    });
    const detail = await getCampaignDetail(id, new Date("2030-06-01T00:00:00Z"));
    expect(detail?.plan?.ok).toBe(true);
    if (!detail?.plan?.ok) return;
    expect(detail.plan.audience).toBe(150);
    expect(detail.plan.waves.map((w) => [w.at.toISOString(), w.timeZones, w.devices])).toEqual([
      ["2030-06-03T00:00:00.000Z", ["Asia/Tokyo"], 120],
      ["2030-06-03T08:00:00.000Z", ["Europe/London"], 30],
    ]);
    // 120 devices at 60 a minute take two minutes.
    expect(detail.plan.waves[0].finishesAt.toISOString()).toBe("2030-06-03T00:02:00.000Z");
    expect(detail.wholeApp).toBe(false);
    expect(detail.createdBy).toBe(marketer.email);
  });

  it("holds a whole-app send for quiet hours in each zone and records the approval in the audit trail", async () => {
    const id = await campaign({
      type: "announcement",
      state: "pending_approval",
      submittedById: marketer.id,
      schedule: { kind: "at", date: "2030-06-03", time: "23:00", timeZone: "Asia/Shanghai" },
    });
    expect(await approveCampaign.runAs(admin, { campaignId: id })).toMatchObject({
      ok: true,
      data: { state: "scheduled" },
    });
    const detail = await getCampaignDetail(id, new Date("2030-06-01T00:00:00Z"));
    expect(detail?.wholeApp).toBe(true);
    expect(detail?.approvedBy).toBe(admin.email);
    expect(detail?.audit.map((a) => a.action)).toEqual(["campaigns.approve"]);
    if (!detail?.plan?.ok) throw new Error("expected a plan");
    // 23:00 Shanghai is 00:00 in Tokyo (quiet until 08:00) and 16:00 in London (not quiet).
    const byZone = Object.fromEntries(detail.plan.waves.flatMap((w) => w.timeZones.map((z) => [z, w])));
    expect(byZone["Europe/London"]).toMatchObject({ heldForQuietHours: false, at: new Date("2030-06-03T15:00:00Z") });
    expect(byZone["Asia/Tokyo"]).toMatchObject({ heldForQuietHours: true, at: new Date("2030-06-03T23:00:00Z") });
    expect(detail.plan.audience).toBe(155);
  });

  it(
    "plans nothing once a campaign has finished, " + "reports an unparseable audience, and refuses unknown ids",
    async () => {
      const done = await campaign({ state: "completed" });
      expect((await getCampaignDetail(done))?.plan).toBeNull();
      const broken = await campaign({ expression: "tag:" });
      expect((await getCampaignDetail(broken))?.plan).toEqual({ ok: false, reason: "expression" });
      expect(await getCampaignDetail(randomUUID())).toBeNull();
      expect(await getCampaignDetail("not-a-uuid")).toBeNull();
    },
  );
});
