// One installation's trace, from raw rows (the only analytics read that does): its latest
// deliveries by the (deviceId, queuedAt) index with every step they took, and its latest events by
// the (deviceId, occurredAt) index. Rows retention dropped are not there: the trace says from when
// (removedBefore) instead of showing a silently shorter history.
import "server-only";
import { channelsOfMask } from "@/lib/channels/devices";
import { z } from "zod";
import { db } from "@/server/db";
import { deviceProfileSelect } from "@/server/devices/queries";
import { sqlPool } from "@/server/sql";
import type { DeviceTrace } from "@/lib/analytics/types";
import { retentionCuts } from "./retired";

export const TRACE_DELIVERIES = 200;
export const TRACE_EVENTS = 200;

type Step = DeviceTrace["deliveries"][number]["steps"][number];

// A delivery as read: the trace's fields and the step times its steps are made from.
interface DeliveryRow extends Omit<DeviceTrace["deliveries"][number], "steps"> {
  queuedAt: Date;
  sentAt: Date | null;
  deliveredAt: Date | null;
  failedAt: Date | null;
  updatedAt: Date;
  openedAt: Date | null;
  clickedAt: Date | null;
  dismissedAt: Date | null;
  appOpenedAt: Date | null;
}

const utc = (column: string) => `d."${column}" at time zone 'UTC' as "${column}"`;
const timeColumns = [
  "queuedAt",
  "sentAt",
  "deliveredAt",
  "failedAt",
  "updatedAt",
  "openedAt",
  "clickedAt",
  "dismissedAt",
  "appOpenedAt",
]
  .map(utc)
  .join(", ");

function stepsOf(row: DeliveryRow): Step[] {
  const steps: Step[] = [{ step: "targeted", at: row.queuedAt.toISOString() }];
  const add = (step: Step["step"], at: Date | null, detail?: string | null) => {
    if (at) steps.push({ step, at: at.toISOString(), ...(detail ? { detail } : {}) });
  };
  if (row.status === "suppressed")
    add("suppressed", row.reason === "cancelled" ? row.updatedAt : row.queuedAt, row.reason);
  else add("queued", row.queuedAt);
  add("sent", row.sentAt, row.providerMessageId);
  add("failed", row.status === "failed" ? (row.failedAt ?? row.updatedAt) : null, row.errorCode);
  add("received", row.deliveredAt);
  add("opened", row.openedAt);
  add("clicked", row.clickedAt);
  add("dismissed", row.dismissedAt);
  add("app_open", row.appOpenedAt);
  // Stable: equal times keep the pipeline order above.
  return steps
    .map((s, i) => ({ s, i }))
    .sort((a, b) => a.s.at.localeCompare(b.s.at) || a.i - b.i)
    .map(({ s }) => s);
}

const traceSelect = { ...deviceProfileSelect, channelMask: true } as const;

// The device an ID names in the app: its installation ID first (what the SDK reports), then Herald's own
// device ID (what the device page and the per-device lists show). Both are UUIDs.
async function findTraceDevice(appId: string, id: string) {
  const key = id.toLowerCase();
  return (
    (await db.device.findUnique({
      where: { appId_installationId: { appId, installationId: key } },
      select: traceSelect,
    })) ?? (await db.device.findFirst({ where: { id: key, appId }, select: traceSelect }))
  );
}

// `campaignId` narrows the deliveries to one campaign's runs (the per-device list links there).
export async function deviceTrace(
  appId: string,
  id: string,
  options: { campaignId?: string } = {},
): Promise<DeviceTrace | null> {
  if (!z.uuid().safeParse(id).success || !z.uuid().safeParse(appId).success) return null;
  const device = await findTraceDevice(appId, id);
  if (!device) return null;
  const campaignId = options.campaignId && z.uuid().safeParse(options.campaignId).success ? options.campaignId : null;
  const [deliveries, events, removedBefore] = await Promise.all([
    sqlPool().query<DeliveryRow>(
      `select d."campaignId", c.name as "campaignName", d.run, d."variantKey", d.channel::text, d.status::text,
              d.reason::text, d."errorCode", d."providerMessageId", d.attempts, ${timeColumns}
         from "Delivery" d join "Campaign" c on c.id = d."campaignId"
        where d."deviceId" = $1 and ($3::uuid is null or d."campaignId" = $3)
        order by d."queuedAt" desc, d.id desc limit $2`,
      [device.id, TRACE_DELIVERIES, campaignId],
    ),
    sqlPool().query<{ type: string; at: Date; campaignId: string | null; name: string | null }>(
      `select type::text, "occurredAt" at time zone 'UTC' as at, "campaignId", name
         from "DeviceEvent" where "deviceId" = $1 order by "occurredAt" desc, id desc limit $2`,
      [device.id, TRACE_EVENTS],
    ),
    retentionCuts(),
  ]);
  return {
    device: (({ channelMask, ...rest }) => ({
      ...rest,
      channels: channelsOfMask(channelMask),
      lastActiveAt: device.lastActiveAt.toISOString(),
    }))(device),
    deliveries: deliveries.rows.map((row) => ({
      campaignId: row.campaignId,
      campaignName: row.campaignName,
      run: row.run,
      variantKey: row.variantKey,
      channel: row.channel,
      status: row.status,
      reason: row.reason,
      errorCode: row.errorCode,
      providerMessageId: row.providerMessageId,
      attempts: row.attempts,
      steps: stepsOf(row),
    })),
    events: events.rows.map((e) => ({ type: e.type, at: e.at.toISOString(), campaignId: e.campaignId, name: e.name })),
    removedBefore,
  };
}
