// The inbox endpoint's query string (GET /api/v1/devices/{installationId}/inbox), validated with zod.
import { z } from "zod";
import { ValidationError, zodFieldIssues } from "@/server/errors";

export const inboxMaxLimit = 100;
export const inboxDefaultLimit = 50;
export const inboxMaxWaitSeconds = 30;

const digits = (field: string, min: number, max: number) =>
  z
    .string()
    .regex(/^\d{1,3}$/, `${field} must be a whole number from ${min} to ${max}`)
    .transform(Number)
    .pipe(z.number().min(min, `${field} must be at least ${min}`).max(max, `${field} must be at most ${max}`));

const maxBigint = 9223372036854775807n;

// A cursor is an inbox row id: a positive PostgreSQL bigint in decimal.
function isCursor(value: string): boolean {
  return /^[1-9]\d{0,18}$/.test(value) && BigInt(value) <= maxBigint;
}

// The query string: after (a cursor from an earlier answer), limit (1-100), wait (0-30 s).
export const inboxQuerySchema = z.object({
  after: z.string().refine((v) => v === "0" || isCursor(v), "after must be a cursor returned by an earlier call (digits)").optional(),
  limit: digits("limit", 1, inboxMaxLimit).default(inboxDefaultLimit),
  wait: digits("wait", 0, inboxMaxWaitSeconds).default(0),
});
export type InboxQuery = z.output<typeof inboxQuerySchema>;

// The query parameters, or a ValidationError (invalid-query) naming the bad ones.
export function parseInboxQuery(url: URL): InboxQuery {
  const raw: Record<string, string> = {};
  for (const key of ["after", "limit", "wait"]) {
    const value = url.searchParams.get(key);
    if (value !== null) raw[key] = value;
  }
  const parsed = inboxQuerySchema.safeParse(raw);
  if (parsed.success) return parsed.data;
  const errors = zodFieldIssues(parsed.error);
  throw new ValidationError(`The query has invalid parameters: ${[...new Set(errors.map((e) => e.path))].join(", ")}.`, errors, "invalid-query");
}
