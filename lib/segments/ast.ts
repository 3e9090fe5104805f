// The audience expression's syntax tree and the value semantics that the in-memory evaluator and the
// SQL compiler must share exactly (version ordering, duration thresholds, ASCII case folding).
import { deviceChannels, devicePlatforms } from "@/lib/channels/devices";

// What a `platform` or `channel` condition may name: exactly what a device may register with.
export const SEGMENT_PLATFORMS = devicePlatforms;
export const SEGMENT_CHANNELS = deviceChannels;
export const DURATION_UNITS = ["m", "h", "d", "w"] as const;
export const COMPARISON_OPERATORS = ["=", "!=", ">", ">=", "<", "<="] as const;

export type SegmentPlatform = (typeof SEGMENT_PLATFORMS)[number];
export type SegmentChannel = (typeof SEGMENT_CHANNELS)[number];
export type DurationUnit = (typeof DURATION_UNITS)[number];
export type ComparisonOperator = (typeof COMPARISON_OPERATORS)[number];
export type DurationOperator = ">" | ">=" | "<" | "<=";

// Limits on what a parsed expression may contain.
export const SEGMENT_LIMITS = {
  maxLength: 4000,
  maxDepth: 32,
  maxTerms: 200,
  maxValueLength: 200,
  maxDurationMs: 100 * 366 * 86_400_000,
};

// A node of a parsed audience expression. `and`/`or` are n-ary (from `a and b` or `all(a, b)`).
export type SegmentNode =
  | { kind: "and"; children: SegmentNode[] }
  | { kind: "or"; children: SegmentNode[] }
  | { kind: "not"; child: SegmentNode }
  | { kind: "tag"; value: string }
  | { kind: "platform"; value: SegmentPlatform }
  | { kind: "channel"; value: SegmentChannel }
  | { kind: "locale"; value: string; prefix: boolean }
  | { kind: "timezone"; value: string; prefix: boolean }
  | { kind: "appVersion"; op: ComparisonOperator; version: string }
  | { kind: "lastActive"; op: DurationOperator; amount: number; unit: DurationUnit }
  | { kind: "createdAt"; op: DurationOperator; amount: number; unit: DurationUnit }
  | { kind: "test"; value: boolean };

// A leaf (a single condition on one device field).
export type SegmentTerm = Exclude<SegmentNode, { kind: "and" | "or" | "not" }>;

// The device fields an expression can look at (the in-memory evaluator's input).
export interface SegmentDevice {
  tags: readonly string[] | null;
  platform: string;
  // The channels the device has an active address on (`channel:x` asks for x among them).
  channels: readonly string[];
  locale: string | null;
  timezone: string | null;
  appVersion: string | null;
  lastActiveAt: Date;
  createdAt: Date;
  isTest: boolean;
}

export const UNIT_MS: Record<DurationUnit, number> = { m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };

// The instant `amount unit` before `now`: `lastActive>30d` means lastActiveAt < durationThreshold(now, 30, "d").
export function durationThreshold(now: Date, amount: number, unit: DurationUnit): Date {
  return new Date(now.getTime() - amount * UNIT_MS[unit]);
}

// Lower-cases A-Z only, so that JavaScript and PostgreSQL (translate()) agree whatever the collation.
export function foldAscii(value: string): string {
  return value.replace(/[A-Z]/g, (c) => c.toLowerCase());
}

// Leading dotted digits of a version, trailing ".0" parts dropped ("5.2.0-beta" -> "5.2"); null if none.
// The database applies the same two regular expressions (Device.appVersionKey, see versionKey).
export const VERSION_PREFIX_PATTERN = "^[0-9]+(?:\\.[0-9]+)*";
export const VERSION_TRAILING_ZEROS_PATTERN = "(\\.0+)+$";

// The comparable parts of a version string, or null when it has no leading number.
export function versionParts(version: string | null): bigint[] | null {
  if (version === null) return null;
  const match = new RegExp(VERSION_PREFIX_PATTERN).exec(version);
  if (!match) return null;
  return match[0]
    .replace(new RegExp(VERSION_TRAILING_ZEROS_PATTERN), "")
    .split(".")
    .map((part) => BigInt(part));
}

// The bytes of a version that sort like compareVersionParts; the database keeps the same for every
// device (the generated column Device.appVersionKey) so that version conditions are index ranges.
// Each part becomes its digits as letters a-j, after "#", after one "~" per digit beyond the first,
// parts joined by ".": compared byte by byte ("~" > "#" > "."), a longer number is bigger, numbers of
// one length compare digit by digit, and a version that is a prefix of another is smaller.
// ("5.10" -> "#f.~#ba"; the SQL builds it with regular expressions, which cannot count digits.)
export function versionKey(parts: bigint[]): Uint8Array {
  const text = parts.map((part) => {
    const digits = part.toString();
    return "~".repeat(digits.length - 1) + "#" + digits.replace(/[0-9]/g, (d) => String.fromCharCode(97 + Number(d)));
  });
  return new TextEncoder().encode(text.join("."));
}

// Compares two versions part by part; a shorter version that is a prefix of a longer one is smaller
// (PostgreSQL's array ordering).
export function compareVersionParts(a: bigint[], b: bigint[]): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    if (a[i] !== b[i]) return a[i] < b[i] ? -1 : 1;
  }
  return a.length - b.length;
}

// Whether `compare` (the sign of a comparison) satisfies `op`.
export function satisfies(op: ComparisonOperator, compare: number): boolean {
  switch (op) {
    case "=":
      return compare === 0;
    case "!=":
      return compare !== 0;
    case ">":
      return compare > 0;
    case ">=":
      return compare >= 0;
    case "<":
      return compare < 0;
    case "<=":
      return compare <= 0;
  }
}
