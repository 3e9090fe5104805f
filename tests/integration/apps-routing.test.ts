// The routing policy and the vendor-quota choice on an app's page: saved by an app manager only,
// validated (field errors, nothing stored), audited, reset to Herald's defaults; and the page's view
// of which channels a send would skip for want of a credential.
import { randomUUID } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { defaultRoutingPolicy, routingPolicyOf, type RoutingPolicy } from "@/lib/routing/policy";
import type { StaffUser } from "@/server/auth/session";
import { createApp as createAppAction, saveRoutingPolicy, updateApp } from "@/server/apps/actions";
import { sealCredential } from "@/server/apps/credential-seal";
import { getAppDetail } from "@/server/apps/queries";
import { db } from "@/server/db";
import { createApp, createUser } from "../support/fixtures";

let admin: StaffUser;
let editor: StaffUser;
beforeAll(async () => {
  admin = await createUser("admin");
  editor = await createUser("editor");
});

// The default policy with Huawei phones sent through JPush first.
const custom: RoutingPolicy = {
  rules: defaultRoutingPolicy.rules.map((rule) =>
    rule.platform === "android" && rule.maker === "huawei" ? { ...rule, channels: ["jpush", "hms", "mqtt"] } : rule,
  ),
};

const audits = (appId: string) =>
  db.auditLog.findMany({ where: { appId, action: "apps.routing" }, orderBy: { id: "asc" }, select: { diff: true } });

describe("apps.routing", () => {
  it("stores an app manager's policy, audited, and resets it to the defaults", async () => {
    const { app } = await createApp();
    const saved = await saveRoutingPolicy.runAs(admin, { appId: app.id, policy: custom });
    expect(saved).toEqual({ ok: true, data: { appId: app.id } });
    const stored = await db.app.findUniqueOrThrow({ where: { id: app.id } });
    expect(routingPolicyOf(stored.routingPolicy)).toEqual(custom);
    // Saving the same policy again changes nothing and writes no second entry.
    expect((await saveRoutingPolicy.runAs(admin, { appId: app.id, policy: custom })).ok).toBe(true);
    const reset = await saveRoutingPolicy.runAs(admin, { appId: app.id, policy: null });
    expect(reset.ok).toBe(true);
    expect((await db.app.findUniqueOrThrow({ where: { id: app.id } })).routingPolicy).toBeNull();
    expect(await audits(app.id)).toEqual([
      { diff: { routingPolicy: [null, custom] } },
      { diff: { routingPolicy: [custom, null] } },
    ]);
    expect((await getAppDetail(app.id)).routing).toMatchObject({ isDefault: true, rules: defaultRoutingPolicy.rules });
  });

  it("refuses a role without app management and stores nothing", async () => {
    const { app } = await createApp();
    const refused = await saveRoutingPolicy.runAs(editor, { appId: app.id, policy: custom });
    expect(refused).toMatchObject({ ok: false, status: 403 });
    expect((await db.app.findUniqueOrThrow({ where: { id: app.id } })).routingPolicy).toBeNull();
    expect(await audits(app.id)).toEqual([]);
  });

  it("answers field errors for an invalid policy and stores nothing", async () => {
    const { app } = await createApp();
    const twice = {
      rules: [
        { platform: "android", maker: "huawei", channels: ["hms", "hms"] },
        ...defaultRoutingPolicy.rules.slice(1),
      ],
    };
    const result = await saveRoutingPolicy.runAs(admin, { appId: app.id, policy: twice });
    expect(result).toMatchObject({
      ok: false,
      status: 400,
      fieldErrors: { "policy.rules.0.channels": ["routingChannelTwice"] },
    });
    // Without an "any" row for iOS, and with a row twice.
    const gaps = {
      rules: [
        ...defaultRoutingPolicy.rules.filter((rule) => rule.platform !== "ios"),
        { platform: "android", maker: "huawei", channels: ["hms"] },
      ],
    };
    const second = await saveRoutingPolicy.runAs(admin, { appId: app.id, policy: gaps });
    expect(second).toMatchObject({ ok: false, status: 400 });
    if (second.ok) throw new Error("accepted");
    expect(second.fieldErrors?.["policy.rules"]).toEqual(["routingPlatformMissing"]);
    expect(second.fieldErrors?.[`policy.rules.${gaps.rules.length - 1}`]).toEqual(["routingRuleTwice"]);
    // A channel that does not exist, and no app at all.
    const unknown = await saveRoutingPolicy.runAs(admin, {
      appId: app.id,
      policy: { rules: [{ platform: "android", maker: "any", channels: ["pigeon"] }] },
    });
    expect(unknown).toMatchObject({ ok: false, status: 400 });
    if (unknown.ok) throw new Error("accepted");
    expect(Object.keys(unknown.fieldErrors ?? {})).toContain("policy.rules.0.channels.0");
    expect(await saveRoutingPolicy.runAs(admin, { appId: randomUUID(), policy: custom })).toMatchObject({
      ok: false,
      status: 404,
    });
    expect((await db.app.findUniqueOrThrow({ where: { id: app.id } })).routingPolicy).toBeNull();
    expect(await audits(app.id)).toEqual([]);
  });

  it("shows which channels lack a credential", async () => {
    const { app } = await createApp();
    let routing = (await getAppDetail(app.id)).routing;
    expect(routing.missingCredential).toEqual(expect.arrayContaining(["fcm", "apns", "hms", "xiaomi", "jpush"]));
    expect(routing.missingCredential).not.toContain("mqtt");
    expect(routing.missingCredential).not.toContain("poll");
    expect(routing.unavailable).not.toContain("apns");
    // Web Push sends with a VAPID pair generated on first use: never unavailable, never missing.
    expect(routing.unavailable).not.toContain("webpush");
    expect(routing.missingCredential).not.toContain("webpush");
    await db.providerCredential.create({
      data: {
        appId: app.id,
        channel: "hms",
        summary: {},
        secretSealed: sealCredential(app.id, "hms", {
          appId: "1",
          appSecret: "s",
          serviceCategory: null,
          receiptId: null,
        }),
      },
    });
    routing = (await getAppDetail(app.id)).routing;
    expect(routing.missingCredential).not.toContain("hms");
    expect(routing.missingCredential).toContain("fcm");
  });
});

describe("vendor quota policy on the app settings", () => {
  it("defaults to fallback, saves suppress, and names a bad value", async () => {
    const name = `Quota ${randomUUID().slice(0, 8)}`;
    const created = await createAppAction.runAs(admin, { name, timezone: "UTC" });
    if (!created.ok) throw new Error(created.message);
    const { appId } = created.data;
    expect(await db.app.findUniqueOrThrow({ where: { id: appId } })).toMatchObject({ vendorQuotaPolicy: "fallback" });
    expect((await updateApp.runAs(admin, { appId, name, vendorQuotaPolicy: "suppress" })).ok).toBe(true);
    expect(await db.app.findUniqueOrThrow({ where: { id: appId } })).toMatchObject({ vendorQuotaPolicy: "suppress" });
    const audit = await db.auditLog.findFirst({
      where: { targetId: appId, action: "apps.update" },
      orderBy: { id: "desc" },
    });
    expect(audit?.diff).toMatchObject({ vendorQuotaPolicy: ["fallback", "suppress"] });
    const bad = await updateApp.runAs(admin, { appId, name, vendorQuotaPolicy: "drop" });
    expect(bad).toMatchObject({
      ok: false,
      status: 400,
      fieldErrors: { vendorQuotaPolicy: ["vendorQuotaPolicyInvalid"] },
    });
    expect(await db.app.findUniqueOrThrow({ where: { id: appId } })).toMatchObject({ vendorQuotaPolicy: "suppress" });
  });
});
