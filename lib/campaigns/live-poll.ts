// How often the campaign page asks for fresh progress, by the campaign's state and how long ago it
// completed. Sending is followed every second; once it completed, receipts and opens still come in
// for hours (devices come online, people open the push later), so the page keeps asking, less and
// less often, for a day; after that the figures hardly move and a reload is enough. Failed requests
// back off. Pure, so the schedule is unit tested (the page also stops while its tab is hidden).

// States the worker moves on by itself: followed closely.
const moving: Record<string, number> = { scheduled: 1_000, sending: 1_000, paused: 5_000 };
// States only a person moves on (another one may, on another screen): checked now and then.
const waiting: Record<string, number> = { pending_approval: 10_000, draft: 30_000 };
// Final states: after completion, by time since then.
const tail: Array<[sinceMs: number, delayMs: number]> = [
  [2 * 60_000, 2_000],
  [15 * 60_000, 5_000],
  [60 * 60_000, 15_000],
  [24 * 3600_000, 60_000],
];
export const LIVE_TAIL_MS = tail[tail.length - 1]![0];
const maxBackoffMs = 60_000;

export interface PollFacts {
  state: string;
  // When it completed (or was cancelled / failed), ISO; null when it never did.
  completedAt: string | null;
}

// Milliseconds until the next request, or null to stop asking. `failures`: requests failed in a row.
export function nextPollDelay(facts: PollFacts, now: number, failures = 0): number | null {
  let delay: number | null = moving[facts.state] ?? waiting[facts.state] ?? null;
  if (delay === null) {
    const ended = facts.completedAt ? Date.parse(facts.completedAt) : NaN;
    if (Number.isNaN(ended)) return null;
    const since = Math.max(0, now - ended);
    delay = tail.find(([within]) => since < within)?.[1] ?? null;
    if (delay === null) return null;
  }
  if (failures > 0) delay = Math.min(maxBackoffMs, Math.max(delay, 1_000) * 2 ** Math.min(failures, 6));
  return delay;
}

const bannerStates = new Set(["scheduled", "sending", "paused", "completed", "cancelled", "failed"]);

// The campaign page's banner after a lifecycle button (key under campaigns.actions), or null for none:
// what the button did while that is still the state, then what the campaign is doing now. A campaign
// just scheduled whose sending starts at once says so, never that its waves go out "as planned".
export function bannerKey(state: string, announced: string | null, startsNow: boolean): string | null {
  if (!announced) return null;
  if (state === announced) return state === "scheduled" && startsNow ? "now.startingNow" : `done.${state}`;
  return bannerStates.has(state) ? `now.${state}` : null;
}
