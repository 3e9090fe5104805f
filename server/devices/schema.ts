// Zod schemas for the Devices page: the list's URL filters (lenient: a bad value is dropped and
// reported, never a crash) and the input of the devices.setTest action.
import { z } from "zod";
import { deviceChannels, devicePlatforms } from "@/lib/channels/devices";
import { makers } from "@/lib/devices/makers";

export const platforms = devicePlatforms;
export const channels = deviceChannels;
export { makers };
export const deviceStatuses = ["active", "invalid", "unsubscribed"] as const;
// "Last active" windows: active within 24h/7d/30d, or dormant (no activity) for 30+/90+ days.
export const activityWindows = ["24h", "7d", "30d", "dormant30", "dormant90"] as const;
export type ActivityWindow = (typeof activityWindows)[number];

export const devicePageSize = 50;
export const maxTagFilters = 10;

const uuid = z.uuid();
// Tags as devices store them: letters, digits and a few separators ("city:berlin", "plan:plus").
const tag = z
  .string()
  .trim()
  .min(1)
  .max(64)
  .regex(/^[\p{L}\p{N}_:.\-/]+$/u);
// BCP 47-ish: "zh" (prefix of every zh-* locale) or a full tag such as "zh-CN" (exact match).
const locale = z
  .string()
  .trim()
  .regex(/^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8}){0,3}$/);
// A keyset cursor: the boundary row's lastActiveAt (epoch ms) and id.
const cursor = z
  .string()
  .regex(/^\d{1,15}_[0-9a-f-]{36}$/i)
  .transform((value) => {
    const [ms, id] = value.split("_");
    return { lastActiveAt: new Date(Number(ms)), id: id.toLowerCase() };
  })
  .refine((c) => uuid.safeParse(c.id).success && !Number.isNaN(c.lastActiveAt.getTime()));

export type DeviceCursor = { lastActiveAt: Date; id: string };

// The filters that narrow the device list; absent keys do not filter.
export interface DeviceFilters {
  tags: string[];
  platform?: (typeof platforms)[number];
  // Has an active address on this channel.
  channel?: (typeof channels)[number];
  maker?: (typeof makers)[number];
  status?: (typeof deviceStatuses)[number];
  locale?: string;
  active?: ActivityWindow;
  testOnly: boolean;
  search?: string;
}

// Everything the list page reads from its query string.
export interface DeviceListQuery {
  appId?: string;
  filters: DeviceFilters;
  after?: DeviceCursor;
  before?: DeviceCursor;
  page: number;
}

export type SearchParams = Record<string, string | string[] | undefined>;

const fieldSchemas = {
  app: uuid,
  platform: z.enum(platforms),
  channel: z.enum(channels),
  maker: z.enum(makers),
  status: z.enum(deviceStatuses),
  locale,
  active: z.enum(activityWindows),
  test: z.enum(["1", "true"]),
  q: z.string().trim().min(3).max(512),
  after: cursor,
  before: cursor,
  page: z.coerce.number().int().min(1).max(1_000_000),
} as const;

function values(params: SearchParams, key: string): string[] {
  const raw = params[key];
  const list = Array.isArray(raw) ? raw : raw === undefined ? [] : [raw];
  return list.map((v) => v.trim()).filter((v) => v !== "");
}

// Reads the page's query string. Returns the valid filters and the names of ignored parameters.
export function parseDeviceListQuery(params: SearchParams): { query: DeviceListQuery; ignored: string[] } {
  const ignored: string[] = [];
  const read = <K extends keyof typeof fieldSchemas>(key: K): z.output<(typeof fieldSchemas)[K]> | undefined => {
    const value = values(params, key)[0];
    if (value === undefined) return undefined;
    const parsed = fieldSchemas[key].safeParse(value);
    if (!parsed.success) ignored.push(key);
    return parsed.success ? (parsed.data as z.output<(typeof fieldSchemas)[K]>) : undefined;
  };
  // Tags come as repeated ?tag=a&tag=b and/or comma-separated ?tag=a,b (what the filter box submits).
  const tagValues = values(params, "tag")
    .flatMap((v) => v.split(","))
    .map((v) => v.trim())
    .filter(Boolean);
  const tags = [...new Set(tagValues.filter((v) => tag.safeParse(v).success))].slice(0, maxTagFilters);
  if (tags.length < new Set(tagValues).size) ignored.push("tag");

  const after = read("after");
  const before = after ? undefined : read("before");
  const query: DeviceListQuery = {
    appId: read("app"),
    filters: {
      tags,
      platform: read("platform"),
      channel: read("channel"),
      maker: read("maker"),
      status: read("status"),
      locale: read("locale"),
      active: read("active"),
      testOnly: read("test") !== undefined,
      search: read("q"),
    },
    after,
    before,
    page: after || before ? (read("page") ?? 1) : 1,
  };
  return { query, ignored };
}

// The query string for a filter set (and optional cursor), in a stable order for shareable links.
export function deviceListHref(
  appId: string | undefined,
  filters: DeviceFilters,
  extra: { after?: string; before?: string; page?: number } = {},
): string {
  const params = new URLSearchParams();
  if (appId) params.set("app", appId);
  for (const t of filters.tags) params.append("tag", t);
  for (const key of ["platform", "channel", "maker", "status", "locale", "active"] as const) {
    const value = filters[key];
    if (value) params.set(key, value);
  }
  if (filters.testOnly) params.set("test", "1");
  if (filters.search) params.set("q", filters.search);
  if (extra.after) params.set("after", extra.after);
  if (extra.before) params.set("before", extra.before);
  if (extra.page && extra.page > 1) params.set("page", String(extra.page));
  const qs = params.toString();
  return qs ? `/devices?${qs}` : "/devices";
}

// Encodes a row's position for ?after= / ?before=.
export function encodeCursor(row: DeviceCursor): string {
  return `${row.lastActiveAt.getTime()}_${row.id}`;
}

export function hasActiveFilters(filters: DeviceFilters): boolean {
  return (
    filters.tags.length > 0 ||
    filters.testOnly ||
    Boolean(
      filters.platform ||
      filters.channel ||
      filters.maker ||
      filters.status ||
      filters.locale ||
      filters.active ||
      filters.search,
    )
  );
}

// Accepts a single id (one checkbox in FormData) or a list.
const idList = z.preprocess((v) => (typeof v === "string" ? [v] : v), z.array(uuid).min(1).max(500));
const flag = z.preprocess((v) => (v === "true" || v === "on" ? true : v === "false" ? false : v), z.boolean());

// Input of devices.setTest: mark (or unmark) up to 500 devices of one app as test devices.
export const setTestInput = z.object({ appId: uuid, deviceIds: idList, isTest: flag });
export type SetTestInput = z.infer<typeof setTestInput>;

// The details page's route params: /devices/<deviceId>?app=<appId>.
export const deviceDetailParams = z.object({ deviceId: uuid, app: uuid });
