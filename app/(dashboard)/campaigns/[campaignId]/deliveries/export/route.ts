// GET /campaigns/{id}/deliveries/export?outcome=&reason=&error=: the per-device list of a campaign as CSV (the rows
// of the filter in the list's order, up to deliveryExportLimit), for staff who may read reports.
import { NextResponse } from "next/server";
import { getTranslations } from "next-intl/server";
import { toCsv } from "@/lib/analytics/csv";
import {
  deliveryExportLimit,
  parseDeliveryListQuery,
  type DeliveryCursor,
  type DeliveryListRow,
} from "@/lib/analytics/delivery-list";
import { can } from "@/lib/permissions";
import { getCurrentUser } from "@/server/auth/session";
import { loadReportCampaign } from "@/server/analytics/page-apps";
import { getCampaignDeliveries } from "@/server/analytics/queries";

const noStore = { "Cache-Control": "no-store" };
const chunk = 1000;

export async function GET(request: Request, { params }: { params: Promise<{ campaignId: string }> }) {
  const user = await getCurrentUser();
  if (!user) return NextResponse.json({ error: "Sign in first." }, { status: 401, headers: noStore });
  if (!can(user, "analytics.view"))
    return NextResponse.json({ error: "Your role cannot read reports." }, { status: 403, headers: noStore });
  const campaign = await loadReportCampaign((await params).campaignId);
  if (!campaign) return NextResponse.json({ error: "No such campaign." }, { status: 404, headers: noStore });
  const { filter } = parseDeliveryListQuery(Object.fromEntries(new URL(request.url).searchParams));
  const rows: DeliveryListRow[] = [];
  let after: DeliveryCursor | undefined;
  do {
    const page = await getCampaignDeliveries(campaign.id, filter, {
      after,
      limit: Math.min(chunk, deliveryExportLimit - rows.length),
      withTotal: false,
    });
    rows.push(...page.rows);
    after = page.next ?? undefined;
  } while (after && rows.length < deliveryExportLimit);
  const t = await getTranslations("linked.list.columns");
  const csv = toCsv(rows, [
    { header: t("device"), value: (r) => r.installationId },
    { header: t("deviceId"), value: (r) => r.deviceId },
    { header: t("run"), value: (r) => r.run },
    { header: t("platform"), value: (r) => r.platform },
    { header: t("variant"), value: (r) => r.variantKey },
    { header: t("channel"), value: (r) => r.channel },
    { header: t("status"), value: (r) => r.status },
    { header: t("detail"), value: (r) => r.reason ?? r.errorCode },
    { header: t("queuedAt"), value: (r) => r.queuedAt },
    { header: t("sentAt"), value: (r) => r.sentAt },
    { header: t("deliveredAt"), value: (r) => r.deliveredAt },
    { header: t("openedAt"), value: (r) => r.openedAt },
  ]);
  const name = `${campaign.id}-${filter.outcome}${filter.reason ? `-${filter.reason}` : ""}.csv`;
  return new NextResponse(csv, {
    headers: {
      ...noStore,
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="${name}"`,
    },
  });
}
