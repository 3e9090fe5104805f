// The inbox endpoint's query string and answer (GET /api/v1/devices/{installationId}/inbox) as zod
// schemas: the handler validates the query with them, and the device API's OpenAPI document is
// generated from them (the `.meta()` descriptions are the document's).
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
    .pipe(z.int().min(min, `${field} must be at least ${min}`).max(max, `${field} must be at most ${max}`));

const maxBigint = 9223372036854775807n;

// A cursor is an inbox row id: a positive PostgreSQL bigint in decimal.
function isCursor(value: string): boolean {
  return /^[1-9]\d{0,18}$/.test(value) && BigInt(value) <= maxBigint;
}

// The query string: after (a cursor from an earlier answer), limit (1-100), wait (0-30 s).
export const inboxQuerySchema = z.object({
  after: z
    .string()
    .refine((v) => v === "0" || isCursor(v), "after must be a cursor returned by an earlier call (digits)")
    .meta({
      pattern: "^[0-9]{1,19}$",
      description: "The `cursor` of an earlier answer; omit for the oldest unexpired messages.",
    })
    .optional(),
  limit: digits("limit", 1, inboxMaxLimit).default(inboxDefaultLimit),
  wait: digits("wait", 0, inboxMaxWaitSeconds)
    .default(0)
    .meta({ description: "Seconds to wait for a new message (long-polling)." }),
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
  throw new ValidationError(
    `The query has invalid parameters: ${[...new Set(errors.map((e) => e.path))].join(", ")}.`,
    errors,
    "invalid-query",
  );
}

const nullableText = z.string().nullable().optional();

// One message as a device reads it: the JSON published over MQTT (DevicePayload) plus its cursor.
export const inboxMessageSchema = z
  .object({
    v: z.literal(1).meta({ type: "integer" }),
    messageId: z.string().meta({ description: "Delivery id: name it in receipts; de-duplicate on it." }),
    campaignId: z.uuid(),
    variant: nullableText,
    locale: nullableText,
    title: z.string(),
    body: z.string(),
    imageUrl: nullableText,
    url: nullableText,
    data: z.record(z.string(), z.string()),
    sentAt: z.iso.datetime(),
    expiresAt: z.iso.datetime().nullable().optional(),
    collapseKey: nullableText,
    priority: z.enum(["high", "normal"]),
    cursor: z.string(),
  })
  .meta({ description: "One message, as published over MQTT, plus its cursor." });

// The answer: messages oldest first, and the cursor to pass as `after` next time.
export const inboxAnswerSchema = z.object({
  messages: z.array(inboxMessageSchema),
  cursor: z.string().meta({ description: "Pass as `after` on the next call." }),
});
