// A campaign's plan: the waves of one run (lib/schedule's planWaves per time zone, with the app's quiet
// hours unless it is breaking news). Submitting plans a run once and hands that plan to the lifecycle,
// which stores it (CampaignWave rows and firstWaveAt) in the same transaction as the state change;
// approval and a recurring campaign's next run plan here too, and the detail page and the composer's
// preview show the same planning.
import "server-only";
import {
  NO_TIME_ZONE,
  planWaves,
  quietHoursOf,
  respectsQuietHours,
  type Schedule,
  type Wave,
  type WavePlan,
} from "@/lib/schedule";
import type { Tx } from "@/server/db";
import { audienceAst, audienceByTimeZone } from "./audience";

// What planning needs to know about a campaign: what decides quiet hours, its schedule and its app.
export interface PlanCampaign {
  type: string;
  breaking: boolean;
  schedule: unknown;
  app: { timezone: string; quietHoursStart: number | null; quietHoursEnd: number | null };
}

// The plan of `campaign` for an audience counted per time zone, at `now`.
export function planCampaign(
  campaign: PlanCampaign,
  zones: Record<string, number>,
  now: Date,
  graceSeconds?: number,
): WavePlan {
  return planWaves(campaign.schedule as Schedule, zones, {
    now,
    appTimeZone: campaign.app.timezone,
    quietHours: quietHoursOf(campaign.app),
    respectQuietHours: respectsQuietHours(campaign),
    graceSeconds,
  });
}

// What planning a run needs: the campaign, its audience and its app.
export interface RunPlanInput extends PlanCampaign {
  appId: string;
  expression: string | null;
  testDevicesOnly: boolean;
}

// One run's waves as planned at `at`: stored as that run's CampaignWave rows; the first wave's time
// (else `at` once the campaign is scheduled) is the campaign's firstWaveAt.
export interface RunPlan {
  at: Date;
  waves: Wave[];
}

// The waves of one run at or after `now`: [] when a recurring schedule has no run left. `zones` are
// the audience's devices per time zone when the caller has just counted them; otherwise they are counted.
export async function planRun(
  campaign: RunPlanInput,
  now: Date,
  zones?: Record<string, number>,
  graceSeconds?: number,
): Promise<Wave[]> {
  const counts =
    zones ??
    (await audienceByTimeZone(campaign.appId, audienceAst(campaign.expression, campaign.testDevicesOnly), now));
  // A run with nobody to reach still gets a wave: fan-out finds the audience as it is when due.
  if (Object.keys(counts).length === 0) counts[NO_TIME_ZONE] = 0;
  const plan = planCampaign(
    campaign,
    Object.fromEntries(Object.entries(counts).map(([zone, n]) => [zone, Math.max(n, 1)])),
    now,
    graceSeconds,
  );
  return plan.waves.map((wave) => ({
    ...wave,
    devices: wave.timeZones.reduce((sum, zone) => sum + (counts[zone] ?? 0), 0),
  }));
}

// Writes run `run`'s waves. Devices whose zone no wave names (a zone first seen after planning) go
// with the wave that holds the devices without a zone, else the first one.
export async function writeRunWaves(
  tx: Tx,
  campaignId: string,
  run: number,
  waves: Array<{ at: Date; timeZones: string[] }>,
  // An A/B roll-out's phase, and the index after the run's waves so far (its winner phase follows them).
  options: { phase?: "test" | "winner"; firstIndex?: number } = {},
) {
  if (!waves.length) return 0;
  const first = options.firstIndex ?? 0;
  const catchAll = Math.max(
    0,
    waves.findIndex((wave) => wave.timeZones.includes(NO_TIME_ZONE)),
  );
  // One wave with every zone of the audience is simply "everyone": no zone filter needed.
  const single = waves.length === 1;
  await tx.campaignWave.createMany({
    data: waves.map((wave, index) => ({
      campaignId,
      run,
      index: first + index,
      dueAt: wave.at,
      timeZones: single ? [] : wave.timeZones,
      catchAll: !single && index === catchAll,
      phase: options.phase ?? null,
    })),
    skipDuplicates: true,
  });
  return waves.length;
}
