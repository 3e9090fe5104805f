// The re-activation report: per campaign and per month, devices dormant 7-30, 30-90 or 90+ days when
// targeted, and the share of them that opened the app within 72 h, treated vs the campaign's
// holdout, with the lift's 95% confidence interval (difference of two proportions, normal
// approximation). Read from the "dormant"/"reactivated" breakdowns only; months are UTC months of targeting.
import "server-only";
import { utcToZoned } from "@/lib/schedule";
import { db } from "@/server/db";
import { cohortOf, compareGroups, dormancyCells, dormancyCohorts, type DormancyCell } from "./reactivation-math";
import { breakdownRows } from "./rollup-read";
import { REACTIVATION_WINDOW_HOURS } from "./rollup-sql";
import type { AnalyticsRange, CampaignTypeName, DormancyCohort, ReactivationReport } from "@/lib/analytics/types";

// Options of the re-activation report: only campaigns of one type.
export interface ReactivationOptions {
  type?: CampaignTypeName;
}

type CampaignCohorts = ReactivationReport["byCampaign"][number]["cohorts"];
type MonthCohorts = ReactivationReport["byMonth"][number]["cohorts"];

function perCohort<T>(make: (cohort: DormancyCohort) => T): Record<DormancyCohort, T> {
  return Object.fromEntries(dormancyCohorts.map((cohort) => [cohort, make(cohort)])) as Record<DormancyCohort, T>;
}

export async function reactivationReport(
  appId: string,
  range: AnalyticsRange,
  options: ReactivationOptions = {},
): Promise<ReactivationReport> {
  const from = new Date(range.from);
  const to = new Date(range.to);
  const campaigns = await db.campaign.findMany({
    where: {
      appId,
      ...(options.type ? { type: options.type } : {}),
      startedAt: { not: null, lt: to },
      OR: [{ completedAt: null }, { completedAt: { gte: from } }],
    },
    select: { id: true, name: true, type: true, startedAt: true },
    orderBy: [{ startedAt: "desc" }, { id: "asc" }],
  });
  const firstMonth = utcToZoned(from, "UTC").date.slice(0, 7);
  const lastMonth = utcToZoned(new Date(Math.max(from.getTime(), to.getTime() - 1)), "UTC").date.slice(0, 7);
  const cells = dormancyCells(
    await breakdownRows(
      campaigns.map((c) => c.id),
      ["dormant", "reactivated"],
    ),
  ).filter((cell) => cell.month >= firstMonth && cell.month <= lastMonth && cohortOf(cell.days) !== null);
  const byCampaignId = new Map<string, DormancyCell[]>();
  for (const cell of cells) byCampaignId.set(cell.campaignId, [...(byCampaignId.get(cell.campaignId) ?? []), cell]);

  const byCampaign = campaigns
    .filter((c) => byCampaignId.has(c.id))
    .map((c) => {
      const own = byCampaignId.get(c.id)!;
      const cohorts: CampaignCohorts = perCohort((cohort) => {
        const g = compareGroups(own, (cell) => cohortOf(cell.days) === cohort);
        return {
          treated: g.treated.devices,
          treatedReactivated: g.treated.reactivated,
          holdout: g.holdout.devices,
          holdoutReactivated: g.holdout.reactivated,
          lift: g.lift,
        };
      });
      return { id: c.id, name: c.name, type: c.type, cohorts };
    });

  const months = [...new Set(cells.map((cell) => cell.month))].sort();
  const byMonth = months.map((month) => {
    const cohorts: MonthCohorts = perCohort((cohort) => {
      const g = compareGroups(cells, (cell) => cell.month === month && cohortOf(cell.days) === cohort);
      return { treated: g.treated.devices, treatedReactivated: g.treated.reactivated, rate: g.treated.rate };
    });
    return { month, cohorts };
  });
  return { range, windowHours: REACTIVATION_WINDOW_HOURS, cohorts: dormancyCohorts, byCampaign, byMonth };
}
