// Five-field cron expressions (minute hour day-of-month month day-of-week): parsing with clear errors, day matching.

// A parsed expression. Day matching follows Vixie cron: when both day fields are restricted (neither starts
// with "*"), a day matches if EITHER matches; otherwise both must match.
export type CronSpec = {
  minutes: number[];
  hours: number[];
  daysOfMonth: Set<number>;
  months: Set<number>;
  weekdays: Set<number>;
  dayOfMonthRestricted: boolean;
  weekdayRestricted: boolean;
};

// parseCron's answer: the spec, or one message saying what is wrong and where.
export type CronParseResult = { ok: true; cron: CronSpec } | { ok: false; error: string };

type FieldRule = { name: string; min: number; max: number; names?: string[] };

const MONTH_NAMES = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];
const DAY_NAMES = ["sun", "mon", "tue", "wed", "thu", "fri", "sat"];
const FIELDS: FieldRule[] = [
  { name: "minute", min: 0, max: 59 },
  { name: "hour", min: 0, max: 23 },
  { name: "day-of-month", min: 1, max: 31 },
  { name: "month", min: 1, max: 12, names: MONTH_NAMES },
  { name: "day-of-week", min: 0, max: 7, names: DAY_NAMES },
];
const MAX_DAYS = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

class CronError extends Error {}

// "9" / "mon" / "JAN" -> number within the field's range, or a CronError naming the field.
function parseValue(text: string, field: FieldRule): number {
  const named = field.names?.indexOf(text.toLowerCase()) ?? -1;
  if (named >= 0) return field.name === "month" ? named + 1 : named;
  if (!/^\d+$/.test(text))
    throw new CronError(`${field.name}: "${text}" is not a number${field.names ? " or a name" : ""}`);
  const value = Number(text);
  if (value < field.min || value > field.max) {
    throw new CronError(`${field.name}: ${value} is out of range ${field.min}-${field.max}`);
  }
  return value;
}

// One comma-separated item: "*", "*/15", "5", "1-5", "1-5/2" or "10/5" (from 10 to the maximum, every 5).
function parseItem(item: string, field: FieldRule, into: Set<number>): void {
  if (item === "") throw new CronError(`${field.name}: empty list item`);
  const [range, stepText, extra] = item.split("/");
  if (extra !== undefined) throw new CronError(`${field.name}: "${item}" has more than one "/"`);
  let step = 1;
  if (stepText !== undefined) {
    if (!/^\d+$/.test(stepText) || Number(stepText) === 0) {
      throw new CronError(`${field.name}: step "${stepText}" must be a positive whole number`);
    }
    step = Number(stepText);
  }
  let low: number;
  let high: number;
  if (range === "*") [low, high] = [field.min, field.max];
  else if (range.includes("-")) {
    const [from, to, more] = range.split("-");
    if (more !== undefined || from === "" || to === "") throw new CronError(`${field.name}: "${range}" is not a range`);
    [low, high] = [parseValue(from, field), parseValue(to, field)];
    if (low > high) throw new CronError(`${field.name}: range ${range} starts after it ends`);
  } else {
    low = parseValue(range, field);
    high = stepText === undefined ? low : field.max;
  }
  for (let value = low; value <= high; value += step) into.add(value);
}

const parsedCache = new Map<string, CronParseResult>();
const PARSED_CACHE_SIZE = 200;

// Parses "minute hour day-of-month month day-of-week"; names (jan, mon) and 7 for Sunday are accepted.
// Results are cached (planning waves evaluates one expression once per zone); treat them as read-only.
export function parseCron(expression: string): CronParseResult {
  const cached = parsedCache.get(expression);
  if (cached) return cached;
  const result = parseUncached(expression);
  if (parsedCache.size >= PARSED_CACHE_SIZE) parsedCache.clear();
  parsedCache.set(expression, result);
  return result;
}

function parseUncached(expression: string): CronParseResult {
  const fields = typeof expression === "string" ? expression.trim().split(/\s+/).filter(Boolean) : [];
  if (fields.length !== 5) {
    return {
      ok: false,
      error: `A cron expression needs 5 fields (minute hour day-of-month month day-of-week); got ${fields.length}`,
    };
  }
  try {
    const sets = fields.map((text, index) => {
      const values = new Set<number>();
      for (const item of text.split(",")) parseItem(item, FIELDS[index], values);
      return values;
    });
    const weekdays = new Set([...sets[4]].map((day) => day % 7));
    const cron: CronSpec = {
      minutes: [...sets[0]].sort((a, b) => a - b),
      hours: [...sets[1]].sort((a, b) => a - b),
      daysOfMonth: sets[2],
      months: sets[3],
      weekdays,
      dayOfMonthRestricted: !fields[2].startsWith("*"),
      weekdayRestricted: !fields[4].startsWith("*"),
    };
    if (!cron.weekdayRestricted && !canEverMatch(cron)) {
      return {
        ok: false,
        error: "This cron expression never runs: no chosen day of the month exists in the chosen months",
      };
    }
    return { ok: true, cron };
  } catch (error) {
    if (error instanceof CronError) return { ok: false, error: error.message };
    throw error;
  }
}

// False for combinations such as "0 9 31 2 *" (February 31st) or "0 9 30 2 *".
function canEverMatch(cron: CronSpec): boolean {
  return [...cron.months].some((month) => [...cron.daysOfMonth].some((day) => day <= MAX_DAYS[month - 1]));
}

// Whether the cron runs on a calendar day (month 1..12, weekday 0 = Sunday).
export function cronMatchesDay(cron: CronSpec, month: number, day: number, weekday: number): boolean {
  if (!cron.months.has(month)) return false;
  const dayOfMonth = cron.daysOfMonth.has(day);
  const dayOfWeek = cron.weekdays.has(weekday);
  if (cron.dayOfMonthRestricted && cron.weekdayRestricted) return dayOfMonth || dayOfWeek;
  return dayOfMonth && dayOfWeek;
}
