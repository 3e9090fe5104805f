// An app's SMS signalling policy (App.smsPolicy) and the pure arithmetic around it: which campaigns may
// fall back to SMS, after how long without a push receipt, what the signal says, and what it costs.
//
// SMS signalling: when a device has not confirmed a push within the window, Herald sends a short text
// carrying a signal (a code, or a link built from it) that points at the device's inbox message; the
// app (or the person) fetches the full message from the inbox. Quiet hours always apply to SMS, even
// for breaking news: the app's quiet hours in the device's local time (server/sms/fallback.ts).
//
// Money is counted in micros (millionths of the policy's currency) so sums are exact integers.
// Read by the app page's editor, the composer's estimate and the fallback job. Pure.
import { z } from "zod";
import { countSegments, type SmsSegments } from "./segments";

// The kinds of campaign the policy names: news marked breaking is a kind of its own.
export const smsCampaignKinds = ["breaking_news", "news", "announcement", "promotion"] as const;
export type SmsCampaignKind = (typeof smsCampaignKinds)[number];

export function smsKindOf(campaign: { type: string; breaking: boolean }): SmsCampaignKind {
  if (campaign.type === "news") return campaign.breaking ? "breaking_news" : "news";
  return campaign.type === "promotion" ? "promotion" : "announcement";
}

export const smsWindowMinutes = { min: 1, max: 1440, default: 5 } as const;
export const smsTemplateMaxLength = 300;
export const smsMaxPrices = 250;

// A price per segment: a decimal with at most six places (micros), below 10,000.
export const smsPriceSchema = z
  .string()
  .trim()
  .regex(/^\d{1,4}(\.\d{1,6})?$/, { message: "smsPrice" });

export const smsPriceRowSchema = z.object({
  country: z
    .string()
    .trim()
    .toUpperCase()
    .regex(/^[A-Z]{2}$/, { message: "smsCountry" }),
  price: smsPriceSchema,
});

const placeholders = /\{(code|link)\}/;

export const smsPolicySchema = z
  .object({
    enabled: z.boolean(),
    campaignKinds: z.array(z.enum(smsCampaignKinds)).max(smsCampaignKinds.length),
    windowMinutes: z
      .number("smsWindow")
      .int("smsWindow")
      .min(smsWindowMinutes.min, "smsWindow")
      .max(smsWindowMinutes.max, "smsWindow"),
    // null: the localized default (smsDefaultTemplates); otherwise must carry {code} or {link}.
    template: z
      .string()
      .trim()
      .max(smsTemplateMaxLength, "smsTemplateLength")
      .refine((text) => placeholders.test(text), { message: "smsPlaceholder" })
      .nullable(),
    // What {link} becomes: this base followed by the code (an https URL or the app's own scheme).
    linkBase: z
      .string()
      .trim()
      .max(200, "smsLink")
      .regex(/^[a-z][a-z0-9+.-]*:\/\/\S+$/i, { message: "smsLink" })
      .nullable(),
    currency: z
      .string()
      .trim()
      .toUpperCase()
      .regex(/^[A-Z]{3}$/, { message: "smsCurrency" }),
    defaultPrice: smsPriceSchema,
    prices: z.array(smsPriceRowSchema).max(smsMaxPrices, "smsTooManyPrices"),
  })
  .superRefine((policy, ctx) => {
    const seen = new Set<string>();
    policy.prices.forEach((row, index) => {
      if (seen.has(row.country))
        ctx.addIssue({ code: "custom", path: ["prices", index, "country"], message: "smsDuplicateCountry" });
      seen.add(row.country);
    });
    if (policy.template?.includes("{link}") && !policy.linkBase)
      ctx.addIssue({ code: "custom", path: ["linkBase"], message: "smsLinkRequired" });
    if (new Set(policy.campaignKinds).size !== policy.campaignKinds.length)
      ctx.addIssue({ code: "custom", path: ["campaignKinds"], message: "smsKinds" });
  });

export type SmsPolicy = z.output<typeof smsPolicySchema>;

export const defaultSmsPolicy: SmsPolicy = {
  enabled: false,
  campaignKinds: ["breaking_news"],
  windowMinutes: smsWindowMinutes.default,
  template: null,
  linkBase: null,
  currency: "USD",
  defaultPrice: "0.05",
  prices: [],
};

// The stored policy, or the defaults when none is stored or it no longer parses.
export function smsPolicyOf(stored: unknown): SmsPolicy {
  if (stored === null || stored === undefined) return defaultSmsPolicy;
  const parsed = smsPolicySchema.safeParse(stored);
  return parsed.success ? parsed.data : defaultSmsPolicy;
}

// Whether a campaign of this kind may fall back to SMS under the policy.
export function smsAllowedFor(policy: SmsPolicy, campaign: { type: string; breaking: boolean }): boolean {
  return policy.enabled && policy.campaignKinds.includes(smsKindOf(campaign));
}

// The default signal per language (the device's locale picks; anything not Chinese gets English).
export const smsDefaultTemplates = {
  en: "You have a new message. Open the app to read it. Code: {code}",
  "zh-CN": "您有一条新消息，请打开应用查看。消息码：{code}",
} as const;

export function smsTemplateFor(policy: SmsPolicy, locale: string | null | undefined): string {
  if (policy.template) return policy.template;
  return locale?.toLowerCase().startsWith("zh") ? smsDefaultTemplates["zh-CN"] : smsDefaultTemplates.en;
}

// The text of one signal: the template with its placeholders filled.
export function renderSignal(template: string, signal: { code: string; linkBase: string | null }): string {
  return template.replaceAll("{code}", signal.code).replaceAll("{link}", `${signal.linkBase ?? ""}${signal.code}`);
}

// A decimal price ("0.0075") in micros (7500); exact, no floating point.
export function priceToMicros(price: string): number {
  const [whole, fraction = ""] = price.trim().split(".");
  return Number(whole) * 1_000_000 + Number(fraction.padEnd(6, "0"));
}

// Micros back to a decimal text with at least two places ("0.0075", "1.50").
export function microsToPrice(micros: number | bigint): string {
  const value = BigInt(micros);
  const negative = value < 0n;
  const abs = negative ? -value : value;
  const whole = abs / 1_000_000n;
  let fraction = (abs % 1_000_000n).toString().padStart(6, "0").replace(/0+$/, "");
  if (fraction.length < 2) fraction = fraction.padEnd(2, "0");
  return `${negative ? "-" : ""}${whole}.${fraction}`;
}

// Price of one segment to a country (ISO 3166-1 alpha-2), in micros: its row, else the default.
export function segmentPriceMicros(policy: SmsPolicy, country: string): number {
  const row = policy.prices.find((p) => p.country === country.toUpperCase());
  return priceToMicros(row?.price ?? policy.defaultPrice);
}

// Price of one message of `segments` segments to a country, in micros.
export function messagePriceMicros(policy: SmsPolicy, country: string, segments: number): number {
  return segmentPriceMicros(policy, country) * segments;
}

// The signal a campaign would send, as the estimate measures it: the template with the longest code
// a message id can have in practice (12 digits), so the estimate never undercounts segments.
export const sampleSignalCode = "000000000000";

export function sampleSignal(policy: SmsPolicy, locale: string | null): { text: string; segments: SmsSegments } {
  const text = renderSignal(smsTemplateFor(policy, locale), { code: sampleSignalCode, linkBase: policy.linkBase });
  return { text, segments: countSegments(text) };
}

export interface SmsEstimate {
  // Devices in the audience an SMS could reach (active, consented, not opted-out numbers).
  reachable: number;
  segmentsPerMessage: number;
  // If every reachable device needed the fallback.
  messages: number;
  costMicros: number;
  // Of those, what the budget lets out (devices taken in the order given, as the job does).
  withinBudget: { messages: number; costMicros: number };
  limitedBy: "none" | "count" | "cost";
}

// Estimate of a campaign's SMS: the reachable devices per country, the segments of its signal, its
// budget (null: none set, which means no SMS). Devices are admitted cheapest country first here,
// which is an upper bound of what the job (device order) admits.
export function estimateSms(input: {
  policy: SmsPolicy;
  segmentsPerMessage: number;
  countries: Array<{ country: string; devices: number }>;
  maxMessages: number | null;
  maxCostMicros: number | null;
}): SmsEstimate {
  const { policy, segmentsPerMessage } = input;
  const rows = input.countries
    .map((row) => ({ ...row, price: messagePriceMicros(policy, row.country, segmentsPerMessage) }))
    .sort((a, b) => a.price - b.price);
  let messages = 0;
  let costMicros = 0;
  let admitted = 0;
  let admittedCost = 0;
  let limitedBy: SmsEstimate["limitedBy"] = "none";
  const maxMessages = input.maxMessages ?? 0;
  const maxCost = input.maxCostMicros ?? 0;
  for (const row of rows) {
    messages += row.devices;
    costMicros += row.devices * row.price;
    let take = Math.max(0, Math.min(row.devices, maxMessages - admitted));
    if (take < row.devices && limitedBy === "none") limitedBy = "count";
    if (row.price > 0) {
      const affordable = Math.floor((maxCost - admittedCost) / row.price);
      if (affordable < take) {
        take = Math.max(0, affordable);
        if (limitedBy === "none") limitedBy = "cost";
      }
    }
    admitted += take;
    admittedCost += take * row.price;
  }
  return {
    reachable: messages,
    segmentsPerMessage,
    messages,
    costMicros,
    withinBudget: { messages: admitted, costMicros: admittedCost },
    limitedBy,
  };
}
