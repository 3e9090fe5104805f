// The planned waves of a campaign that has not started: when each wave goes (app time zone and UTC),
// which device zones, how many devices, quiet-hour holds, late sends and the throttled finish.
import { getFormatter, getTranslations } from "next-intl/server";
import { Alert } from "@/components/ui/alert";
import type { PlannedWaves } from "@/server/campaigns/queries";
import { SkippedDevicesAlert, WavesTable } from "./waves-table";

export async function CampaignWaves({ plan, timeZone }: { plan: PlannedWaves; timeZone: string }) {
  const t = await getTranslations("campaigns.waves");
  const format = await getFormatter();
  if (!plan.ok) return <Alert tone="warning">{t(`unplannable.${plan.reason}`)}</Alert>;
  if (!plan.waves.length)
    return <p className="text-sm text-slate-600">{plan.audience === 0 ? t("noAudience") : t("none")}</p>;
  return (
    <div className="space-y-2">
      <WavesTable waves={plan.waves} timeZone={timeZone} label={t("label")} finishes />
      <p className="text-xs text-slate-500">
        {t("summary", { count: plan.waves.length, devices: format.number(plan.audience) })}
      </p>
      <SkippedDevicesAlert skipped={plan.skipped} noZone={t("noZone")} text={(values) => t("skipped", values)} />
    </div>
  );
}
