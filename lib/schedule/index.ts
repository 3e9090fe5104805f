// Campaign scheduling, isomorphic (composer preview in the browser and the dispatcher): no I/O, Intl only.
//
// Decisions callers rely on:
// - Wall-clock times skipped by a DST change resolve to the end of the gap (02:30 -> 03:00 on a
//   spring-forward night); repeated ones to the earlier instant (pass "later" to zonedToUtc for the other).
// - Device-local schedules run in each device's zone; devices without a zone (key NO_TIME_ZONE) or with a
//   zone Intl does not know are scheduled in the app's zone but keep their own key in each wave.
// - One-off times already past in some zones follow PastLocalTimePolicy, "sendNow" (marked late) by
//   default; every plan says which policy it applied. Quiet hours still hold late sends.
// - Quiet hours are [start, end) in each device's local minutes; breaking news passes
//   respectQuietHours: false, and is exempted from frequency caps by simply not calling capDecision.
export * from "./types";
export {
  addDays,
  daysBetween,
  formatClock,
  formatLocalDate,
  parseClock,
  parseLocalDate,
  weekdayOf,
} from "./local-date";
export {
  isValidTimeZone,
  localTimeExists,
  offsetMinutesAt,
  startOfLocalDay,
  utcToZoned,
  zonedToUtc,
} from "./zoned-time";
export type { Disambiguation, ZonedParts } from "./zoned-time";
export { cronMatchesDay, parseCron } from "./cron";
export type { CronParseResult, CronSpec } from "./cron";
export { occurrences, SCAN_HORIZON_DAYS } from "./occurrences";
export type { Occurrence, OccurrenceWindow } from "./occurrences";
export { inQuietWindow, quietHoursEnd, quietHoursOf, respectsQuietHours } from "./quiet-hours";
export { DEFAULT_PAST_LOCAL_TIME, NO_TIME_ZONE, planWaves } from "./waves";
export type { PastLocalTimePolicy, Wave, WaveOptions, WavePlan } from "./waves";
export { capDecision, capWindows } from "./caps";
export type { CapDecision, FrequencyCaps, SendCounts, TimeWindow } from "./caps";
export { throttleWaves } from "./throttle";
export type { ThrottledWave } from "./throttle";
export { validateSchedule } from "./validate";
export type { ScheduleIssue, ScheduleIssueCode } from "./validate";
