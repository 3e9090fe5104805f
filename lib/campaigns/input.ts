// What a campaign is made of, as the composer sends it: validated the same way in the browser (live
// field errors) and on the server (the authority). Messages are message keys under
// "campaigns.errors" so the UI can show them in the user's language.
import { deviceChannels } from "@/lib/channels/devices";
import { z } from "zod";
import { rolloutGoalIssue, rolloutInput } from "./rollout";
import { campaignTypes } from "./state";

export const channels = deviceChannels;
export const maxVariants = 5;
export const maxTtlSeconds = 2_419_200; // 28 days, FCM's maximum

// BCP 47 tag, canonicalised ("zh-cn" -> "zh-CN"); refuses anything Intl cannot read.
export const localeTag = z
  .string()
  .trim()
  .transform((value, ctx) => {
    try {
      const [canonical] = Intl.getCanonicalLocales(value);
      if (canonical) return canonical;
    } catch {
      // fall through to the issue below
    }
    ctx.addIssue({ code: "custom", message: "localeInvalid" });
    return z.NEVER;
  });

const httpUrl = z
  .string()
  .trim()
  .max(2048, "urlTooLong")
  .refine((value) => {
    try {
      return ["https:", "http:"].includes(new URL(value).protocol);
    } catch {
      return false;
    }
  }, "urlInvalid");

// A deep link may be an app scheme (news://story/42) or a web URL.
const deepLink = z
  .string()
  .trim()
  .max(2048, "urlTooLong")
  .refine((value) => /^[a-z][a-z0-9+.-]*:\/\/\S+$/i.test(value), "linkInvalid");

export const localizedMessage = z
  .object({
    title: z.string().trim().min(1, "titleRequired").max(200, "titleTooLong"),
    body: z.string().trim().min(1, "bodyRequired").max(2000, "bodyTooLong"),
    // What the channels with tighter title or text limits show instead (lib/campaigns/payload.ts).
    shortTitle: z.string().trim().max(200, "titleTooLong").optional(),
    shortBody: z.string().trim().max(2000, "bodyTooLong").optional(),
    imageUrl: httpUrl.optional(),
    url: deepLink.optional(),
    data: z
      .record(
        z.string().regex(/^[A-Za-z_][A-Za-z0-9_.-]{0,63}$/, "dataKeyInvalid"),
        z.string().max(1024, "dataValueTooLong"),
      )
      .refine((data) => Object.keys(data).length <= 20, "tooManyDataKeys")
      .optional(),
  })
  .strict();

export const variantInput = z
  .object({
    key: z.string().regex(/^[A-E]$/, "variantKeyInvalid"),
    splitPercent: z.number().int().min(1, "splitRange").max(100, "splitRange"),
    fallbackLocale: localeTag,
    content: z
      .record(z.string(), localizedMessage)
      .refine((content) => Object.keys(content).length >= 1 && Object.keys(content).length <= 40, "contentLocales"),
  })
  .strict()
  .transform((variant, ctx) => {
    // Content keys are canonical locales too, and the fallback must have content.
    const content: Record<string, z.output<typeof localizedMessage>> = {};
    for (const [locale, message] of Object.entries(variant.content)) {
      const parsed = localeTag.safeParse(locale);
      if (!parsed.success) {
        ctx.addIssue({ code: "custom", message: "localeInvalid", path: ["content", locale] });
        continue;
      }
      content[parsed.data] = message;
    }
    if (!content[variant.fallbackLocale])
      ctx.addIssue({ code: "custom", message: "fallbackMissing", path: ["fallbackLocale"] });
    return { ...variant, content };
  });

export const deliveryOptions = z
  .object({
    priority: z.enum(["high", "normal"]).default("normal"),
    ttlSeconds: z.number().int().min(0, "ttlRange").max(maxTtlSeconds, "ttlRange").optional(),
    // At most 64 bytes of UTF-8: APNs refuses a longer apns-collapse-id, FCM and the others a longer key.
    collapseKey: z
      .string()
      .trim()
      .min(1)
      .max(64, "collapseKeyTooLong")
      .refine((key) => new TextEncoder().encode(key).length <= 64, "collapseKeyTooLong")
      .optional(),
    sound: z.string().trim().min(1).max(64, "soundTooLong").optional(),
    badge: z.number().int().min(0, "badgeRange").max(99_999, "badgeRange").optional(),
    channels: z.array(z.enum(channels)).max(channels.length).default([]),
  })
  .strict();

// SMS signalling's budget for one campaign (only for a campaign whose kind the app's SMS policy
// allows; the server checks that): at most this many SMS and this much money, a decimal in the app's
// SMS currency. Absent: no SMS for this campaign.
export const smsBudgetInput = z
  .object({
    maxMessages: z
      .number("smsMaxMessagesRange")
      .int("smsMaxMessagesRange")
      .min(1, "smsMaxMessagesRange")
      .max(10_000_000, "smsMaxMessagesRange"),
    maxCost: z
      .string()
      .trim()
      .refine((value) => /^\d{1,9}(\.\d{1,6})?$/.test(value) && Number(value) > 0, "smsMaxCostInvalid"),
  })
  .strict();

// A conversion goal: a custom event name the app reports through the events API (e.g. "purchase") and
// how long after each device's send it counts (lib/analytics/conversions.ts). Absent: no goal.
export const goalInput = z
  .object({
    event: z
      .string()
      .trim()
      .regex(/^[A-Za-z][A-Za-z0-9_.-]{0,63}$/, "goalEventInvalid"),
    windowSeconds: z
      .number("goalWindowRange")
      .int("goalWindowRange")
      .min(3600, "goalWindowRange")
      .max(30 * 86_400, "goalWindowRange"),
  })
  .strict();

// Content, audience and options of a campaign (the schedule is validated by lib/schedule).
export const campaignContentInput = z
  .object({
    appId: z.uuid("appInvalid"),
    type: z.enum(campaignTypes, "typeInvalid"),
    name: z.string().trim().min(1, "nameRequired").max(120, "nameTooLong"),
    breaking: z.boolean().default(false),
    segmentId: z.uuid("segmentInvalid").optional(),
    expression: z.string().max(4000, "expressionTooLong").optional(),
    testDevicesOnly: z.boolean().default(false),
    holdoutPercent: z.number().int().min(0, "holdoutRange").max(50, "holdoutRange").default(0),
    throttlePerMinute: z.number().int().min(1, "throttleRange").max(10_000_000, "throttleRange").optional(),
    delivery: deliveryOptions,
    variants: z.array(variantInput).min(1, "variantsRequired").max(maxVariants, "tooManyVariants"),
    sms: smsBudgetInput.optional(),
    goal: goalInput.optional(),
    // A/B winner roll-out (lib/campaigns/rollout.ts): only with two variants or more.
    rollout: rolloutInput.optional(),
  })
  .strict()
  .superRefine((campaign, ctx) => {
    if (campaign.breaking && campaign.type !== "news")
      ctx.addIssue({ code: "custom", message: "breakingOnlyNews", path: ["breaking"] });
    if (campaign.segmentId && campaign.expression?.trim())
      ctx.addIssue({ code: "custom", message: "segmentOrExpression", path: ["expression"] });
    const keys = campaign.variants.map((v) => v.key);
    if (new Set(keys).size !== keys.length)
      ctx.addIssue({ code: "custom", message: "variantKeysUnique", path: ["variants"] });
    const total = campaign.variants.reduce((sum, v) => sum + v.splitPercent, 0);
    if (total !== 100) ctx.addIssue({ code: "custom", message: "splitsMustTotal100", path: ["variants"] });
    if (campaign.rollout && campaign.variants.length < 2)
      ctx.addIssue({ code: "custom", message: "rolloutNeedsVariants", path: ["rollout"] });
    const goalIssue = rolloutGoalIssue(campaign.rollout, campaign.goal);
    if (goalIssue) ctx.addIssue({ code: "custom", message: goalIssue, path: ["rollout", "metric"] });
  });

export type CampaignContentInput = z.output<typeof campaignContentInput>;
