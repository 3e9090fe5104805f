// The per-device list of one campaign (/campaigns/<id>/deliveries): which outcome it shows, the
// suppression reason or error code that narrows it, the keyset cursor, and the URLs that link the
// report, the list, the device trace and the device page together. Parsing is lenient: a bad value
// is dropped (the list shows every device) and reported, never a crash.
import { z } from "zod";

export const deliveryOutcomes = [
  "all",
  "queued",
  "sent",
  "failed",
  "suppressed",
  "received",
  "opened",
  "clicked",
] as const;
export type DeliveryOutcome = (typeof deliveryOutcomes)[number];

// Prisma's SuppressionReason, repeated here because lib/ imports nothing of the server.
export const suppressionReasons = [
  "holdout",
  "cap",
  "quiet_hours",
  "invalid",
  "no_channel",
  "cancelled",
  "expired",
  "vendor_quota",
] as const;
export type SuppressionReasonKey = (typeof suppressionReasons)[number];

export const deliveryPageSize = 50;
// The CSV export stops here; the list says so when a filter matches more.
export const deliveryExportLimit = 10_000;

export interface DeliveryListFilter {
  outcome: DeliveryOutcome;
  // Only with outcome "suppressed".
  reason?: SuppressionReasonKey;
  // Only with outcome "failed": the provider's error code.
  error?: string;
}

// Keyset position: the last row shown, in the order of the (campaignId, run, deviceId, runDate) key.
export interface DeliveryCursor {
  run: number;
  deviceId: string;
}

export interface DeliveryListQuery {
  filter: DeliveryListFilter;
  after?: DeliveryCursor;
  // Which parameters were ignored as invalid.
  ignored: string[];
}

type Params = Record<string, string | string[] | undefined>;
const first = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value);

const cursorSchema = z
  .string()
  .regex(/^\d{1,9}_[0-9a-f-]{36}$/i)
  .transform((value) => {
    const [run, deviceId] = value.split("_");
    return { run: Number(run), deviceId: deviceId!.toLowerCase() };
  })
  .refine((c) => z.uuid().safeParse(c.deviceId).success);
const errorSchema = z
  .string()
  .trim()
  .min(1)
  .max(120)
  .regex(/^[\p{L}\p{N}_:.\-/ ]+$/u);

export function parseDeliveryListQuery(params: Params): DeliveryListQuery {
  const ignored: string[] = [];
  const read = <T>(key: string, schema: z.ZodType<T>): T | undefined => {
    const raw = first(params[key]);
    if (raw === undefined || raw === "") return undefined;
    const parsed = schema.safeParse(raw);
    if (!parsed.success) ignored.push(key);
    return parsed.success ? parsed.data : undefined;
  };
  const outcome = read("outcome", z.enum(deliveryOutcomes)) ?? "all";
  const reason = read("reason", z.enum(suppressionReasons));
  const error = read("error", errorSchema);
  const filter: DeliveryListFilter = { outcome };
  if (reason) {
    if (outcome === "suppressed") filter.reason = reason;
    else ignored.push("reason");
  }
  if (error) {
    if (outcome === "failed") filter.error = error;
    else ignored.push("error");
  }
  return { filter, after: read("after", cursorSchema), ignored };
}

export const cursorParam = (cursor: DeliveryCursor) => `${cursor.run}_${cursor.deviceId}`;

// The list's URL for a filter (and optionally a page after `after`).
export function deliveryListHref(campaignId: string, filter: Partial<DeliveryListFilter>, after?: DeliveryCursor) {
  const query = new URLSearchParams();
  if (filter.outcome && filter.outcome !== "all") query.set("outcome", filter.outcome);
  if (filter.reason) query.set("reason", filter.reason);
  if (filter.error) query.set("error", filter.error);
  if (after) query.set("after", cursorParam(after));
  const text = query.toString();
  return `/campaigns/${campaignId}/deliveries${text ? `?${text}` : ""}`;
}

// A back link handed from page to page must stay inside the console: only the list's own URLs pass.
const backPattern = /^\/campaigns\/[0-9a-f-]{36}\/deliveries(\?[\w%=&.:\-/ +]*)?$/i;
export function safeBackHref(value: string | string[] | undefined): string | undefined {
  const raw = first(value);
  return raw && raw.length <= 500 && backPattern.test(raw) ? raw : undefined;
}

// The device trace of one installation, optionally narrowed to one campaign and with a way back to a list.
export function traceHref(
  appId: string,
  installationId: string,
  options: { campaignId?: string; back?: string; timeZone?: string } = {},
) {
  const query = new URLSearchParams({ app: appId, installationId });
  if (options.campaignId) query.set("campaign", options.campaignId);
  if (options.back) query.set("back", options.back);
  if (options.timeZone) query.set("tz", options.timeZone);
  return `/analytics/trace?${query.toString()}`;
}

// The device page (it needs the app).
export const deviceHref = (appId: string, deviceId: string) => `/devices/${deviceId}?app=${appId}`;

// One row of the list: the device and what happened to this campaign's push on it (times as ISO strings).
export interface DeliveryListRow {
  deviceId: string;
  installationId: string;
  platform: string;
  run: number;
  variantKey: string | null;
  channel: string;
  status: string;
  reason: string | null;
  errorCode: string | null;
  queuedAt: string;
  sentAt: string | null;
  deliveredAt: string | null;
  openedAt: string | null;
  clickedAt: string | null;
}

export interface DeliveryListPage {
  rows: DeliveryListRow[];
  // Every row the filter matches (all pages).
  total: number;
  next: DeliveryCursor | null;
}

// A campaign that targeted a device (the device page's list), newest first.
export interface DeviceCampaign {
  campaignId: string;
  campaignName: string;
  run: number;
  status: string;
  queuedAt: string;
}
