// Turns the Devices page's filters into a Prisma `where`, always scoped to one app.
import "server-only";
import { deviceChannels } from "@/lib/channels/devices";
import type { Prisma } from "@/server/generated/prisma/client";
import type { ActivityWindow, DeviceCursor, DeviceFilters } from "./schema";

const day = 86_400_000;
const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

// LIKE treats % and _ as wildcards and Prisma's startsWith passes them through; escape them.
export function escapeLike(value: string): string {
  return value.replace(/[\\%_]/g, (c) => `\\${c}`);
}

function activityWhere(window: ActivityWindow, now: Date): Prisma.DeviceWhereInput {
  const ago = (days: number) => new Date(now.getTime() - days * day);
  switch (window) {
    case "24h":
      return { lastActiveAt: { gte: ago(1) } };
    case "7d":
      return { lastActiveAt: { gte: ago(7) } };
    case "30d":
      return { lastActiveAt: { gte: ago(30) } };
    case "dormant30":
      return { lastActiveAt: { lt: ago(30) } };
    case "dormant90":
      return { lastActiveAt: { lt: ago(90) } };
  }
}

// A locale without a region ("zh") matches itself and every "zh-*"; a full tag matches exactly.
function localeWhere(locale: string): Prisma.DeviceWhereInput {
  if (locale.includes("-")) return { locale: { equals: locale, mode: "insensitive" } };
  return {
    OR: [
      { locale: { equals: locale, mode: "insensitive" } },
      { locale: { startsWith: `${locale}-`, mode: "insensitive" } },
    ],
  };
}

// The search box: an exact installation id (UUID) or the prefix of any of the device's tokens (a
// device has at most one address per channel, so one JSON path per possible position).
function searchWhere(search: string): Prisma.DeviceWhereInput {
  if (uuidPattern.test(search)) return { installationId: search.toLowerCase() };
  return {
    OR: deviceChannels.map((_, i) => ({
      addresses: { path: [String(i), "token"], string_starts_with: escapeLike(search) },
    })),
  };
}

// The device filter for one app. `tags` uses `@>` (hasEvery) so the GIN index "Device_tags_idx" applies.
export function deviceWhere(appId: string, filters: DeviceFilters, now = new Date()): Prisma.DeviceWhereInput {
  const and: Prisma.DeviceWhereInput[] = [{ appId }];
  if (filters.tags.length) and.push({ tags: { hasEvery: filters.tags } });
  if (filters.platform) and.push({ platform: filters.platform });
  // An active address on the channel: JSON containment (the list is a console page; the segment
  // language tests Device.channelMask instead, which Prisma cannot express).
  if (filters.channel) and.push({ addresses: { array_contains: [{ channel: filters.channel, status: "active" }] } });
  if (filters.maker) and.push({ maker: filters.maker });
  if (filters.status) and.push({ status: filters.status });
  if (filters.locale) and.push(localeWhere(filters.locale));
  if (filters.active) and.push(activityWhere(filters.active, now));
  if (filters.testOnly) and.push({ isTest: true });
  if (filters.search) and.push(searchWhere(filters.search));
  return { AND: and };
}

// Rows strictly after (older than) or before (newer than) a cursor in lastActiveAt desc, id desc order.
export function cursorWhere(cursor: DeviceCursor, direction: "after" | "before"): Prisma.DeviceWhereInput {
  const cmp = direction === "after" ? "lt" : "gt";
  return {
    OR: [
      { lastActiveAt: { [cmp]: cursor.lastActiveAt } },
      { lastActiveAt: cursor.lastActiveAt, id: { [cmp]: cursor.id } },
    ],
  };
}
