// Turns a scheduled campaign into the waves of one run (lib/schedule's plan, per time zone), written
// in the same transaction as the state change so a scheduled campaign always has its waves.
import "server-only";
import { NO_TIME_ZONE, planWaves, type Schedule } from "@/lib/schedule";
import type { Tx } from "@/server/db";
import { audienceAst, audienceByTimeZone } from "./audience";

export interface RunPlanInput {
  id: string;
  appId: string;
  type: "news" | "announcement" | "promotion";
  breaking: boolean;
  expression: string | null;
  testDevicesOnly: boolean;
  schedule: Schedule;
  app: { timezone: string; quietHoursStart: number | null; quietHoursEnd: number | null };
}

// The waves of one run at or after `now`: [] when a recurring schedule has no run left.
export async function planRun(campaign: RunPlanInput, now: Date, zones?: Record<string, number>, graceSeconds?: number) {
  const counts = zones ?? (await audienceByTimeZone(campaign.appId, audienceAst(campaign.expression, campaign.testDevicesOnly), now));
  // A run with nobody to reach still gets a wave: fan-out finds the audience as it is when due.
  if (Object.keys(counts).length === 0) counts[NO_TIME_ZONE] = 0;
  const quiet = campaign.app.quietHoursStart !== null && campaign.app.quietHoursEnd !== null ? { start: campaign.app.quietHoursStart, end: campaign.app.quietHoursEnd } : null;
  const plan = planWaves(campaign.schedule, Object.fromEntries(Object.entries(counts).map(([zone, n]) => [zone, Math.max(n, 1)])), {
    now,
    appTimeZone: campaign.app.timezone,
    quietHours: quiet,
    respectQuietHours: !(campaign.type === "news" && campaign.breaking),
    graceSeconds,
  });
  return plan.waves.map((wave) => ({ ...wave, devices: wave.timeZones.reduce((sum, zone) => sum + (counts[zone] ?? 0), 0) }));
}

// Writes run `run`'s waves. Devices whose zone no wave names (a zone first seen after planning) go
// with the wave that holds the devices without a zone, else the first one.
export async function writeRunWaves(tx: Tx, campaignId: string, run: number, waves: Array<{ at: Date; timeZones: string[] }>) {
  if (!waves.length) return 0;
  const catchAll = Math.max(0, waves.findIndex((wave) => wave.timeZones.includes(NO_TIME_ZONE)));
  // One wave with every zone of the audience is simply "everyone": no zone filter needed.
  const single = waves.length === 1;
  await tx.campaignWave.createMany({
    data: waves.map((wave, index) => ({ campaignId, run, index, dueAt: wave.at, timeZones: single ? [] : wave.timeZones, catchAll: !single && index === catchAll })),
    skipDuplicates: true,
  });
  return waves.length;
}
