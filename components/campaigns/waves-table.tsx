// The planned waves of a campaign as a table, shared by the campaign page (the plan as it stands)
// and the composer (the live preview): when each wave goes (app time zone and UTC), which device
// zones, how many devices, quiet-hour holds, late sends and, with a throttle, when it finishes.
// No "use client": it renders on the server (campaign page) and in the browser (composer) alike.
import { useFormatter, useTranslations } from "next-intl";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { ListTable, Td, Tr } from "@/components/ui/table";

// One planned wave (the stored plan and the composer's preview both have these fields).
export interface PlannedWave {
  at: Date;
  finishesAt: Date;
  timeZones: string[];
  devices: number;
  heldForQuietHours: boolean;
  late: boolean;
}

interface Props {
  waves: PlannedWave[];
  // The app's time zone: the first time column is in it.
  timeZone: string;
  label: string;
  // Show the "finishes" column (always on the campaign page; in the composer only with a throttle).
  finishes: boolean;
  // When set, each wave's time also says how far from now it is.
  now?: Date;
  // A narrower zones column (the composer's form is narrower than the campaign page).
  narrow?: boolean;
}

// The table of waves, one row each, numbered from 1.
export function WavesTable({ waves, timeZone, label, finishes, now, narrow = false }: Props) {
  const t = useTranslations("campaigns.waves");
  return (
    <ListTable
      label={label}
      headings={[
        { label: "#" },
        { label: t("at", { zone: timeZone }) },
        { label: t("utc") },
        { label: t("zones") },
        { label: t("devices"), className: "text-right" },
        { label: t("notes") },
        finishes ? { label: t("finishes") } : null,
      ]}
    >
      {waves.map((wave, index) => (
        <WaveRow
          key={`${new Date(wave.at).toISOString()}-${index}`}
          wave={wave}
          number={index + 1}
          timeZone={timeZone}
          finishes={finishes}
          now={now}
          narrow={narrow}
        />
      ))}
    </ListTable>
  );
}

// One wave's row.
function WaveRow({
  wave,
  number,
  timeZone,
  finishes,
  now,
  narrow,
}: { wave: PlannedWave; number: number } & Omit<Props, "waves" | "label">) {
  const t = useTranslations("campaigns.waves");
  const format = useFormatter();
  const inApp = (d: Date) => format.dateTime(d, { dateStyle: "medium", timeStyle: "short", timeZone });
  const inUtc = (d: Date) => format.dateTime(d, { dateStyle: "short", timeStyle: "short", timeZone: "UTC" });
  return (
    <Tr>
      <Td className="tabular-nums">{number}</Td>
      <Td className="whitespace-nowrap tabular-nums">
        <time dateTime={new Date(wave.at).toISOString()}>{inApp(wave.at)}</time>
        {now ? <span className="block text-xs text-slate-500">{format.relativeTime(wave.at, now)}</span> : null}
      </Td>
      <Td className="whitespace-nowrap text-slate-600 tabular-nums">{inUtc(wave.at)}</Td>
      <Td className={narrow ? "max-w-72 text-xs" : "max-w-80 text-xs"}>
        {wave.timeZones.map((zone) => (zone === "" ? t("noZone") : zone)).join(", ")}
      </Td>
      <Td className="text-right tabular-nums">{format.number(wave.devices)}</Td>
      <Td>
        <span className="inline-flex flex-wrap gap-1">
          {wave.heldForQuietHours ? (
            <Badge tone="amber" className="whitespace-nowrap">
              {t("held")}
            </Badge>
          ) : null}
          {wave.late ? (
            <Badge tone="red" className="whitespace-nowrap">
              {t("late")}
            </Badge>
          ) : null}
        </span>
      </Td>
      {finishes ? <Td className="whitespace-nowrap tabular-nums">{inApp(wave.finishesAt)}</Td> : null}
    </Tr>
  );
}

// The warning under a plan when some devices' time zones could not be planned; `text` words it with
// the count and the zones' names (the device's own zone or `noZone` for devices without one).
export function SkippedDevicesAlert({
  skipped,
  noZone,
  text,
}: {
  skipped: { devices: number; timeZones: string[] };
  noZone: string;
  text: (values: { count: number; zones: string }) => string;
}) {
  if (skipped.devices === 0) return null;
  const zones = skipped.timeZones.map((zone) => (zone === "" ? noZone : zone)).join(", ");
  return <Alert tone="warning">{text({ count: skipped.devices, zones })}</Alert>;
}
