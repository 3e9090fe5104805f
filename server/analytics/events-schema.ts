// Parsing of POST /api/v1/events: the envelope must be right (else the whole request is refused),
// each event is then checked on its own, so one bad event never fails the batch. Events that pass
// here still meet the database checks (device, message, campaign) in record-events.ts. The device
// API's OpenAPI document is generated from these schemas (their `.meta()` descriptions included).
import { z } from "zod";
import { controlCharacterPaths } from "@/lib/text/control-characters";
import { UserError, ValidationError, zodFieldIssues } from "@/server/errors";
import { isDeliveryId } from "@/server/receipts/mark-delivered";

export const eventTypes = ["received", "opened", "clicked", "dismissed", "app_open", "custom"] as const;
export type EventTypeName = (typeof eventTypes)[number];
export const maxEventsPerBatch = 500;
export const maxEventIdLength = 64;
// A custom event's name: a letter, then letters, digits, "_", "." or "-" (64 at most), e.g. "purchase".
export const customEventNamePattern = /^[A-Za-z][A-Za-z0-9_.-]{0,63}$/;
// ISO 4217 codes as this runtime knows them (Intl), for a custom event's currency.
const currencyCodes = new Set(Intl.supportedValuesOf("currency"));
// Events older than this are refused (too_old): analytics rollups would have moved on.
export const maxEventAgeMs = 7 * 24 * 3600_000;
// Device clocks drift; beyond this much in the future an event is refused (in_future).
export const maxEventSkewMs = 5 * 60_000;

// Why an event was refused.
export const refusalReasons = [
  "unknown_device",
  "unknown_message",
  "foreign_campaign",
  "too_old",
  "in_future",
  "invalid",
] as const;
export type RefusalReason = (typeof refusalReasons)[number];

// One event the client may not have recorded: its place in the batch and why.
export interface Refusal {
  index: number;
  eventId: string | null;
  reason: RefusalReason;
  detail: string;
}

// An event that passed every check that needs no database.
export interface ValidEvent {
  index: number;
  eventId: string;
  installationId: string;
  type: EventTypeName;
  campaignId: string | null;
  // A Delivery id (decimal), as pushes carry it.
  messageId: string | null;
  actionId: string | null;
  // custom events only (else null).
  name: string | null;
  value: number | null;
  currency: string | null;
  occurredAt: Date;
}

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
// PostgreSQL text cannot hold NUL, and control characters in ids only cause trouble downstream.
const plainText = /^[^\u0000-\u001f\u007f]*$/;
const identifier = (what: string) =>
  z
    .string()
    .min(1, `${what} must not be empty`)
    .max(maxEventIdLength, `${what} must be at most ${maxEventIdLength} characters`)
    .refine(
      (value) => plainText.test(value) && value.isWellFormed(),
      `${what} must not contain control characters or unpaired surrogates`,
    );
const uuid = z
  .string()
  .regex(uuidPattern, "Must be a UUID (8-4-4-4-12 hexadecimal digits)")
  .transform((value) => value.toLowerCase())
  .meta({ format: "uuid" });
const messageTypes: readonly string[] = ["received", "opened", "clicked", "dismissed"];

// One event as the SDK sends it. null counts as absent for the optional fields.
export const deviceEventSchema = z
  .strictObject({
    eventId: identifier("eventId").meta({
      description: "The SDK's own id for the event, unique per app: a retried event with the same id counts once.",
    }),
    installationId: uuid.meta({ description: "A device registered in this app." }),
    type: z.enum(eventTypes),
    campaignId: uuid.nullish(),
    messageId: identifier("messageId").nullish().meta({ description: "The push's messageId (Herald's delivery id)." }),
    actionId: identifier("actionId").nullish().meta({ description: "Which action was tapped (clicked events only)." }),
    name: z
      .string()
      .regex(customEventNamePattern, "Must start with a letter and hold only letters, digits, _, . or - (64 at most)")
      .nullish()
      .meta({ description: 'custom events only: the app\'s name for the event, e.g. "purchase".' }),
    value: z
      .number("Must be a finite number")
      .nullish()
      .meta({ description: "custom events only: a number, e.g. the purchase's amount (summed in reports)." }),
    currency: z
      .string()
      .refine((code) => currencyCodes.has(code), "Must be an ISO 4217 currency code in capitals, e.g. USD or CNY")
      .nullish()
      .meta({ description: "custom events only, with a value: its ISO 4217 currency." }),
    occurredAt: z.iso
      .datetime({ offset: true, error: "Must be an ISO 8601 date-time with Z or an offset" })
      .meta({ description: "When it happened on the device, with Z or an offset." }),
  })
  .superRefine((event, ctx) => {
    if (messageTypes.includes(event.type) && !event.messageId && !event.campaignId) {
      ctx.addIssue({
        code: "custom",
        path: ["messageId"],
        message: `A ${event.type} event names its message: messageId (or at least campaignId)`,
      });
    }
    if (event.actionId && event.type !== "clicked")
      ctx.addIssue({ code: "custom", path: ["actionId"], message: "Only clicked events carry an actionId" });
    if (event.type === "custom") {
      if (!event.name) ctx.addIssue({ code: "custom", path: ["name"], message: "A custom event needs a name" });
      for (const field of ["campaignId", "messageId"] as const)
        if (event[field])
          ctx.addIssue({
            code: "custom",
            path: [field],
            message: "Custom events name no message: conversions are attributed by time after the push",
          });
      if (event.currency && (event.value === null || event.value === undefined))
        ctx.addIssue({ code: "custom", path: ["currency"], message: "A currency goes with a value" });
    } else {
      for (const field of ["name", "value", "currency"] as const)
        if (event[field] !== null && event[field] !== undefined)
          ctx.addIssue({ code: "custom", path: [field], message: `Only custom events carry a ${field}` });
    }
  })
  .meta({
    description:
      "received, opened, clicked and dismissed name their message " +
      "(messageId, or campaignId alone for this device's delivery of it). custom events carry the app's own " +
      "name (e.g. purchase) and optionally a value and its currency; conversion goals count them.",
  });

// The envelope: {events: [...]}; each element is checked by deviceEventSchema afterwards.
export const eventBatchSchema = z.strictObject({ events: z.array(z.unknown()) });

// The batch as a client should send it (envelope and events in one schema, for the API document).
export const documentedEventBatchSchema = z.strictObject({ events: z.array(deviceEventSchema).max(maxEventsPerBatch) });

// The answer to a batch (record-events.ts EventBatchResult).
export const eventBatchResultSchema = z.object({
  accepted: z.int().meta({ description: "Events recorded by this request." }),
  duplicates: z.int().meta({ description: "Events already recorded earlier (same eventId): not counted again." }),
  refused: z.array(
    z.object({
      index: z.int().meta({ description: "Position in the batch (from 0)." }),
      eventId: z.string().nullable(),
      reason: z.enum(refusalReasons),
      detail: z.string(),
    }),
  ),
});

function describeIssues(error: z.ZodError): string {
  return zodFieldIssues(error)
    .map((e) => (e.path ? `${e.path}: ${e.message}` : e.message))
    .join("; ");
}

function eventIdOf(raw: unknown): string | null {
  if (typeof raw !== "object" || raw === null) return null;
  const id = (raw as { eventId?: unknown }).eventId;
  return typeof id === "string" && id.length <= maxEventIdLength ? id : null;
}

// Splits a request body into events to record and events refused without touching the database.
// Throws a ValidationError (invalid-batch) for a body that is not {events: [...]}, a 413 UserError
// (too-many-events) for more than 500 events.
export function parseEventBatch(body: unknown, now = Date.now()): { events: ValidEvent[]; refused: Refusal[] } {
  const envelope = eventBatchSchema.safeParse(body);
  if (!envelope.success) {
    throw new ValidationError(
      'The body must be {"events": [...]}: a JSON object whose only field is an array of events.',
      zodFieldIssues(envelope.error),
      "invalid-batch",
    );
  }
  const raw = envelope.data.events;
  if (raw.length > maxEventsPerBatch) {
    throw new UserError(
      `A batch holds at most ${maxEventsPerBatch} events; this one has ${raw.length}. Split it and send the parts.`,
      undefined,
      413,
      "too-many-events",
    );
  }
  const events: ValidEvent[] = [];
  const refused: Refusal[] = [];
  raw.forEach((item, index) => {
    const control = controlCharacterPaths(item);
    if (control.length > 0) {
      refused.push({
        index,
        eventId: eventIdOf(item),
        reason: "invalid",
        detail: `${control.join(", ")}: must not contain control characters (such as NUL)`,
      });
      return;
    }
    const parsed = deviceEventSchema.safeParse(item);
    if (!parsed.success) {
      refused.push({ index, eventId: eventIdOf(item), reason: "invalid", detail: describeIssues(parsed.error) });
      return;
    }
    const event = parsed.data;
    const occurredAt = new Date(event.occurredAt);
    const at = occurredAt.getTime();
    if (Number.isNaN(at)) {
      refused.push({ index, eventId: event.eventId, reason: "invalid", detail: "occurredAt: Not a real date" });
    } else if (at < now - maxEventAgeMs) {
      refused.push({
        index,
        eventId: event.eventId,
        reason: "too_old",
        detail: "occurredAt is more than 7 days ago; such events are no longer accepted",
      });
    } else if (at > now + maxEventSkewMs) {
      refused.push({
        index,
        eventId: event.eventId,
        reason: "in_future",
        detail: "occurredAt is more than 5 minutes ahead of the server's clock",
      });
    } else if (event.messageId && !isDeliveryId(event.messageId)) {
      refused.push({
        index,
        eventId: event.eventId,
        reason: "unknown_message",
        detail: "messageId is not a message Herald sent",
      });
    } else {
      events.push({
        index,
        eventId: event.eventId,
        installationId: event.installationId,
        type: event.type,
        campaignId: event.campaignId ?? null,
        messageId: event.messageId ?? null,
        actionId: event.actionId ?? null,
        name: event.name ?? null,
        value: event.value ?? null,
        currency: event.currency ?? null,
        occurredAt,
      });
    }
  });
  return { events, refused };
}
