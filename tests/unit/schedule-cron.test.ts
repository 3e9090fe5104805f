// Cron parsing (lists, ranges, steps, names) and its error messages.
import { describe, expect, it } from "vitest";
import { cronMatchesDay, parseCron, type CronSpec } from "@/lib/schedule";

function parsed(expression: string): CronSpec {
  const result = parseCron(expression);
  if (!result.ok) throw new Error(result.error);
  return result.cron;
}

describe("parseCron", () => {
  it("parses lists, ranges, steps and stars", () => {
    const cron = parsed("0,30 9-17/4 * * *");
    expect(cron.minutes).toEqual([0, 30]);
    expect(cron.hours).toEqual([9, 13, 17]);
    expect(cron.daysOfMonth.size).toBe(31);
    expect(cron.months.size).toBe(12);
    expect([...cron.weekdays].sort()).toEqual([0, 1, 2, 3, 4, 5, 6]);
    expect(cron.dayOfMonthRestricted).toBe(false);
    expect(parsed("*/15 * * * *").minutes).toEqual([0, 15, 30, 45]);
    expect(parsed("10/20 * * * *").minutes).toEqual([10, 30, 50]);
    expect(parsed("5,1,3 * * * *").minutes).toEqual([1, 3, 5]);
  });

  it("accepts month and weekday names in any case, and 7 for Sunday", () => {
    const cron = parsed("0 9 * jan-MAR,Dec mon-fri");
    expect([...cron.months].sort((a, b) => a - b)).toEqual([1, 2, 3, 12]);
    expect([...cron.weekdays].sort()).toEqual([1, 2, 3, 4, 5]);
    expect([...parsed("0 9 * * 7").weekdays]).toEqual([0]);
    expect([...parsed("0 9 * * 5-7").weekdays].sort()).toEqual([0, 5, 6]);
  });

  it("tolerates surrounding and repeated whitespace", () => {
    expect(parsed("  0   9 * *  1 ").hours).toEqual([9]);
  });

  it.each([
    ["0 9 * *", "A cron expression needs 5 fields (minute hour day-of-month month day-of-week); got 4"],
    ["0 9 * * * *", "needs 5 fields"],
    ["", "got 0"],
    ["60 9 * * *", "minute: 60 is out of range 0-59"],
    ["0 24 * * *", "hour: 24 is out of range 0-23"],
    ["0 9 0 * *", "day-of-month: 0 is out of range 1-31"],
    ["0 9 * 13 *", "month: 13 is out of range 1-12"],
    ["0 9 * * 8", "day-of-week: 8 is out of range 0-7"],
    ["0 9 * * funday", 'day-of-week: "funday" is not a number or a name'],
    ["x 9 * * *", 'minute: "x" is not a number'],
    ["*/0 9 * * *", 'minute: step "0" must be a positive whole number'],
    ["*/a 9 * * *", 'step "a"'],
    ["1/2/3 9 * * *", 'minute: "1/2/3" has more than one "/"'],
    ["0 17-9 * * *", "hour: range 17-9 starts after it ends"],
    ["0 1-2-3 * * *", 'hour: "1-2-3" is not a range'],
    ["0 9- * * *", 'hour: "9-" is not a range'],
    ["0,,5 9 * * *", "minute: empty list item"],
    ["0 9 30 2 *", "never runs"],
    ["0 9 31 4,6,9,11 *", "never runs"],
  ])("rejects %j: %s", (expression, message) => {
    const result = parseCron(expression);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error).toContain(message);
  });

  it("allows February 29th and day-of-month with a weekday (either matches)", () => {
    expect(parseCron("0 9 29 2 *").ok).toBe(true);
    expect(parseCron("0 9 31 2 mon").ok).toBe(true);
  });
});

describe("cronMatchesDay", () => {
  it("needs both day fields when one is a star", () => {
    const weekdaysOnly = parsed("0 9 * * mon-fri");
    expect(cronMatchesDay(weekdaysOnly, 11, 25, 3)).toBe(true);
    expect(cronMatchesDay(weekdaysOnly, 11, 28, 6)).toBe(false);
    const firstOfMonth = parsed("0 9 1 * *");
    expect(cronMatchesDay(firstOfMonth, 12, 1, 2)).toBe(true);
    expect(cronMatchesDay(firstOfMonth, 12, 2, 3)).toBe(false);
  });

  it("matches either day field when both are restricted (Vixie cron)", () => {
    const cron = parsed("0 9 1,15 * fri");
    expect(cronMatchesDay(cron, 5, 1, 5)).toBe(true);
    expect(cronMatchesDay(cron, 5, 8, 5)).toBe(true);
    expect(cronMatchesDay(cron, 5, 15, 1)).toBe(true);
    expect(cronMatchesDay(cron, 5, 16, 6)).toBe(false);
  });

  it("respects the month field and treats a stepped star as unrestricted", () => {
    expect(cronMatchesDay(parsed("0 9 * 6 *"), 7, 1, 3)).toBe(false);
    const everyOtherDayOnMondays = parsed("0 9 */2 * mon");
    expect(everyOtherDayOnMondays.dayOfMonthRestricted).toBe(false);
    expect(cronMatchesDay(everyOtherDayOnMondays, 6, 3, 1)).toBe(true);
    expect(cronMatchesDay(everyOtherDayOnMondays, 6, 2, 1)).toBe(false);
    expect(cronMatchesDay(everyOtherDayOnMondays, 6, 3, 2)).toBe(false);
  });
});
