// Walks every server action against every role: each is refused (403) exactly when the permission
// table says the role may not do it, refused (401) without a signed-in, enabled user, and every
// "use server" export goes through the one action wrapper. Actions whose permission depends on the
// campaign they act on are run with real targets of every type (tests/support/action-catalog.ts).
import { describe, expect, it } from "vitest";
import { campaignTypes } from "@/lib/campaigns/state";
import { can, roles, type Role } from "@/lib/permissions";
import type { StaffUser } from "@/server/auth/session";
import { targetedActions } from "../support/action-catalog";
import { createApp, createUser } from "../support/fixtures";

// Who may call each action, written out by hand from Herald's rules rather than read from the
// actions' own declarations (a wrongly declared permission must fail here). Campaign lifecycle
// actions and the composer's previews pass the wrapper for every role: what they then allow depends
// on the campaign (its type, who submitted it), which the lifecycle tests check.
const everyone: readonly Role[] = ["admin", "editor", "marketer", "analyst"];
const admins: readonly Role[] = ["admin"];
const whoMay: Record<string, readonly Role[]> = {
  "apps.create": admins,
  "apps.update": admins,
  "apps.routing": admins,
  "apps.sms": admins,
  "apps.rotateKey": admins,
  "credentials.save": admins,
  "credentials.remove": admins,
  "credentials.test": admins,
  "devices.setTest": ["admin", "editor", "marketer"],
  // The test devices "Send test" offers (the send itself checks the campaign type: the typed matrix below).
  "campaigns.testTargets": ["admin", "editor", "marketer"],
  "users.create": admins,
  "users.update": admins,
  "users.setDisabled": admins,
  "users.resetPassword": admins,
  "users.signOutEverywhere": admins,
  "segments.create": everyone,
  "segments.update": everyone,
  "segments.delete": everyone,
  // These three then check the type of the campaign or template (the typed matrix below).
  "campaigns.duplicate": everyone,
  "campaignTemplates.create": everyone,
  "campaignTemplates.delete": everyone,
  "campaigns.submit": everyone,
  "campaigns.previewAudience": everyone,
  "campaigns.previewSchedule": everyone,
  "campaigns.previewSmsReach": everyone,
  "campaigns.approve": everyone,
  "campaigns.reject": everyone,
  "campaigns.withdraw": everyone,
  "campaigns.pause": everyone,
  "campaigns.resume": everyone,
  "campaigns.cancel": everyone,
  // Then checks the campaign's type (the typed matrix below).
  "campaigns.resendFailed": everyone,
  "campaigns.sendWinner": everyone,
};
// Who may write a campaign (or template) of each type, by hand.
const whoMayWrite: Record<(typeof campaignTypes)[number], readonly Role[]> = {
  news: ["admin", "editor"],
  announcement: ["admin", "editor"],
  promotion: ["admin", "marketer"],
};

// Actions anyone may call, and why.
const publicActions = new Set([
  "setLocale", // stores the UI language in a cookie; reads and changes no data
  "setTimeZoneChoice", // stores the display time zone in a cookie; reads and changes no data
]);

type Exported = ((...args: unknown[]) => unknown) & {
  actionName?: string;
  runAs?: (user: StaffUser | null, raw: unknown) => Promise<{ ok: boolean; status?: number }>;
};

const modules = import.meta.glob<Record<string, unknown>>(["/server/**/actions.ts", "/server/**/*-actions.ts"], {
  eager: true,
});
const actions = Object.entries(modules).flatMap(([file, exports]) =>
  Object.entries(exports)
    .filter(([, value]) => typeof value === "function")
    .map(([name, value]) => ({ file, name, action: value as Exported })),
);
const wrapped = actions.filter(({ action }) => action.actionName);

describe("role x action matrix", () => {
  it("finds the actions", () => {
    expect(wrapped.length).toBeGreaterThanOrEqual(1);
  });

  it("every exported server action is built with defineAction (or is knowingly public)", () => {
    const unwrapped = actions
      .filter(({ action, name }) => !action.actionName && !publicActions.has(name))
      .map(({ file, name }) => `${file}#${name}`);
    expect(unwrapped).toEqual([]);
  });

  it("the hand-written table names every action with a fixed permission, and nothing else", async () => {
    const { actionRegistry } = await import("@/server/action");
    const fixed = wrapped
      .map(({ action }) => action.actionName!)
      .filter((name) => typeof actionRegistry.get(name)?.permission === "string")
      .sort();
    expect(fixed).toEqual(Object.keys(whoMay).sort());
  });

  for (const role of roles) {
    it(`${role}: allowed exactly where the hand-written table says`, async () => {
      const user = await createUser(role as Role);
      const mismatches: string[] = [];
      for (const { action } of wrapped) {
        const expected = whoMay[action.actionName!];
        if (!expected) continue;
        const result = await action.runAs!(user, {});
        const refused = !result.ok && result.status === 403;
        if (refused === expected.includes(role))
          mismatches.push(`${action.actionName}: ${refused ? "refused" : "allowed"}`);
      }
      expect(mismatches).toEqual([]);
    });

    it(`${role}: allowed exactly where the permission table says`, async () => {
      const user = await createUser(role as Role);
      const mismatches: string[] = [];
      const { actionRegistry } = await import("@/server/action");
      for (const { action } of wrapped) {
        const permission = actionRegistry.get(action.actionName!)?.permission;
        if (typeof permission !== "string") continue; // input-dependent permissions are tested with their domain
        const result = await action.runAs!(user, {});
        const refused = !result.ok && result.status === 403;
        if (refused === can(user, permission))
          mismatches.push(`${action.actionName} (${permission}): ${refused ? "refused" : "allowed"}`);
      }
      expect(mismatches).toEqual([]);
    });
  }

  it("refuses every action without a user, and for a disabled user", async () => {
    const disabled = await createUser("admin", { disabled: true });
    for (const { action } of wrapped) {
      expect((await action.runAs!(null, {})).status, action.actionName).toBe(401);
      expect((await action.runAs!(disabled, {})).status, action.actionName).toBe(401);
    }
  });

  it("every action with an input-dependent permission has a catalog case, and every case a real action", async () => {
    const { actionRegistry } = await import("@/server/action");
    const names = new Set(wrapped.map(({ action }) => action.actionName!));
    const cataloged = new Set(targetedActions.map((c) => c.action));
    const missing = [...names].filter(
      (name) => typeof actionRegistry.get(name)?.permission === "function" && !cataloged.has(name),
    );
    expect(missing).toEqual([]);
    expect([...cataloged].filter((name) => !names.has(name))).toEqual([]);
  });

  for (const role of roles) {
    it(
      `${role}: actions on a campaign or template are ` + `refused exactly when the role may not write its type`,
      async () => {
        const user = await createUser(role as Role);
        const { app } = await createApp();
        const byName = new Map(wrapped.map(({ action }) => [action.actionName!, action]));
        const mismatches: string[] = [];
        for (const entry of targetedActions) {
          for (const type of campaignTypes) {
            const result = await byName.get(entry.action)!.runAs!(user, await entry.input(type, app.id));
            const refused = !result.ok && result.status === 403;
            const allowed = can(user, entry.permission(type));
            // The catalog's permission and the hand-written table must agree too.
            if (allowed !== whoMayWrite[type].includes(role))
              mismatches.push(`${entry.action} on ${type}: the catalog says ${allowed ? "allowed" : "refused"}`);
            // Allowed calls must get past authorization and succeed: the catalog's inputs are valid.
            if (refused === allowed || (allowed && !result.ok))
              mismatches.push(`${entry.action} on ${type}: ${result.ok ? "ok" : result.status}`);
          }
        }
        expect(mismatches).toEqual([]);
      },
    );
  }
});
