// SMS signalling figures of a campaign (or of an app's campaigns in a range), read from the SmsMessage
// rows (index campaignId, status): signals
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
  count(*) filter (where s.status <> 'suppressed')::int as signalled,
  count(*) filter (where s.status in ('sent', 'delivered', 'undelivered'))::int as sent,
  count(*) filter (where s.status = 'delivered')::int as delivered,
  count(*) filter (where s.status in ('failed', 'undelivered'))::int as failed,
  coalesce(sum(s.segments) filter (where s.status <> 'suppressed'), 0)::int as segments,
  coalesce(sum(s."costMicros") filter (where s.status <> 'suppressed'), 0)::float8 as "costMicros",
  count(*) filter (where s."fetchedAt" is not null)::int as fetched`;

// The rows of one campaign, or of an app's campaigns whose signals were written in a range.
type Scope = { campaignId: string } | { appId: string; from: string; to: string };

function scopeSql(scope: Scope): { where: string; values: unknown[]; app: string } {
  if ("campaignId" in scope)
    return {
      where: `s."campaignId" = $1`,
      values: [scope.campaignId],
      app: `select a."smsPolicy" from "Campaign" c join "App" a on a.id = c."appId" where c.id = $1`,
    };
  return {
    where: `s."campaignId" in (select id from "Campaign" where "appId" = $1::uuid)
            and s."queuedAt" >= ($2::timestamptz at time zone 'UTC')
            and s."queuedAt" < ($3::timestamptz at time zone 'UTC')`,
    values: [scope.appId, scope.from, scope.to],
    app: `select "smsPolicy" from "App" where id = $1::uuid and $2::text is not null and $3::text is not null`,
  };
}

export async function smsReport(scope: Scope): Promise<SmsReport | null> {
  const { where, values, app: appSql } = scopeSql(scope);
  const [{ rows }, { rows: reasons }, { rows: app }] = await Promise.all([
    sqlPool().query<Row>(
      `select s.country, ${figures} from "SmsMessage" s where ${where} group by s.country order by s.country`,
      values,
    ),
    sqlPool().query<{ reason: string; count: number }>(
      `select s.reason, count(*)::int as count from "SmsMessage" s
        where ${where} and s.reason is not null group by s.reason order by 2 desc, 1`,
      values,
    ),
    sqlPool().query<{ smsPolicy: unknown }>(appSql, values),
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
