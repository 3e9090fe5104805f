// A campaign's SMS signalling figures, read from its SmsMessage rows (index campaignId, status): signals
// written, sent, delivered (provider status callbacks), failed, their cost, how many signalled devices
// then fetched their message, per country; and the reasons devices got none.
import "server-only";
import { smsPolicyOf } from "@/lib/sms/policy";
import type { SmsFigures, SmsReport } from "@/lib/analytics/types";
import { sqlPool } from "@/server/sql";

interface Row extends SmsFigures {
  country: string;
}

const figures = `
  count(*) filter (where status <> 'suppressed')::int as signalled,
  count(*) filter (where status in ('sent', 'delivered', 'undelivered'))::int as sent,
  count(*) filter (where status = 'delivered')::int as delivered,
  count(*) filter (where status in ('failed', 'undelivered'))::int as failed,
  coalesce(sum(segments) filter (where status <> 'suppressed'), 0)::int as segments,
  coalesce(sum("costMicros") filter (where status <> 'suppressed'), 0)::float8 as "costMicros",
  count(*) filter (where "fetchedAt" is not null)::int as fetched`;

export async function smsReport(campaignId: string): Promise<SmsReport | null> {
  const [{ rows }, { rows: reasons }, { rows: app }] = await Promise.all([
    sqlPool().query<Row>(
      `select country, ${figures} from "SmsMessage" where "campaignId" = $1 group by country order by country`,
      [campaignId],
    ),
    sqlPool().query<{ reason: string; count: number }>(
      `select reason, count(*)::int as count from "SmsMessage"
        where "campaignId" = $1 and reason is not null group by reason order by 2 desc, 1`,
      [campaignId],
    ),
    sqlPool().query<{ smsPolicy: unknown }>(
      `select a."smsPolicy" from "Campaign" c join "App" a on a.id = c."appId" where c.id = $1`,
      [campaignId],
    ),
  ]);
  if (!rows.length) return null;
  const totals: SmsFigures = { signalled: 0, sent: 0, delivered: 0, failed: 0, segments: 0, costMicros: 0, fetched: 0 };
  for (const row of rows)
    for (const key of Object.keys(totals) as Array<keyof SmsFigures>) totals[key] += Number(row[key]);
  return {
    currency: smsPolicyOf(app[0]?.smsPolicy ?? null).currency,
    totals,
    byCountry: rows.map((row) => ({ ...row, costMicros: Number(row.costMicros) })),
    reasons,
  };
}
