// A campaign schedule in words, in the user's language ("Once on 1 Dec 2026 at 09:00 (Asia/Shanghai)").
import type { Schedule, Weekday } from "@/lib/schedule";

type Translate = (key: string, values?: Record<string, string | number>) => string;

const weekdays: Weekday[] = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];

// `t` is the "campaigns.schedule" translator; dates stay ISO (YYYY-MM-DD) so they read the same everywhere.
export function describeSchedule(schedule: Schedule, t: Translate): string {
  if (schedule.kind === "now") return t("now");
  if (schedule.kind === "at") return t("at", { date: schedule.date, time: schedule.time, zone: schedule.timeZone });
  if (schedule.kind === "localTime") return t("localTime", { date: schedule.date, time: schedule.time });
  const rule = schedule.rule;
  const repeat =
    rule.kind === "daily"
      ? t("daily")
      : rule.kind === "weekly"
        ? t("weekly", {
            days: weekdays
              .filter((d) => rule.weekdays.includes(d))
              .map((d) => t(`weekday.${d}`))
              .join(t("listSeparator")),
          })
        : t("cron", { expression: rule.expression });
  const zone = schedule.timeZone === "local" ? t("deviceLocal") : schedule.timeZone;
  const time = schedule.time ? t("atTime", { time: schedule.time }) : "";
  const range = schedule.endDate
    ? t("range", { start: schedule.startDate, end: schedule.endDate })
    : t("from", { start: schedule.startDate });
  return t("recurring", { repeat, time, zone, range });
}
