// Campaign lifecycle actions against the real database: the two-person rule, role limits per
// campaign type, audit entries, and exactly-once state changes under concurrent clicks.
import { randomUUID } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import type { StaffUser } from "@/server/auth/session";
import {
  approveCampaign,
  cancelCampaign,
  pauseCampaign,
  rejectCampaign,
  resumeCampaign,
  withdrawCampaign,
} from "@/server/campaigns/actions";
import { db } from "@/server/db";
import { createApp, createUser } from "../support/fixtures";

let appId: string;
let admin: StaffUser;
let admin2: StaffUser;
let editor: StaffUser;
let marketer: StaffUser;
let analyst: StaffUser;

beforeAll(async () => {
  appId = (await createApp()).app.id;
  [admin, admin2, editor, marketer, analyst] = await Promise.all([
    createUser("admin"),
    createUser("admin"),
    createUser("editor"),
    createUser("marketer"),
    createUser("analyst"),
  ]);
});

type Seed = {
  type?: "news" | "announcement" | "promotion";
  state?: "draft" | "pending_approval" | "scheduled" | "sending" | "paused" | "completed";
  submittedById?: string;
  startedAt?: Date;
};

async function campaign(seed: Seed = {}) {
  const row = await db.campaign.create({
    data: {
      appId,
      type: seed.type ?? "promotion",
      name: `Campaign ${randomUUID().slice(0, 6)}`,
      state: seed.state ?? "pending_approval",
      schedule: { kind: "now" },
      submittedById: seed.submittedById ?? marketer.id,
      startedAt: seed.startedAt,
      audienceEstimate: 500,
    },
  });
  return row.id;
}

// The HTTP-like status of an action result (200 when it succeeded).
const statusOf = (result: { ok: boolean; status?: number }) => (result.ok ? 200 : result.status);
const stateOf = async (id: string) => (await db.campaign.findUniqueOrThrow({ where: { id } })).state;

describe("campaign lifecycle actions", () => {
  it(
    "a marketer's promotion is approved by an admin, " +
      "not by the marketer or an editor, and the approval is audited",
    async () => {
      const id = await campaign();
      expect(statusOf(await approveCampaign.runAs(marketer, { campaignId: id }))).toBe(403);
      expect(statusOf(await approveCampaign.runAs(editor, { campaignId: id }))).toBe(403);
      const approved = await approveCampaign.runAs(admin, { campaignId: id });
      expect(approved).toMatchObject({ ok: true, data: { state: "scheduled" } });
      const row = await db.campaign.findUniqueOrThrow({ where: { id } });
      expect(row.approvedById).toBe(admin.id);
      const audit = await db.auditLog.findFirst({ where: { targetId: id, action: "campaigns.approve" } });
      expect(audit?.actorId).toBe(admin.id);
      expect(audit?.diff).toEqual({ state: ["pending_approval", "scheduled"] });
    },
  );

  it("refuses approval by the admin who submitted it", async () => {
    const id = await campaign({ submittedById: admin.id });
    const refused = await approveCampaign.runAs(admin, { campaignId: id });
    // The code is what the browser words the refusal by (lifecycleResultRules in components/campaigns/result-rules.ts).
    expect(refused).toMatchObject({ ok: false, status: 403, code: "same_person" });
    expect(await stateOf(id)).toBe("pending_approval");
    expect((await approveCampaign.runAs(admin2, { campaignId: id })).ok).toBe(true);
  });

  it("changes state once when two approvers click at the same moment", async () => {
    const id = await campaign();
    const results = await Promise.all([
      approveCampaign.runAs(admin, { campaignId: id }),
      approveCampaign.runAs(admin2, { campaignId: id }),
    ]);
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    const loser = results.find((r) => !r.ok);
    expect(loser).toMatchObject({ status: 409 });
    // Lost the conditional update, or read the state after the winner's commit.
    expect(["conflict", "invalid_transition"]).toContain(!loser!.ok && loser!.code);
    expect(await db.auditLog.count({ where: { targetId: id, action: "campaigns.approve" } })).toBe(1);
  });

  it("rejects with a reason back to draft; withdraw returns a submission to draft", async () => {
    const id = await campaign();
    expect((await rejectCampaign.runAs(admin, { campaignId: id, reason: "Discount is wrong" })).ok).toBe(true);
    expect(await db.campaign.findUniqueOrThrow({ where: { id } })).toMatchObject({
      state: "draft",
      rejectionReason: "Discount is wrong",
    });
    const other = await campaign();
    expect((await withdrawCampaign.runAs(marketer, { campaignId: other })).ok).toBe(true);
    expect(await stateOf(other)).toBe("draft");
  });

  it("pauses and resumes a sending news campaign for an editor; an analyst can do neither", async () => {
    const id = await campaign({ type: "news", state: "sending", submittedById: editor.id, startedAt: new Date() });
    expect(statusOf(await pauseCampaign.runAs(analyst, { campaignId: id }))).toBe(403);
    expect(statusOf(await pauseCampaign.runAs(marketer, { campaignId: id }))).toBe(403);
    expect((await pauseCampaign.runAs(editor, { campaignId: id, reason: "Wrong score" })).ok).toBe(true);
    expect(await db.campaign.findUniqueOrThrow({ where: { id } })).toMatchObject({
      state: "paused",
      pausedReason: "Wrong score",
    });
    expect((await resumeCampaign.runAs(editor, { campaignId: id })).ok).toBe(true);
    expect(await stateOf(id)).toBe("sending");
  });

  it("refuses what the state does not allow with 409, and unknown campaigns with 404", async () => {
    const done = await campaign({ state: "completed" });
    expect(await cancelCampaign.runAs(admin, { campaignId: done })).toMatchObject({
      ok: false,
      status: 409,
      code: "invalid_transition",
    });
    expect(statusOf(await approveCampaign.runAs(admin, { campaignId: randomUUID() }))).toBe(404);
    expect(statusOf(await approveCampaign.runAs(admin, { campaignId: "not-a-uuid" }))).toBe(400);
  });
});
