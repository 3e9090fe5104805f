// The composer's schedule preview: the waves a campaign would go out in if it were submitted now,
// planned from the audience as it is right now exactly as submitting plans them (per-zone counts,
// lib/schedule's planWaves, quiet hours unless breaking news, then the throttle).
import "server-only";
import { z } from "zod";
import { scheduleInput } from "@/lib/campaigns/schedule-input";
import { campaignTypes } from "@/lib/campaigns/state";
import { quietHoursOf, respectsQuietHours, type QuietHours } from "@/lib/schedule";
import { db } from "@/server/db";
import { NotFoundError, UserError } from "@/server/errors";
import { audienceAst } from "./audience";
import { assertSchedule, resolveExpression } from "./compose";
import { planCampaignWaves } from "./queries";

// What the composer sends: the audience, what decides quiet hours (type, breaking), the throttle and the schedule.
export const schedulePreviewInput = z
  .object({
    appId: z.uuid(),
    type: z.enum(campaignTypes),
    breaking: z.boolean().default(false),
    segmentId: z.uuid().optional(),
    expression: z.string().max(4000).optional(),
    testDevicesOnly: z.boolean().default(false),
    throttlePerMinute: z.number().int().min(1).max(10_000_000).optional(),
    schedule: scheduleInput,
  })
  .strict();
export type SchedulePreviewInput = z.output<typeof schedulePreviewInput>;

// One planned wave as the composer shows it.
export interface PreviewWave {
  at: Date;
  // With a throttle a wave may start after `at` (the previous one is still sending).
  startsAt: Date;
  finishesAt: Date;
  timeZones: string[];
  devices: number;
  heldForQuietHours: boolean;
  late: boolean;
}

// The plan, with what the composer needs to explain it (app zone, quiet hours and whether they apply).
export interface SchedulePreview {
  waves: PreviewWave[];
  skipped: { timeZones: string[]; devices: number };
  audience: number;
  appTimeZone: string;
  quietHours: QuietHours | null;
  respectsQuietHours: boolean;
}

// Plans the waves for an unsaved campaign. Refuses (field errors, same keys as saving) an invalid
// schedule, an expression that does not parse and a segment of another app.
export async function previewCampaignSchedule(input: SchedulePreviewInput, now = new Date()): Promise<SchedulePreview> {
  assertSchedule(input.schedule, now);
  const app = await db.app.findUnique({
    where: { id: input.appId },
    select: { timezone: true, quietHoursStart: true, quietHoursEnd: true },
  });
  if (!app) throw new NotFoundError("App");
  const expression = await resolveExpression(db, input);
  // Throws a field error pointing at the failing position (planCampaignWaves would only say "does not parse").
  audienceAst(expression, input.testDevicesOnly);
  const plan = await planCampaignWaves(
    {
      appId: input.appId,
      type: input.type,
      breaking: input.breaking,
      schedule: input.schedule,
      throttlePerMinute: input.throttlePerMinute ?? null,
      testDevicesOnly: input.testDevicesOnly,
    },
    expression,
    app,
    now,
  );
  if (!plan.ok)
    throw new UserError("The waves cannot be planned: the app's time zone is not known.", {
      form: ["appTimeZoneUnknown"],
    });
  return {
    waves: plan.waves.map((w) => ({
      at: w.at,
      startsAt: w.startsAt,
      finishesAt: w.finishesAt,
      timeZones: w.timeZones,
      devices: w.devices,
      heldForQuietHours: w.heldForQuietHours,
      late: w.late,
    })),
    skipped: plan.skipped,
    audience: plan.audience,
    appTimeZone: app.timezone,
    quietHours: quietHoursOf(app),
    respectsQuietHours: respectsQuietHours(input),
  };
}
