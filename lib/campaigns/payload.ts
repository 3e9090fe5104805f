// The payload budget: for each push vendor a campaign may use, how much of the vendor's size limit
// its largest localised message takes. The composer shows it live; the server refuses to save a
// campaign that some vendor would reject (server/campaigns/compose.ts). Isomorphic.
import { fcmChannel } from "@/lib/channels/fcm";
import {
  apnsPayload,
  fcmMessage,
  hmsMessage,
  webPushPayload,
  type PayloadMessage,
  type PayloadOptions,
} from "./provider-payloads";

export const budgetProviders = ["fcm", "apns", "webpush", "hms", "xiaomi"] as const;
export type BudgetProvider = (typeof budgetProviders)[number];

// Limits per vendor. Byte limits are on the UTF-8 JSON; Xiaomi limits characters of two fields.
export const payloadLimits = {
  fcm: fcmChannel.payloadBytes,
  apns: 4096,
  // Web Push: push services accept 4096 bytes of encrypted body, but Mozilla's autopush (Firefox)
  // carries it base64url-encoded within 4096 characters, i.e. at most 3072 bytes of ciphertext, and
  // aes128gcm encryption adds 103 bytes (86-byte header, 16-byte tag, 1 padding delimiter). What
  // is left for the plaintext JSON is about 3,000 bytes: 2969.
  webpush: 3072 - 103,
  hms: 4096,
  xiaomiTitle: 50,
  xiaomiDescription: 128,
} as const;

// The campaign as the composer holds it (campaignContentInput's variants and delivery; partial
// delivery options are fine, so the form state can be measured before it is validated).
export interface BudgetCampaign {
  variants: ReadonlyArray<{ key: string; content: Readonly<Record<string, PayloadMessage>> }>;
  delivery: PayloadOptions & { channels?: readonly string[] };
}

// One meter: `used` of `limit` for the largest message (`worst`, null when there is no content yet).
// Xiaomi has two rows, one per limited field (`part`).
export interface BudgetRow {
  provider: BudgetProvider;
  part?: "title" | "description";
  used: number;
  limit: number;
  unit: "bytes" | "chars";
  ok: boolean;
  worst: { variantKey: string; locale: string } | null;
}

const encoder = new TextEncoder();

// UTF-8 length of a value's JSON (what goes over the wire).
export function jsonBytes(value: unknown): number {
  return encoder.encode(JSON.stringify(value)).length;
}

// Characters as a person counts them in a field (code points: 进 and 😀 are one each).
export function charCount(text: string): number {
  return [...text].length;
}

type Measure = (message: PayloadMessage, options: PayloadOptions) => number;

const measures: {
  provider: BudgetProvider;
  part?: "title" | "description";
  limit: number;
  unit: "bytes" | "chars";
  measure: Measure;
}[] = [
  { provider: "fcm", limit: payloadLimits.fcm, unit: "bytes", measure: (m, o) => jsonBytes(fcmMessage(m, o)) },
  { provider: "apns", limit: payloadLimits.apns, unit: "bytes", measure: (m, o) => jsonBytes(apnsPayload(m, o)) },
  {
    provider: "webpush",
    limit: payloadLimits.webpush,
    unit: "bytes",
    measure: (m, o) => jsonBytes(webPushPayload(m, o)),
  },
  { provider: "hms", limit: payloadLimits.hms, unit: "bytes", measure: (m, o) => jsonBytes(hmsMessage(m, o)) },
  {
    provider: "xiaomi",
    part: "title",
    limit: payloadLimits.xiaomiTitle,
    unit: "chars",
    measure: (m) => charCount(m.title),
  },
  {
    provider: "xiaomi",
    part: "description",
    limit: payloadLimits.xiaomiDescription,
    unit: "chars",
    measure: (m) => charCount(m.body),
  },
];

// The vendors a campaign may reach: its allowed channels (none listed = every channel).
export function budgetedProviders(channels: readonly string[] | undefined): BudgetProvider[] {
  if (!channels?.length) return [...budgetProviders];
  return budgetProviders.filter((provider) => channels.includes(provider));
}

// One row per vendor the campaign may use (Xiaomi: two), each for its largest localised message.
export function payloadBudget(campaign: BudgetCampaign): BudgetRow[] {
  const providers = budgetedProviders(campaign.delivery.channels);
  const rows: BudgetRow[] = [];
  for (const { provider, part, limit, unit, measure } of measures) {
    if (!providers.includes(provider)) continue;
    let used = 0;
    let worst: BudgetRow["worst"] = null;
    for (const variant of campaign.variants) {
      for (const [locale, message] of Object.entries(variant.content)) {
        const size = measure(message, campaign.delivery);
        if (worst === null || size > used) {
          used = size;
          worst = { variantKey: variant.key, locale };
        }
      }
    }
    rows.push({ provider, ...(part ? { part } : {}), used, limit, unit, ok: used <= limit, worst });
  }
  return rows;
}

// The message key (under "campaigns.errors") for a row over its limit.
export function problemKey(row: Pick<BudgetRow, "provider" | "part">): string {
  if (row.provider === "xiaomi") return row.part === "title" ? "xiaomiTitleTooLong" : "xiaomiDescriptionTooLong";
  return `payloadTooLarge${row.provider[0].toUpperCase()}${row.provider.slice(1)}`;
}

// What stops the campaign from being sent, as message keys under "campaigns.errors"; empty when
// every vendor it may use would accept every localised message.
export function payloadProblems(campaign: BudgetCampaign): string[] {
  return payloadBudget(campaign)
    .filter((row) => !row.ok)
    .map(problemKey);
}
