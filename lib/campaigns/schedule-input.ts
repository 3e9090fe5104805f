// The shape of a schedule as the composer sends it. Only the structure is checked here; whether it
// makes sense (real dates, known zones, not in the past, cron syntax) is lib/schedule's validateSchedule.
import { z } from "zod";
import type { Schedule } from "@/lib/schedule";

const weekday = z.enum(["mon", "tue", "wed", "thu", "fri", "sat", "sun"]);
const text = z.string().trim().max(64);

export const scheduleInput: z.ZodType<Schedule> = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("now") }).strict(),
  z.object({ kind: z.literal("at"), date: text, time: text, timeZone: text }).strict(),
  z.object({ kind: z.literal("localTime"), date: text, time: text }).strict(),
  z
    .object({
      kind: z.literal("recurring"),
      rule: z.discriminatedUnion("kind", [
        z.object({ kind: z.literal("daily") }).strict(),
        z.object({ kind: z.literal("weekly"), weekdays: z.array(weekday).min(1).max(7) }).strict(),
        z.object({ kind: z.literal("cron"), expression: z.string().trim().max(200) }).strict(),
      ]),
      time: text.optional(),
      timeZone: text,
      startDate: text,
      endDate: text.optional(),
    })
    .strict(),
]);
