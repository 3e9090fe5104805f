// Zod field builders the channels' credential forms share (ids, keys and secrets typed into the app
// page). Error messages are keys under "apps.errors". Isomorphic.
import { z } from "zod";

// A required text field: trimmed, `required` when empty, `invalid` unless it matches `pattern`.
export const requiredText = (required: string, invalid: string, pattern: RegExp) =>
  z.string(required).trim().min(1, { error: required, abort: true }).regex(pattern, invalid);

// An optional text field: trimmed, null when empty, `invalid` unless it matches `pattern` or passes `valid`.
export const optionalText = (valid: RegExp | ((value: string) => boolean), invalid: string) =>
  z
    .string()
    .optional()
    .transform((value) => value?.trim() || null)
    .refine((value) => value === null || (typeof valid === "function" ? valid(value) : valid.test(value)), invalid);

// `min` to `max` printable ASCII characters without spaces (vendors' ids, keys and secrets).
export const printable = (min: number, max: number) => new RegExp(`^[\\x21-\\x7e]{${min},${max}}$`);

// `min` to `max` decimal digits (vendors' numeric app ids).
export const digits = (min: number, max: number) => new RegExp(`^\\d{${min},${max}}$`);
