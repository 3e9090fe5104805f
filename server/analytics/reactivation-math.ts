// Re-activation figures from the "dormant" / "reactivated" breakdown rows (key: UTC month of
// targeting | treated or holdout | whole days dormant at targeting). Treated = devices sent the
// campaign; holdout = devices kept back by the campaign's holdout. The lift is the difference of
// the two shares with a 95% Newcombe score interval (lib/analytics/stats.ts).
import { differenceOfProportions, proportion } from "@/lib/analytics/stats";
import type { BreakdownRow } from "./rollup-read";
import type { DormancyCohort, Reactivation } from "@/lib/analytics/types";

export const dormancyCohorts: DormancyCohort[] = ["7-30", "30-90", "90+"];

// The cohort of a dormancy in whole days (null under 7 days).
export function cohortOf(days: number): DormancyCohort | null {
  if (days >= 90) return "90+";
  if (days >= 30) return "30-90";
  if (days >= 7) return "7-30";
  return null;
}

// One parsed dormancy key.
export interface DormancyCell {
  campaignId: string;
  month: string;
  group: "treated" | "holdout";
  days: number;
  variantKey: string;
  devices: number;
  reactivated: number;
}

// Joins the dormant and reactivated rows of the same key into cells.
export function dormancyCells(rows: readonly BreakdownRow[]): DormancyCell[] {
  const cells = new Map<string, DormancyCell>();
  for (const row of rows) {
    if (row.kind !== "dormant" && row.kind !== "reactivated") continue;
    const [month, group, days] = row.key.split("|");
    if (!month || (group !== "treated" && group !== "holdout")) continue;
    const id = `${row.campaignId}|${row.key}|${row.variantKey}`;
    let cell = cells.get(id);
    if (!cell)
      cells.set(
        id,
        (cell = {
          campaignId: row.campaignId,
          month,
          group,
          days: Number(days),
          variantKey: row.variantKey,
          devices: 0,
          reactivated: 0,
        }),
      );
    if (row.kind === "dormant") cell.devices += row.count;
    else cell.reactivated += row.count;
  }
  return [...cells.values()];
}

// Treated vs holdout sums over the cells `keep` selects, with rates and the lift.
export function compareGroups(cells: readonly DormancyCell[], keep: (cell: DormancyCell) => boolean) {
  const sums = { treated: { devices: 0, reactivated: 0 }, holdout: { devices: 0, reactivated: 0 } };
  for (const cell of cells) {
    if (!keep(cell)) continue;
    sums[cell.group].devices += cell.devices;
    sums[cell.group].reactivated += cell.reactivated;
  }
  const lift =
    sums.holdout.devices > 0
      ? differenceOfProportions(
          sums.treated.reactivated,
          sums.treated.devices,
          sums.holdout.reactivated,
          sums.holdout.devices,
        )
      : null;
  return {
    treated: { ...sums.treated, rate: proportion(sums.treated.reactivated, sums.treated.devices) },
    holdout: { ...sums.holdout, rate: proportion(sums.holdout.reactivated, sums.holdout.devices) },
    lift,
  };
}

// A campaign's re-activation of devices dormant `dormantDays`+ days when targeted.
export function reactivationOf(cells: readonly DormancyCell[], dormantDays: number, windowHours: number): Reactivation {
  return { dormantDays, windowHours, ...compareGroups(cells, (cell) => cell.days >= dormantDays) };
}
