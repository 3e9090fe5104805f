// Campaign scheduling, isomorphic (browser preview and dispatcher): zoned time, runs, waves, quiet hours, caps.
export * from "./types";
export { addDays, daysBetween, formatClock, formatLocalDate, parseClock, parseLocalDate, weekdayOf } from "./local-date";
export { isValidTimeZone, localTimeExists, offsetMinutesAt, startOfLocalDay, utcToZoned, zonedToUtc } from "./zoned-time";
export type { Disambiguation, ZonedParts } from "./zoned-time";
export { cronMatchesDay, parseCron } from "./cron";
export type { CronParseResult, CronSpec } from "./cron";
export { occurrences, SCAN_HORIZON_DAYS } from "./occurrences";
export type { Occurrence, OccurrenceWindow } from "./occurrences";
export { inQuietWindow, quietHoursEnd } from "./quiet-hours";
export { DEFAULT_PAST_LOCAL_TIME, NO_TIME_ZONE, planWaves } from "./waves";
export type { PastLocalTimePolicy, Wave, WaveOptions, WavePlan } from "./waves";
export { capDecision, capWindows } from "./caps";
export type { CapDecision, FrequencyCaps, SendCounts, TimeWindow } from "./caps";
export { throttleWaves } from "./throttle";
export type { ThrottledWave } from "./throttle";
export { validateSchedule } from "./validate";
export type { ScheduleIssue, ScheduleIssueCode } from "./validate";
