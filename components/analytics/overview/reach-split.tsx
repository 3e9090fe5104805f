// The overview's split of the range's activity by channel and by phone maker (sends, failures,
// receipts, opens, clicks), and the suppressions by reason of the campaigns active in it, vendor-cap
// drops (vendor_quota) among them. Each table sorts and exports its CSV in the browser.
import { getTranslations } from "next-intl/server";
import type { Overview } from "@/lib/analytics/types";
import { CountTable } from "../count-table";
import { FunnelTable } from "../funnel-table";

const counts = ["sent", "failed", "received", "opened", "clicked"] as const;

export async function ReachSplit({ overview }: { overview: Overview }) {
  const t = await getTranslations("analytics");
  const enums = await getTranslations("enums");
  const reasons = await getTranslations("dispatch.progress.reasons");
  const labels = (keys: string[], prefix: "channel" | "maker") =>
    Object.fromEntries(keys.map((key) => [key, enums.has(`${prefix}.${key}`) ? enums(`${prefix}.${key}`) : key]));
  return (
    <div className="space-y-6" data-testid="overview-reach">
      <div className="grid gap-6 2xl:grid-cols-2">
        {(
          [
            { by: "channel", rows: overview.byChannel },
            { by: "maker", rows: overview.byMaker },
          ] as const
        ).map(({ by, rows }) => (
          <FunnelTable
            key={by}
            title={t(by === "channel" ? "overview.byChannel" : "overview.byMaker")}
            description={t("overview.breakdownHint")}
            rows={rows}
            labels={labels(
              rows.map((r) => r.key),
              by,
            )}
            keyHeader={t(`report.${by}`)}
            counts={[...counts]}
            fileName={`by-${by}`}
            empty={t("report.noRows")}
          />
        ))}
      </div>
      <CountTable
        title={t("overview.suppressions")}
        description={t("overview.suppressionsHint")}
        rows={overview.suppressions.map((s) => ({ key: s.reason, count: s.count }))}
        keyHeader={t("report.reason")}
        labels={Object.fromEntries(
          overview.suppressions.map((s) => [s.reason, reasons.has(s.reason) ? reasons(s.reason) : s.reason]),
        )}
        fileName="suppressions-by-reason"
        empty={t("report.noSuppressions")}
      />
    </div>
  );
}
