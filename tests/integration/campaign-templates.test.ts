// Templates and duplicates against the real database: what a template stores and gives back, names
// unique per app, role checks by campaign type, idempotent duplicates, audit entries, and apps kept
// apart.
import { randomUUID } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import type { StaffUser } from "@/server/auth/session";
import { createCampaignAction } from "@/server/campaigns/actions";
import {
  deleteTemplateAction,
  duplicateCampaignAction,
  saveCampaignAsTemplateAction,
} from "@/server/campaigns/template-actions";
import { getTemplateDraft, listTemplates } from "@/server/campaigns/templates";
import { db } from "@/server/db";
import { createCampaignRow } from "../support/action-catalog";
import { richPromotion } from "../support/campaign-values";
import { createApp, createUser } from "../support/fixtures";

let appId: string;
let otherAppId: string;
let admin: StaffUser;
let editor: StaffUser;
let marketer: StaffUser;
let analyst: StaffUser;

const statusOf = (result: { ok: boolean; status?: number }) => (result.ok ? 200 : result.status);
const future = { kind: "at", date: "2099-03-01", time: "09:30", timeZone: "Asia/Shanghai" } as const;

// A promotion with two variants, two locales and every delivery option, created through the composer's action.
async function createRichPromotion(schedule: object = future) {
  const campaign = richPromotion(appId, `Spring sale ${randomUUID().slice(0, 6)}`);

  const created = await createCampaignAction.runAs(marketer, { campaign, schedule, idempotencyKey: randomUUID() });
  if (!created.ok) throw new Error(created.message);
  return { id: created.data.campaignId, campaign };
}

beforeAll(async () => {
  appId = (await createApp()).app.id;
  otherAppId = (await createApp()).app.id;
  [admin, editor, marketer, analyst] = await Promise.all([
    createUser("admin"),
    createUser("editor"),
    createUser("marketer"),
    createUser("analyst"),
  ]);
});

describe("templates", () => {
  it("stores the campaign's content, audience, options and schedule, and gives them back as a draft", async () => {
    const source = await createRichPromotion();
    const saved = await saveCampaignAsTemplateAction.runAs(marketer, {
      campaignId: source.id,
      name: "  Spring sale  ",
    });
    if (!saved.ok) throw new Error(saved.message);
    const row = await db.campaignTemplate.findUniqueOrThrow({ where: { id: saved.data.templateId } });
    expect(row).toMatchObject({ appId, name: "Spring sale", type: "promotion", createdById: marketer.id });
    const draft = await getTemplateDraft(appId, saved.data.templateId);
    expect(draft?.schedule).toEqual(future);
    expect(draft?.campaign).toMatchObject({ ...source.campaign, breaking: false, testDevicesOnly: false });
    const audit = await db.auditLog.findFirst({
      where: { action: "campaignTemplates.create", targetId: saved.data.templateId },
    });
    expect(audit).toMatchObject({
      appId,
      actorId: marketer.id,
      diff: { name: "Spring sale", type: "promotion", fromCampaignId: source.id },
    });
  });

  it("refuses a name already used in the app (field error), allows it in another app", async () => {
    const first = await createCampaignRow(appId, "news");
    expect((await saveCampaignAsTemplateAction.runAs(editor, { campaignId: first.id, name: "Morning brief" })).ok).toBe(
      true,
    );
    const again = await saveCampaignAsTemplateAction.runAs(editor, { campaignId: first.id, name: "Morning brief" });
    expect(again).toMatchObject({ ok: false, status: 409, fieldErrors: { name: ["templateNameTaken"] } });
    const elsewhere = await createCampaignRow(otherAppId, "news");
    expect(
      (await saveCampaignAsTemplateAction.runAs(editor, { campaignId: elsewhere.id, name: "Morning brief" })).ok,
    ).toBe(true);
    expect(await db.campaignTemplate.count({ where: { name: "Morning brief" } })).toBe(2);
    const blank = await saveCampaignAsTemplateAction.runAs(editor, { campaignId: first.id, name: "   " });
    expect(blank).toMatchObject({ ok: false, status: 400, fieldErrors: { name: ["nameRequired"] } });
  });

  it("lets only writers of the campaign's type save or delete its templates", async () => {
    const news = await createCampaignRow(appId, "news");
    const promo = await createCampaignRow(appId, "promotion");
    expect(
      statusOf(await saveCampaignAsTemplateAction.runAs(marketer, { campaignId: news.id, name: `x ${randomUUID()}` })),
    ).toBe(403);
    expect(
      statusOf(await saveCampaignAsTemplateAction.runAs(analyst, { campaignId: news.id, name: `x ${randomUUID()}` })),
    ).toBe(403);
    const saved = await saveCampaignAsTemplateAction.runAs(marketer, {
      campaignId: promo.id,
      name: `Promo ${randomUUID()}`,
    });
    if (!saved.ok) throw new Error(saved.message);
    expect(statusOf(await deleteTemplateAction.runAs(editor, { templateId: saved.data.templateId }))).toBe(403);
    expect(statusOf(await deleteTemplateAction.runAs(admin, { templateId: saved.data.templateId }))).toBe(200);
    expect(await db.campaignTemplate.count({ where: { id: saved.data.templateId } })).toBe(0);
    expect(
      await db.auditLog.count({
        where: { action: "campaignTemplates.delete", targetId: saved.data.templateId, actorId: admin.id },
      }),
    ).toBe(1);
    expect(statusOf(await deleteTemplateAction.runAs(admin, { templateId: saved.data.templateId }))).toBe(404);
    expect(statusOf(await saveCampaignAsTemplateAction.runAs(admin, { campaignId: randomUUID(), name: "ghost" }))).toBe(
      404,
    );
  });

  it("keeps apps apart: lists and drafts only the app's own templates", async () => {
    const mine = await createCampaignRow(appId, "announcement");
    const theirs = await createCampaignRow(otherAppId, "announcement");
    const a = await saveCampaignAsTemplateAction.runAs(editor, {
      campaignId: mine.id,
      name: `Mine ${randomUUID().slice(0, 6)}`,
    });
    const b = await saveCampaignAsTemplateAction.runAs(editor, {
      campaignId: theirs.id,
      name: `Theirs ${randomUUID().slice(0, 6)}`,
    });
    if (!a.ok || !b.ok) throw new Error("save failed");
    const listed = await listTemplates(appId);
    expect(listed.map((t) => t.id)).toContain(a.data.templateId);
    expect(listed.map((t) => t.id)).not.toContain(b.data.templateId);
    expect(listed.find((t) => t.id === a.data.templateId)).toMatchObject({
      type: "announcement",
      createdBy: editor.email,
    });
    expect(await getTemplateDraft(appId, b.data.templateId)).toBeNull();
    expect(await getTemplateDraft(otherAppId, b.data.templateId)).not.toBeNull();
    expect(await getTemplateDraft(appId, "not-a-uuid")).toBeNull();
    expect(await listTemplates("not-a-uuid")).toEqual([]);
  });

  it('a template whose time has passed starts the composer at "now"', async () => {
    const source = await createCampaignRow(appId, "news", {
      schedule: { kind: "at", date: "2020-01-01", time: "08:00", timeZone: "UTC" },
    });
    const saved = await saveCampaignAsTemplateAction.runAs(editor, {
      campaignId: source.id,
      name: `Old ${randomUUID().slice(0, 6)}`,
    });
    if (!saved.ok) throw new Error(saved.message);
    expect((await getTemplateDraft(appId, saved.data.templateId))?.schedule).toEqual({ kind: "now" });
  });
});

describe("duplicating a campaign", () => {
  it("makes a draft copy with the same content, audience and options, audited", async () => {
    const source = await createRichPromotion();
    const copy = await duplicateCampaignAction.runAs(marketer, { campaignId: source.id, idempotencyKey: randomUUID() });
    if (!copy.ok) throw new Error(copy.message);
    const [original, duplicate] = await Promise.all(
      [source.id, copy.data.campaignId].map((id) =>
        db.campaign.findUniqueOrThrow({ where: { id }, include: { variants: { orderBy: { key: "asc" } } } }),
      ),
    );
    expect(duplicate.name).toBe(`${original.name} (copy)`);
    expect(duplicate).toMatchObject({
      state: "draft",
      appId,
      createdById: marketer.id,
      submittedById: null,
      schedule: future,
    });
    for (const field of [
      "type",
      "expression",
      "segmentId",
      "holdoutPercent",
      "throttlePerMinute",
      "priority",
      "ttlSeconds",
      "collapseKey",
      "sound",
      "badge",
      "channels",
      "breaking",
      "testDevicesOnly",
    ] as const) {
      expect(duplicate[field], field).toEqual(original[field]);
    }
    expect(
      duplicate.variants.map(({ key, splitPercent, fallbackLocale, content }) => ({
        key,
        splitPercent,
        fallbackLocale,
        content,
      })),
    ).toEqual(
      original.variants.map(({ key, splitPercent, fallbackLocale, content }) => ({
        key,
        splitPercent,
        fallbackLocale,
        content,
      })),
    );
    const audit = await db.auditLog.findFirst({ where: { action: "campaigns.duplicate", targetId: duplicate.id } });
    expect(audit).toMatchObject({ actorId: marketer.id, appId, diff: { fromCampaignId: source.id } });
  });

  it("is idempotent: the same key from double clicks makes one copy and one audit entry", async () => {
    const source = await createCampaignRow(appId, "news");
    const idempotencyKey = randomUUID();
    const results = await Promise.all(
      [1, 2, 3].map(() => duplicateCampaignAction.runAs(editor, { campaignId: source.id, idempotencyKey })),
    );
    expect(results.every((r) => r.ok)).toBe(true);
    expect(new Set(results.map((r) => (r.ok ? r.data.campaignId : null))).size).toBe(1);
    expect(await db.campaign.count({ where: { idempotencyKey } })).toBe(1);
    const copyId = results[0].ok ? results[0].data.campaignId : "";
    expect(await db.auditLog.count({ where: { action: "campaigns.duplicate", targetId: copyId } })).toBe(1);
    // Someone else replaying the key gets a conflict, not the copy.
    expect(statusOf(await duplicateCampaignAction.runAs(admin, { campaignId: source.id, idempotencyKey }))).toBe(409);
  });

  it("resets a past schedule to now and keeps names within the limit", async () => {
    const source = await createCampaignRow(appId, "announcement", {
      name: "x".repeat(120),
      schedule: { kind: "at", date: "2021-05-01", time: "10:00", timeZone: "Europe/Berlin" },
    });
    const copy = await duplicateCampaignAction.runAs(editor, { campaignId: source.id, idempotencyKey: randomUUID() });
    if (!copy.ok) throw new Error(copy.message);
    const row = await db.campaign.findUniqueOrThrow({ where: { id: copy.data.campaignId } });
    expect(row.schedule).toEqual({ kind: "now" });
    expect(row.name).toHaveLength(120);
    expect(row.name.endsWith(" (copy)")).toBe(true);
  });

  it("copies a submitted campaign as a fresh draft; refuses roles that may not write its type", async () => {
    const source = await createCampaignRow(appId, "promotion", {
      state: "pending_approval",
      submittedById: marketer.id,
      submittedAt: new Date(),
      audienceEstimate: 5,
    });
    expect(
      statusOf(await duplicateCampaignAction.runAs(editor, { campaignId: source.id, idempotencyKey: randomUUID() })),
    ).toBe(403);
    expect(
      statusOf(await duplicateCampaignAction.runAs(analyst, { campaignId: source.id, idempotencyKey: randomUUID() })),
    ).toBe(403);
    const before = await db.campaign.count();
    const copy = await duplicateCampaignAction.runAs(admin, { campaignId: source.id, idempotencyKey: randomUUID() });
    if (!copy.ok) throw new Error(copy.message);
    expect(await db.campaign.count()).toBe(before + 1);
    expect(await db.campaign.findUniqueOrThrow({ where: { id: copy.data.campaignId } })).toMatchObject({
      state: "draft",
      submittedById: null,
      audienceEstimate: null,
      createdById: admin.id,
    });
    expect(
      statusOf(await duplicateCampaignAction.runAs(admin, { campaignId: randomUUID(), idempotencyKey: randomUUID() })),
    ).toBe(404);
  });
});
