// The planned waves of a campaign that has not started: when each wave goes (app time zone and UTC),
// which device zones, how many devices, quiet-hour holds, late sends and the throttled finish.
import { getFormatter, getTranslations } from "next-intl/server";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Table, TableFrame, Td, Th, Tr } from "@/components/ui/table";
import type { PlannedWaves } from "@/server/campaigns/queries";

export async function CampaignWaves({ plan, timeZone }: { plan: PlannedWaves; timeZone: string }) {
  const t = await getTranslations("campaigns.waves");
  const format = await getFormatter();
  if (!plan.ok) return <Alert tone="warning">{t(`unplannable.${plan.reason}`)}</Alert>;
  if (!plan.waves.length) return <p className="text-sm text-slate-600">{plan.audience === 0 ? t("noAudience") : t("none")}</p>;
  const inApp = (d: Date) => format.dateTime(d, { dateStyle: "medium", timeStyle: "short", timeZone });
  const inUtc = (d: Date) => format.dateTime(d, { dateStyle: "short", timeStyle: "short", timeZone: "UTC" });
  const zoneName = (zone: string) => (zone === "" ? t("noZone") : zone);
  return (
    <div className="space-y-2">
      <TableFrame>
        <Table aria-label={t("label")}>
          <thead>
            <tr>
              <Th>#</Th>
              <Th>{t("at", { zone: timeZone })}</Th>
              <Th>{t("utc")}</Th>
              <Th>{t("zones")}</Th>
              <Th className="text-right">{t("devices")}</Th>
              <Th>{t("notes")}</Th>
              <Th>{t("finishes")}</Th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {plan.waves.map((wave, index) => (
              <Tr key={`${wave.at.toISOString()}-${index}`}>
                <Td className="tabular-nums">{index + 1}</Td>
                <Td className="whitespace-nowrap tabular-nums"><time dateTime={wave.at.toISOString()}>{inApp(wave.at)}</time></Td>
                <Td className="whitespace-nowrap text-slate-600 tabular-nums">{inUtc(wave.at)}</Td>
                <Td className="max-w-80 text-xs">{wave.timeZones.map(zoneName).join(", ")}</Td>
                <Td className="text-right tabular-nums">{format.number(wave.devices)}</Td>
                <Td>
                  <span className="inline-flex flex-wrap gap-1">
                    {wave.heldForQuietHours ? <Badge tone="amber" className="whitespace-nowrap">{t("held")}</Badge> : null}
                    {wave.late ? <Badge tone="red" className="whitespace-nowrap">{t("late")}</Badge> : null}
                  </span>
                </Td>
                <Td className="whitespace-nowrap tabular-nums">{inApp(wave.finishesAt)}</Td>
              </Tr>
            ))}
          </tbody>
        </Table>
      </TableFrame>
      <p className="text-xs text-slate-500">{t("summary", { count: plan.waves.length, devices: format.number(plan.audience) })}</p>
      {plan.skipped.devices > 0 ? <Alert tone="warning">{t("skipped", { count: plan.skipped.devices, zones: plan.skipped.timeZones.map(zoneName).join(", ") })}</Alert> : null}
    </div>
  );
}
