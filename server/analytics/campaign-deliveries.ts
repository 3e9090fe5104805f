// The per-device list behind a campaign report's counts: one campaign's Delivery rows filtered by
// outcome (and by suppression reason or error code), a page at a time. Keyset pagination walks the
// (campaignId, run, deviceId, runDate) key in its own order, so a page reads its 51 rows from the
// campaign's part of that index in every partition and never sorts or scans other campaigns'
// deliveries; the total counts the campaign's rows through the (campaignId, status) index.
// Also the device page's "campaigns it received": its latest deliveries by the (deviceId, queuedAt) index.
import "server-only";
import { z } from "zod";
import { sqlPool } from "@/server/sql";
import {
  deliveryPageSize,
  type DeliveryCursor,
  type DeliveryListFilter,
  type DeliveryListPage,
  type DeliveryListRow,
  type DeviceCampaign,
} from "@/lib/analytics/delivery-list";

const utc = (column: string) => `d."${column}" at time zone 'UTC' as "${column}"`;
const timeColumns = ["queuedAt", "sentAt", "deliveredAt", "openedAt", "clickedAt"].map(utc).join(", ");

type Raw = Omit<DeliveryListRow, "queuedAt" | "sentAt" | "deliveredAt" | "openedAt" | "clickedAt"> & {
  queuedAt: Date;
  sentAt: Date | null;
  deliveredAt: Date | null;
  openedAt: Date | null;
  clickedAt: Date | null;
};

const outcomeCondition: Record<DeliveryListFilter["outcome"], string> = {
  all: "true",
  queued: `d.status = 'queued'`,
  sent: `d."sentAt" is not null`,
  failed: `d.status = 'failed'`,
  suppressed: `d.status = 'suppressed'`,
  received: `d."deliveredAt" is not null`,
  opened: `d."openedAt" is not null`,
  clicked: `d."clickedAt" is not null`,
};

// The where clause (after campaignId = $1) and its values, numbered from $2.
function whereOf(filter: DeliveryListFilter): { sql: string; values: unknown[] } {
  const parts = [outcomeCondition[filter.outcome]];
  const values: unknown[] = [];
  if (filter.outcome === "suppressed" && filter.reason) {
    values.push(filter.reason);
    parts.push(`d.reason = $${values.length + 1}::"SuppressionReason"`);
  }
  if (filter.outcome === "failed" && filter.error) {
    values.push(filter.error);
    parts.push(`d."errorCode" = $${values.length + 1}`);
  }
  return { sql: parts.join(" and "), values };
}

const iso = (date: Date | null) => (date ? date.toISOString() : null);

export interface DeliveryListOptions {
  after?: DeliveryCursor;
  limit?: number;
  // Skip the total (the CSV export does not show it).
  withTotal?: boolean;
}

// The SQL of one page, for the page and for EXPLAIN in the tests.
export function deliveryPageSql(campaignId: string, filter: DeliveryListFilter, options: DeliveryListOptions = {}) {
  const where = whereOf(filter);
  const values: unknown[] = [campaignId, ...where.values];
  let keyset = "";
  if (options.after) {
    values.push(options.after.run, options.after.deviceId);
    keyset = `and (d.run, d."deviceId") > ($${values.length - 1}::int, $${values.length}::uuid)`;
  }
  values.push((options.limit ?? deliveryPageSize) + 1);
  // The page is cut from Delivery first (the key's order, so the index scan stops after it), then joined to Device.
  const text = `select d."deviceId", v."installationId", v.platform::text, d.run, d."variantKey", d.channel::text,
         d.status::text, d.reason::text, d."errorCode", ${timeColumns}
    from (select * from "Delivery" d
           where d."campaignId" = $1 and ${where.sql} ${keyset}
           order by d.run, d."deviceId" limit $${values.length}) d
    join "Device" v on v.id = d."deviceId"
   order by d.run, d."deviceId"`;
  return { text, values };
}

export async function campaignDeliveries(
  campaignId: string,
  filter: DeliveryListFilter,
  options: DeliveryListOptions = {},
): Promise<DeliveryListPage> {
  if (!z.uuid().safeParse(campaignId).success) return { rows: [], total: 0, next: null };
  const limit = options.limit ?? deliveryPageSize;
  const page = deliveryPageSql(campaignId, filter, { ...options, limit });
  const where = whereOf(filter);
  const [found, counted] = await Promise.all([
    sqlPool().query<Raw>(page.text, page.values),
    options.withTotal === false
      ? Promise.resolve(null)
      : sqlPool().query<{ n: number }>(
          `select count(*)::int as n from "Delivery" d where d."campaignId" = $1 and ${where.sql}`,
          [campaignId, ...where.values],
        ),
  ]);
  const more = found.rows.length > limit;
  const rows = found.rows.slice(0, limit).map((row): DeliveryListRow => ({
    ...row,
    queuedAt: row.queuedAt.toISOString(),
    sentAt: iso(row.sentAt),
    deliveredAt: iso(row.deliveredAt),
    openedAt: iso(row.openedAt),
    clickedAt: iso(row.clickedAt),
  }));
  const last = rows.at(-1);
  return {
    rows,
    total: counted ? counted.rows[0]!.n : rows.length,
    next: more && last ? { run: last.run, deviceId: last.deviceId } : null,
  };
}

// The campaigns that targeted a device lately (newest first), each once per run.
export async function deviceCampaigns(deviceId: string, limit = 20): Promise<DeviceCampaign[]> {
  if (!z.uuid().safeParse(deviceId).success) return [];
  const { rows } = await sqlPool().query<Omit<DeviceCampaign, "queuedAt"> & { queuedAt: Date }>(
    `select d."campaignId", c.name as "campaignName", d.run, d.status::text,
            d."queuedAt" at time zone 'UTC' as "queuedAt"
       from "Delivery" d join "Campaign" c on c.id = d."campaignId"
      where d."deviceId" = $1 order by d."queuedAt" desc, d.id desc limit $2`,
    [deviceId, limit],
  );
  return rows.map((row) => ({ ...row, queuedAt: row.queuedAt.toISOString() }));
}

// The app's time zone, in which the device page lists when campaigns targeted the device.
export async function appTimeZone(appId: string): Promise<string> {
  if (!z.uuid().safeParse(appId).success) return "UTC";
  const { rows } = await sqlPool().query<{ timezone: string }>(`select timezone from "App" where id = $1`, [appId]);
  return rows[0]?.timezone ?? "UTC";
}
