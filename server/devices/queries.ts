// Reads for the Devices page: apps to pick from, one keyset page of an app's devices, one device.
import "server-only";
import type { DeviceListRow } from "@/lib/device-types";
import { parseAddresses } from "@/lib/devices/addresses";
import { z } from "zod";
import { db } from "@/server/db";
import { cursorWhere, deviceWhere } from "./filters";
import {
  deviceListHref,
  devicePageSize,
  encodeCursor,
  hasActiveFilters,
  parseDeviceListQuery,
  type DeviceCursor,
  type DeviceFilters,
  type SearchParams,
} from "./schema";

// The columns that say which device it is, its maker and where and when it was last seen: what the
// list, the device API and the analytics trace all show of a device.
export const deviceProfileSelect = {
  id: true,
  installationId: true,
  platform: true,
  brand: true,
  maker: true,
  tags: true,
  locale: true,
  timezone: true,
  lastActiveAt: true,
  status: true,
} as const;

// The columns the list shows (the addresses with their tokens, so the table can show their state).
export const deviceListSelect = { ...deviceProfileSelect, addresses: true, appVersion: true, isTest: true } as const;

export type { DeviceListRow };

export interface DevicePage {
  rows: DeviceListRow[];
  total: number;
  // Cursors for the neighbouring pages; null when there is none.
  nextCursor: string | null;
  prevCursor: string | null;
}

// Apps for the app picker, by name.
export async function listAppsForPicker(): Promise<{ id: string; name: string }[]> {
  return db.app.findMany({ select: { id: true, name: true }, orderBy: { name: "asc" } });
}

// True when the app has at least one device (to tell "none registered" from "none match").
export async function appHasDevices(appId: string): Promise<boolean> {
  return (await db.device.findFirst({ where: { appId }, select: { id: true } })) !== null;
}

interface ListOptions {
  after?: DeviceCursor;
  before?: DeviceCursor;
  pageSize?: number;
  now?: Date;
}

// One page of an app's devices, newest activity first (lastActiveAt desc, id desc), by keyset:
// `after` gives the page following a row, `before` the page preceding it. Also counts all matches.
export async function listDevices(
  appId: string,
  filters: DeviceFilters,
  options: ListOptions = {},
): Promise<DevicePage> {
  const pageSize = options.pageSize ?? devicePageSize;
  const where = deviceWhere(appId, filters, options.now);
  const backwards = Boolean(options.before && !options.after);
  const cursor = options.after ?? options.before;
  const pageWhere = cursor ? { AND: [where, cursorWhere(cursor, backwards ? "before" : "after")] } : where;
  const order = backwards ? "asc" : "desc";
  const [found, total] = await Promise.all([
    db.device.findMany({
      where: pageWhere,
      select: deviceListSelect,
      orderBy: [{ lastActiveAt: order }, { id: order }],
      take: pageSize + 1,
    }),
    db.device.count({ where }),
  ]);
  const more = found.length > pageSize;
  const rows = found.slice(0, pageSize).map((row) => ({
    ...row,
    addresses: parseAddresses(row.addresses).map(({ channel, status, error, errorAt }) => ({
      channel,
      status,
      error,
      errorAt,
    })),
  }));
  if (backwards) {
    // Fewer than a full page before the cursor means we reached the start: show the first page.
    if (!more) return listDevices(appId, filters, { pageSize, now: options.now });
    rows.reverse();
  }
  const first = rows[0];
  const last = rows[rows.length - 1];
  return {
    rows,
    total,
    nextCursor: last && (backwards || more) ? encodeCursor(last) : null,
    prevCursor: first && cursor && (!backwards || more) ? encodeCursor(first) : null,
  };
}

// Every field of one device of one app, or null when the app has no such device.
// Its phone number only masked: the sealed number and its hash are never selected for the console.
export async function getDevice(appId: string, deviceId: string) {
  const device = await db.device.findFirst({
    where: { id: deviceId, appId },
    include: { phoneNumber: { select: { masked: true, country: true, consentAt: true, optedOutAt: true } } },
  });
  return device && { ...device, addresses: parseAddresses(device.addresses) };
}

// The app's name for headings, or null.
export async function findAppName(appId: string): Promise<string | null> {
  return (await db.app.findUnique({ where: { id: appId }, select: { name: true } }))?.name ?? null;
}

// Everything the Devices list page needs for one request's query string; null when there is no app.
export async function loadDeviceListPage(params: SearchParams, now = new Date()) {
  const { query, ignored } = parseDeviceListQuery(params);
  const apps = await listAppsForPicker();
  if (apps.length === 0) return null;
  const requested = query.appId ? apps.find((a) => a.id === query.appId) : undefined;
  if (query.appId && !requested) ignored.push("app");
  const appId = (requested ?? apps[0]).id;
  // A cursor from another app's link makes no sense here; start from the first page then.
  const cursors = requested ? { after: query.after, before: query.before } : {};
  const page = await listDevices(appId, query.filters, { ...cursors, now });
  const pageNumber = page.prevCursor ? Math.max(query.page, 2) : 1;
  const hasDevices = page.total > 0 || (hasActiveFilters(query.filters) && (await appHasDevices(appId)));
  return {
    apps,
    appId,
    filters: query.filters,
    ignored,
    page,
    pageNumber,
    hasDevices,
    // Page 2's "previous" is simply the first page (which also shows devices that became active since).
    prevHref: !page.prevCursor
      ? null
      : pageNumber <= 2
        ? deviceListHref(appId, query.filters)
        : deviceListHref(appId, query.filters, { before: page.prevCursor, page: pageNumber - 1 }),
    nextHref: page.nextCursor
      ? deviceListHref(appId, query.filters, { after: page.nextCursor, page: pageNumber + 1 })
      : null,
  };
}

// The app of a device, for a device link that lacks it (older links named only the device).
export async function findDeviceAppId(deviceId: string): Promise<string | null> {
  if (!z.uuid().safeParse(deviceId).success) return null;
  return (await db.device.findUnique({ where: { id: deviceId }, select: { appId: true } }))?.appId ?? null;
}
