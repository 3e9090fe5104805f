// The payload budget: for each push vendor a campaign may use, how much of the vendor's limits its
// largest localised message takes. Two kinds of limit: a size the vendor refuses a message over, and
// a title or body length the vendor shows at most (Xiaomi, OPPO, vivo; the provider would clip the
// text with an ellipsis). A draft over either saves; submitting it is refused until every message
// fits (server/campaigns/compose.ts), and the composer names the channel and offers the fixes. The
// numbers come from the channels' descriptions (lib/channels), which the providers read too. Isomorphic.
import { apnsChannel } from "@/lib/channels/apns";
import { fcmChannel } from "@/lib/channels/fcm";
import { hmsChannel } from "@/lib/channels/hms";
import { honorChannel } from "@/lib/channels/honor";
import { jpushChannel } from "@/lib/channels/jpush";
import { oppoChannel } from "@/lib/channels/oppo";
import { vivoChannel, vivoCustomMapChars } from "@/lib/channels/vivo";
import { webpushChannel } from "@/lib/channels/webpush";
import { xiaomiChannel } from "@/lib/channels/xiaomi";
import {
  apnsPayload,
  fcmMessage,
  hmsMessage,
  honorMessage,
  jpushNotification,
  oppoActionParameters,
  textFor,
  vivoCustomMapLength,
  webPushPayload,
  type PayloadMessage,
  type PayloadOptions,
} from "./provider-payloads";

export const budgetProviders = ["fcm", "apns", "webpush", "hms", "honor", "xiaomi", "oppo", "vivo", "jpush"] as const;
export type BudgetProvider = (typeof budgetProviders)[number];

// Limits per vendor. Byte limits are on the UTF-8 JSON; the others count characters.
export const payloadLimits = {
  fcm: fcmChannel.payloadBytes,
  apns: apnsChannel.payloadBytes,
  // Web Push: push services accept 4096 bytes of encrypted body, but Mozilla's autopush (Firefox)
  // carries it base64url-encoded within 4096 characters, i.e. at most 3072 bytes of ciphertext, and
  // aes128gcm encryption adds 103 bytes (86-byte header, 16-byte tag, 1 padding delimiter). What
  // is left for the plaintext JSON is about 3,000 bytes: 2969 (lib/channels/webpush.ts).
  webpush: webpushChannel.payloadBytes,
  hms: hmsChannel.payloadBytes,
  honor: honorChannel.payloadBytes,
  jpush: jpushChannel.payloadBytes,
  // OPPO's action_parameters and vivo's clientCustomMap: the data the app receives, in characters.
  oppoData: oppoChannel.payloadBytes,
  vivoData: vivoCustomMapChars,
  xiaomiTitle: xiaomiChannel.textChars.title,
  xiaomiBody: xiaomiChannel.textChars.body,
  oppoTitle: oppoChannel.textChars.title,
  oppoBody: oppoChannel.textChars.body,
  vivoTitle: vivoChannel.textChars.title,
  vivoBody: vivoChannel.textChars.body,
} as const;

// The campaign as the composer holds it (campaignContentInput's variants and delivery; partial
// delivery options are fine, so the form state can be measured before it is validated).
export interface BudgetCampaign {
  variants: ReadonlyArray<{ key: string; content: Readonly<Record<string, PayloadMessage>> }>;
  delivery: PayloadOptions & { channels?: readonly string[] };
  // The channels the app has a credential for. With it, a campaign that lists no channels ("every
  // channel") is measured against those vendors only: one the app cannot send through never stops it.
  // Channels the campaign lists are measured whatever the app has (a credential may come before sending).
  configured?: readonly string[];
}

// One meter: `used` of `limit` for the largest message (`worst`, null when there is no content yet).
// A vendor with several limits has a row per limited part (`part`: its title, body or data). Over a
// "refused" limit the vendor rejects the message; over a "clipped" one the text is cut to fit.
export interface BudgetRow {
  provider: BudgetProvider;
  part?: "title" | "body" | "data";
  used: number;
  limit: number;
  unit: "bytes" | "chars";
  effect: "refused" | "clipped";
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

interface Limit {
  provider: BudgetProvider;
  part?: BudgetRow["part"];
  limit: number;
  unit: BudgetRow["unit"];
  effect: BudgetRow["effect"];
  measure: Measure;
}

const bytesOf = (provider: BudgetProvider, limit: number, measure: Measure): Limit => ({
  provider,
  limit,
  unit: "bytes",
  effect: "refused",
  measure,
});
const clipped = (provider: BudgetProvider, part: "title" | "body", limit: number): Limit => ({
  provider,
  part,
  limit,
  unit: "chars",
  effect: "clipped",
  // What the vendor is given: the full text, or the short version when the full one is over.
  measure: (m) => charCount(textFor(m, part, limit)),
});

const measures: Limit[] = [
  bytesOf("fcm", payloadLimits.fcm, (m, o) => jsonBytes(fcmMessage(m, o))),
  bytesOf("apns", payloadLimits.apns, (m, o) => jsonBytes(apnsPayload(m, o))),
  bytesOf("webpush", payloadLimits.webpush, (m, o) => jsonBytes(webPushPayload(m, o))),
  bytesOf("hms", payloadLimits.hms, (m, o) => jsonBytes(hmsMessage(m, o))),
  bytesOf("honor", payloadLimits.honor, (m, o) => jsonBytes(honorMessage(m, o))),
  clipped("xiaomi", "title", payloadLimits.xiaomiTitle),
  clipped("xiaomi", "body", payloadLimits.xiaomiBody),
  clipped("oppo", "title", payloadLimits.oppoTitle),
  clipped("oppo", "body", payloadLimits.oppoBody),
  {
    provider: "oppo",
    part: "data",
    limit: payloadLimits.oppoData,
    unit: "chars",
    effect: "refused",
    measure: (m) => charCount(oppoActionParameters(m)),
  },
  clipped("vivo", "title", payloadLimits.vivoTitle),
  clipped("vivo", "body", payloadLimits.vivoBody),
  {
    provider: "vivo",
    part: "data",
    limit: payloadLimits.vivoData,
    unit: "chars",
    effect: "refused",
    measure: (m) => vivoCustomMapLength(m),
  },
  bytesOf("jpush", payloadLimits.jpush, (m) => jsonBytes(jpushNotification(m))),
];

// The vendors a campaign may reach: its allowed channels (none listed = every channel, or every one
// the app has a credential for when `configured` is known).
export function budgetedProviders(
  channels: readonly string[] | undefined,
  configured?: readonly string[],
): BudgetProvider[] {
  if (!channels?.length)
    return configured ? budgetProviders.filter((p) => configured.includes(p)) : [...budgetProviders];
  return budgetProviders.filter((provider) => channels.includes(provider));
}

// One row per limit of each vendor the campaign may use, each for its largest localised message.
export function payloadBudget(campaign: BudgetCampaign): BudgetRow[] {
  const providers = budgetedProviders(campaign.delivery.channels, campaign.configured);
  const rows: BudgetRow[] = [];
  for (const { provider, part, limit, unit, effect, measure } of measures) {
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
    rows.push({ provider, ...(part ? { part } : {}), used, limit, unit, effect, ok: used <= limit, worst });
  }
  return rows;
}

const capitalized = (text: string) => `${text[0]!.toUpperCase()}${text.slice(1)}`;

// The message key (under "campaigns.errors") for a row over a limit the vendor refuses.
export function problemKey(row: Pick<BudgetRow, "provider" | "part">): string {
  return row.part === "data" ? `${row.provider}DataTooLarge` : `payloadTooLarge${capitalized(row.provider)}`;
}

// What stops the campaign from being sent, as message keys under "campaigns.errors"; empty when
// every vendor it may use would accept every localised message.
export function payloadProblems(campaign: BudgetCampaign): string[] {
  return payloadBudget(campaign)
    .filter((row) => !row.ok && row.effect === "refused")
    .map(problemKey);
}

// The texts a vendor the campaign may use would cut short: the composer names them before submit.
export function payloadClips(campaign: BudgetCampaign): BudgetRow[] {
  return payloadBudget(campaign).filter((row) => !row.ok && row.effect === "clipped");
}

// What stops a campaign from being submitted (a draft saves regardless): every limit of a vendor it
// may use that some localised message is over, whether the vendor would refuse the message or cut
// its text. Each is fixed by shortening the text, giving a short title or text for the channels with
// tight limits (a clipped title or body only), or leaving the channel out.
export function submitBlockers(campaign: BudgetCampaign): BudgetRow[] {
  return payloadBudget(campaign).filter((row) => !row.ok);
}

// The tightest character limit on a title or body among the vendors the campaign may use, and which
// vendors have it; null when none limits it more than `hardMax` (the composer's counter).
export function tightestTextLimit(
  channels: readonly string[] | undefined,
  part: "title" | "body",
  hardMax: number,
  configured?: readonly string[],
): { limit: number; providers: BudgetProvider[] } | null {
  const providers = budgetedProviders(channels, configured);
  let best: { limit: number; providers: BudgetProvider[] } | null = null;
  for (const row of measures) {
    if (row.effect !== "clipped" || row.part !== part || !providers.includes(row.provider)) continue;
    if (row.limit >= hardMax) continue;
    if (!best || row.limit < best.limit) best = { limit: row.limit, providers: [row.provider] };
    else if (row.limit === best.limit) best.providers.push(row.provider);
  }
  return best;
}
