// Audience totals for the overview page, across every app.
import "server-only";
import { channelBit, channelsByBit } from "@/lib/channels/devices";
import { db } from "@/server/db";
import type { OverviewTotals } from "@/lib/overview/types";

export async function getOverviewTotals(now = new Date()): Promise<OverviewTotals> {
  const day = 24 * 3600 * 1000;
  const [apps, rows, byPlatform, byChannel] = await Promise.all([
    db.app.count(),
    db.$queryRaw<{ devices: bigint; reachable: bigint; active7d: bigint; dormant30d: bigint }[]>`
      select count(*) as devices,
             count(*) filter (where status = 'active') as reachable,
             count(*) filter (where "lastActiveAt" >= ${new Date(now.getTime() - 7 * day)}) as active7d,
             count(*) filter (where "lastActiveAt" < ${new Date(now.getTime() - 30 * day)}) as dormant30d
      from "Device"`,
    db.device.groupBy({ by: ["platform"], _count: { _all: true }, orderBy: { platform: "asc" } }),
    // Devices with an active address on each channel (a device with several counts under each).
    db.$queryRaw<{ mask: number; count: bigint }[]>`
      select "channelMask" as mask, count(*) as count from "Device" group by "channelMask"`,
  ]);
  const totals = rows[0];
  return {
    apps,
    devices: Number(totals?.devices ?? 0),
    reachable: Number(totals?.reachable ?? 0),
    active7d: Number(totals?.active7d ?? 0),
    dormant30d: Number(totals?.dormant30d ?? 0),
    byPlatform: byPlatform.map((r) => ({ key: r.platform, count: r._count._all })),
    byChannel: channelsByBit
      .map((key) => ({
        key,
        count: byChannel.reduce((sum, r) => sum + ((r.mask & (1 << channelBit[key])) !== 0 ? Number(r.count) : 0), 0),
      }))
      .filter((r) => r.count > 0)
      .sort((a, b) => a.key.localeCompare(b.key)),
  };
}
