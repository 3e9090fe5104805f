// Conversion goals, the parts that need no database: the window a campaign may choose, when a
// device's window starts and ends, and the per-group figures with the lift against the holdout.
//
// Attribution starts at the send, not the receipt or the open. The holdout gets no push, so it has
// neither; its window starts when the device would have been sent (its Delivery row's queuedAt, the
// moment fan-out held it out). Counting the pushed devices from their receipt would compare only the
// devices a push reached against every holdout device, and make the lift look larger than it is. So
// a pushed device counts from its sentAt (queuedAt when it was never sent: failed or still queued),
// and every device Herald tried to push to is in its variant's denominator (intent to treat).
import { proportion, twoProportionZTest } from "./stats";

export const HOLDOUT_GROUP = "holdout";
export const minGoalWindowSeconds = 3600;
export const maxGoalWindowSeconds = 30 * 86_400;
export const defaultGoalWindowSeconds = 86_400;

// What the report shows for one variant or the holdout.
export interface ConversionGroup {
  key: string;
  devices: number;
  conversions: number;
  // Goal events in the windows (a device that buys twice counts two events, one conversion).
  events: number;
  rate: number | null;
  // The goal events' values summed per currency ("" for values without one), largest first.
  values: Array<{ currency: string; value: number }>;
  // Against the holdout (null for the holdout itself or without one): rate minus the holdout's,
  // that difference relative to the holdout's rate, and the two-sided p-value of the difference.
  lift: { absolute: number; relative: number | null; pValue: number } | null;
}

export interface ConversionReport {
  goalEvent: string;
  windowSeconds: number;
  groups: ConversionGroup[];
  significanceLevel: number;
}

// The half-open window [start, start + window) of one device.
export function attributionWindow(start: Date, windowSeconds: number): { from: Date; to: Date } {
  return { from: start, to: new Date(start.getTime() + windowSeconds * 1000) };
}

// When a device's window opens: see the note at the top.
export function attributionStart(delivery: {
  status: string;
  reason: string | null;
  queuedAt: Date;
  sentAt: Date | null;
}): Date | null {
  if (delivery.status === "suppressed") return delivery.reason === "holdout" ? delivery.queuedAt : null;
  return delivery.sentAt ?? delivery.queuedAt;
}

// Whether an event at `at` falls in the window that opened at `start`.
export function inAttributionWindow(start: Date, windowSeconds: number, at: Date): boolean {
  const { from, to } = attributionWindow(start, windowSeconds);
  return at.getTime() >= from.getTime() && at.getTime() < to.getTime();
}

// Per-group rows from the counts, with each variant's lift against the holdout (when there is one).
export function conversionGroups(
  counts: Array<{ key: string; devices: number; conversions: number; events: number }>,
  values: Array<{ key: string; currency: string; value: number }>,
): ConversionGroup[] {
  const holdout = counts.find((c) => c.key === HOLDOUT_GROUP);
  const holdoutRate = holdout ? proportion(holdout.conversions, holdout.devices) : null;
  return [...counts]
    .sort((a, b) => (a.key === HOLDOUT_GROUP ? 1 : b.key === HOLDOUT_GROUP ? -1 : a.key.localeCompare(b.key)))
    .map((c) => {
      const rate = proportion(c.conversions, c.devices);
      const lift =
        c.key !== HOLDOUT_GROUP && holdout && holdoutRate !== null && rate !== null
          ? {
              absolute: rate - holdoutRate,
              relative: holdoutRate > 0 ? (rate - holdoutRate) / holdoutRate : null,
              pValue: twoProportionZTest(c.conversions, c.devices, holdout.conversions, holdout.devices).pValue,
            }
          : null;
      return {
        ...c,
        rate,
        values: values
          .filter((v) => v.key === c.key)
          .map((v) => ({ currency: v.currency, value: v.value }))
          .sort((a, b) => b.value - a.value || a.currency.localeCompare(b.currency)),
        lift,
      };
    });
}
