// The SMS signalling policy on an app's page: saved by an app manager only, validated on the server
// (field errors, nothing stored), audited as a diff, read back by the page with its defaults.
import { beforeAll, describe, expect, it } from "vitest";
import { defaultSmsPolicy, smsPolicyOf, type SmsPolicy } from "@/lib/sms/policy";
import type { StaffUser } from "@/server/auth/session";
import { saveSmsPolicy } from "@/server/apps/actions";
import { getAppDetail } from "@/server/apps/queries";
import { db } from "@/server/db";
import { createApp, createUser } from "../support/fixtures";

let admin: StaffUser;
let editor: StaffUser;
beforeAll(async () => {
  admin = await createUser("admin");
  editor = await createUser("editor");
});

const policy: SmsPolicy = {
  enabled: true,
  campaignKinds: ["breaking_news", "announcement"],
  windowMinutes: 10,
  template: "Breaking: open the app, code {code}",
  linkBase: null,
  currency: "CNY",
  defaultPrice: "0.05",
  prices: [
    { country: "CN", price: "0.045" },
    { country: "US", price: "0.0079" },
  ],
};

const audits = (appId: string) =>
  db.auditLog.findMany({ where: { appId, action: "apps.sms" }, orderBy: { id: "asc" }, select: { diff: true } });

describe("apps.sms", () => {
  it("shows the defaults until a manager saves a policy, then stores and audits it", async () => {
    const { app } = await createApp();
    expect((await getAppDetail(app.id)).sms).toEqual({ policy: defaultSmsPolicy, stored: false, hasCredential: false });
    const saved = await saveSmsPolicy.runAs(admin, { appId: app.id, policy });
    expect(saved).toEqual({ ok: true, data: { appId: app.id } });
    const stored = await db.app.findUniqueOrThrow({ where: { id: app.id } });
    expect(smsPolicyOf(stored.smsPolicy)).toEqual(policy);
    expect((await getAppDetail(app.id)).sms).toMatchObject({ policy, stored: true });
    // The same policy again is no change; a new window is one more entry with just that difference.
    await saveSmsPolicy.runAs(admin, { appId: app.id, policy });
    await saveSmsPolicy.runAs(admin, { appId: app.id, policy: { ...policy, windowMinutes: 15 } });
    const entries = await audits(app.id);
    expect(entries).toHaveLength(2);
    expect(entries[0]!.diff).toEqual({ smsPolicy: [null, policy] });
    expect(entries[1]!.diff).toEqual({ smsPolicy: [policy, { ...policy, windowMinutes: 15 }] });
  });

  it("normalises country and currency codes to upper case", async () => {
    const { app } = await createApp();
    const lower = { ...policy, currency: "cny", prices: [{ country: "cn", price: " 0.045 " }] };
    expect((await saveSmsPolicy.runAs(admin, { appId: app.id, policy: lower })).ok).toBe(true);
    const stored = smsPolicyOf((await db.app.findUniqueOrThrow({ where: { id: app.id } })).smsPolicy);
    expect(stored).toMatchObject({ currency: "CNY", prices: [{ country: "CN", price: "0.045" }] });
  });

  it("refuses a role without app management and stores nothing", async () => {
    const { app } = await createApp();
    const refused = await saveSmsPolicy.runAs(editor, { appId: app.id, policy });
    expect(refused).toMatchObject({ ok: false, status: 403 });
    expect((await db.app.findUniqueOrThrow({ where: { id: app.id } })).smsPolicy).toBeNull();
    expect(await audits(app.id)).toEqual([]);
  });

  it("answers field errors for an invalid policy and stores nothing", async () => {
    const { app } = await createApp();
    const result = await saveSmsPolicy.runAs(admin, {
      appId: app.id,
      policy: {
        ...policy,
        windowMinutes: 0,
        template: "Read {link}",
        currency: "yuan",
        prices: [
          { country: "CN", price: "0.045" },
          { country: "CN", price: "cheap" },
        ],
      },
    });
    expect(result).toMatchObject({
      ok: false,
      status: 400,
      fieldErrors: {
        "policy.windowMinutes": ["smsWindow"],
        "policy.currency": ["smsCurrency"],
        "policy.prices.1.price": ["smsPrice"],
      },
    });
    // Cross-field checks run once the fields parse: a duplicate country, {link} without a link base.
    const second = await saveSmsPolicy.runAs(admin, {
      appId: app.id,
      policy: { ...policy, template: "Read {link}", prices: [policy.prices[0], policy.prices[0]] },
    });
    expect(second).toMatchObject({
      ok: false,
      status: 400,
      fieldErrors: { "policy.prices.1.country": ["smsDuplicateCountry"], "policy.linkBase": ["smsLinkRequired"] },
    });
    const notAPolicy = await saveSmsPolicy.runAs(admin, { appId: app.id, policy: "on" });
    expect(notAPolicy).toMatchObject({ ok: false, status: 400 });
    expect((await db.app.findUniqueOrThrow({ where: { id: app.id } })).smsPolicy).toBeNull();
    expect(await audits(app.id)).toEqual([]);
  });

  it("answers not found for an unknown app", async () => {
    const result = await saveSmsPolicy.runAs(admin, { appId: "00000000-0000-4000-8000-000000000000", policy });
    expect(result).toMatchObject({ ok: false, status: 404 });
  });
});
