// Input schemas for app settings. Error messages are message keys under "apps.errors" so the UI
// can show them in the user's language.
import { z } from "zod";
import { smsPolicySchema } from "@/lib/sms/policy";
import { routingPolicySchema } from "@/lib/routing/policy";
import { isTimeZone, parseClock } from "./time";

// What a promotion over a phone maker's daily cap does (App.vendorQuotaPolicy): go out on the app's
// own channel (MQTT, inbox) instead, or be suppressed.
export const vendorQuotaPolicies = ["fallback", "suppress"] as const;

const androidPackagePattern = /^[A-Za-z][A-Za-z0-9_]*(\.[A-Za-z][A-Za-z0-9_]*)+$/;
const iosBundlePattern = /^[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+$/;

// Blank form fields mean "not set".
const optionalText = z
  .string()
  .optional()
  .nullable()
  .transform((value) => (value ?? "").trim() || null);

// "https://example.com/" -> "https://example.com"; anything with a path, query or other scheme fails.
export function normalizeWebOrigin(value: string): string | null {
  try {
    const url = new URL(value);
    if (url.protocol !== "https:" || url.username || url.password || url.search || url.hash) return null;
    if (url.pathname !== "/" && url.pathname !== "") return null;
    return url.origin;
  } catch {
    return null;
  }
}

// A blank time stays null; a malformed one is reported on its own field.
function toMinutes(value: string | null, ctx: z.RefinementCtx): number | null {
  if (value === null) return null;
  const minutes = parseClock(value);
  if (minutes === null) ctx.addIssue({ code: "custom", message: "clockInvalid" });
  return minutes;
}

const settingsFields = z.object({
  name: z.string().trim().min(1, "nameRequired").max(80, "nameTooLong"),
  androidPackage: optionalText.refine(
    (v) => v === null || (v.length <= 255 && androidPackagePattern.test(v)),
    "androidPackageInvalid",
  ),
  iosBundleId: optionalText.refine(
    (v) => v === null || (v.length <= 155 && iosBundlePattern.test(v)),
    "iosBundleIdInvalid",
  ),
  webOrigin: optionalText.transform((v, ctx) => {
    if (v === null) return null;
    const origin = normalizeWebOrigin(v);
    if (!origin) ctx.addIssue({ code: "custom", message: "webOriginInvalid" });
    return origin;
  }),
  timezone: optionalText.transform((v) => v ?? "UTC").refine(isTimeZone, "timezoneInvalid"),
  quietHoursStart: optionalText.transform(toMinutes),
  quietHoursEnd: optionalText.transform(toMinutes),
  // Campaign policy: audience size above which a second person must approve, and promotion caps.
  approvalThreshold: optionalText.transform(
    (v, ctx) => wholeNumber(v ?? "10000", 1, 100_000_000, "approvalThresholdInvalid", ctx) ?? 10_000,
  ),
  promoCapPerDay: optionalText.transform((v, ctx) => wholeNumber(v, 1, 100, "capInvalid", ctx)),
  promoCapPerWeek: optionalText.transform((v, ctx) => wholeNumber(v, 1, 500, "capInvalid", ctx)),
  // Absent keeps the stored choice (a new app: fallback).
  vendorQuotaPolicy: z.enum(vendorQuotaPolicies, "vendorQuotaPolicyInvalid").optional(),
});

// A blank field stays null; otherwise a whole number in [min, max] (form fields arrive as text).
function wholeNumber(
  value: string | null,
  min: number,
  max: number,
  message: string,
  ctx: z.RefinementCtx,
): number | null {
  if (value === null) return null;
  const n = Number(value);
  if (!/^\d+$/.test(value) || n < min || n > max) {
    ctx.addIssue({ code: "custom", message });
    return null;
  }
  return n;
}

// Quiet hours are both set or both blank, and not an empty window.
function withQuietHours<T extends z.output<typeof settingsFields>>(value: T, ctx: z.RefinementCtx): T {
  const { quietHoursStart: start, quietHoursEnd: end } = value;
  if (start !== null && end === null)
    ctx.addIssue({ code: "custom", path: ["quietHoursEnd"], message: "quietHoursBoth" });
  if (end !== null && start === null)
    ctx.addIssue({ code: "custom", path: ["quietHoursStart"], message: "quietHoursBoth" });
  if (start !== null && start === end)
    ctx.addIssue({ code: "custom", path: ["quietHoursEnd"], message: "quietHoursSame" });
  const { promoCapPerDay: day, promoCapPerWeek: week } = value;
  if (day !== null && week !== null && week < day)
    ctx.addIssue({ code: "custom", path: ["promoCapPerWeek"], message: "capWeekBelowDay" });
  return value;
}

// What "apps.create" accepts (FormData or an object).
export const createAppInput = settingsFields.transform(withQuietHours);

// What "apps.update" accepts: the app id plus the same settings.
export const updateAppInput = settingsFields.extend({ appId: z.uuid("appIdInvalid") }).transform(withQuietHours);

export const appIdInput = z.object({ appId: z.uuid("appIdInvalid") });

// What "apps.routing" accepts: the app and its routing policy, or null to go back to Herald's defaults.
export const routingPolicyInput = z.object({ appId: z.uuid("appIdInvalid"), policy: routingPolicySchema.nullable() });

// What "apps.sms" accepts: the app and its SMS signalling policy (lib/sms/policy.ts), prices included.
export const smsPolicyInput = z.object({ appId: z.uuid("appIdInvalid"), policy: smsPolicySchema });

export type AppSettings = z.output<typeof createAppInput>;

// The App columns the settings form edits (the keys above, in their order): what a save picks from
// the input, what the audit compares it with and what the list reads.
export const appSettingsColumns = Object.keys(settingsFields.shape) as (keyof AppSettings)[];

// A Prisma select of those columns.
export const appSettingsSelect = Object.fromEntries(appSettingsColumns.map((column) => [column, true])) as {
  [K in keyof AppSettings]: true;
};
