// The device API's OpenAPI 3.1 document, written by hand. tests/unit/api-openapi.test.ts checks
// that every route under app/api/v1 is described and that the examples pass the zod schemas.
import { channels, maxTagLength, maxTags, platforms } from "@/server/device-api/device-schema";
import { inboxDefaultLimit, inboxMaxLimit, inboxMaxWaitSeconds } from "@/server/inbox/query-schema";
import { eventTypes, maxEventIdLength, maxEventsPerBatch } from "@/server/analytics/events-schema";
import { maxBodyBytes, maxEventBatchBytes } from "./read-json";
import { problemBase, problemTypes } from "./problem";

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const tagItem = { type: "string", minLength: 1, maxLength: maxTagLength, description: "Trimmed, lower-cased; no control characters." };
const tagList = { type: "array", maxItems: maxTags, items: tagItem, description: `At most ${maxTags}; stored lower-case and de-duplicated.` };

// Request bodies that must validate against the zod schemas (checked by a unit test).
export const openApiExamples = {
  register: {
    installationId: "0b6f7c1e-3f0a-4d7e-9a51-2c4d8e6f1a23",
    platform: "android",
    channel: "fcm",
    token: "fcm-registration-token-from-the-sdk",
    locale: "zh-CN",
    timezone: "Asia/Shanghai",
    appVersion: "3.4.1",
    tags: ["vip", "beta", "city-shanghai"],
  },
  registerPoll: { installationId: "5d1c2b7a-8e4f-4a6b-b3c9-1f0e2d3c4b5a", platform: "web", channel: "poll" },
  patchAddRemove: { add: ["beta"], remove: ["trial"] },
  patchSet: { set: ["vip", "city-beijing"] },
  events: {
    events: <Json[]>[
      { eventId: "7f3c9a2e-0001", installationId: "0b6f7c1e-3f0a-4d7e-9a51-2c4d8e6f1a23", type: "received", messageId: "18342", occurredAt: "2026-11-25T08:00:02.120Z" },
      { eventId: "7f3c9a2e-0002", installationId: "0b6f7c1e-3f0a-4d7e-9a51-2c4d8e6f1a23", type: "clicked", messageId: "18342", actionId: "read-more", occurredAt: "2026-11-25T16:03:10+08:00" },
      { eventId: "7f3c9a2e-0003", installationId: "0b6f7c1e-3f0a-4d7e-9a51-2c4d8e6f1a23", type: "app_open", occurredAt: "2026-11-25T08:04:00Z" },
    ],
  },
} satisfies Record<string, Json>;

const rateLimitHeaders = {
  "RateLimit-Limit": { description: "Bucket capacity (burst) of this API key, per server process.", schema: { type: "integer" } },
  "RateLimit-Remaining": { description: "Requests left in the bucket right now.", schema: { type: "integer" } },
};

const problem = (description: string, slugs: (keyof typeof problemTypes)[], extraHeaders: Record<string, Json> = {}) => ({
  description: `${description} Problem types: ${slugs.map((s) => problemBase + s).join(", ")}.`,
  headers: { ...rateLimitHeaders, ...extraHeaders },
  content: { "application/problem+json": { schema: ref("Problem") } },
});

const commonProblems = {
  "401": problem("Missing or wrong API key.", ["unauthorized"], { "WWW-Authenticate": { schema: { type: "string", example: 'Bearer realm="herald"' } } }),
  "429": problem("This key is over its rate limit.", ["rate-limited"], { "Retry-After": { description: "Seconds to wait (integer ≥ 1).", schema: { type: "integer", minimum: 1 } } }),
  "500": problem("Unexpected server error (never for bad input).", ["internal-error"]),
};
const bodyProblems = {
  "400": problem("The body is not JSON.", ["malformed-json"]),
  "413": problem(`The body is over ${maxBodyBytes} bytes.`, ["payload-too-large"]),
  "415": problem("The body is not application/json.", ["unsupported-media-type"]),
};
const installationIdParameter = { name: "installationId", in: "path", required: true, schema: { type: "string", format: "uuid" } };
const pathProblem = { "400": problem("The installationId in the path is not a UUID.", ["invalid-parameter"]), "404": problem("This app has no such device.", ["not-found"]) };
const json = (schema: Json, examples?: Record<string, Json>) => ({
  "application/json": { schema, ...(examples ? { examples: Object.fromEntries(Object.entries(examples).map(([k, v]) => [k, { value: v }])) } : {}) },
});

// The document served at GET /api/v1/openapi.json.
export const openApiDocument = {
  openapi: "3.1.0",
  info: {
    title: "Herald device API",
    version: "1.0.0",
    description:
      "Registers devices and their tags, serves their inbox and records their events for one Herald app. Authenticate with the app's API key. " +
      "Rate limits are per API key and per server process (running N processes allows up to N × the limit). " +
      "A rotated key keeps working for up to 30 seconds while server caches expire.",
  },
  servers: [{ url: "/" }],
  security: [{ bearerKey: [] }, { headerKey: [] }],
  paths: {
    "/api/v1/devices": {
      post: {
        operationId: "registerDevice",
        summary: "Register or update a device by installationId (idempotent)",
        description:
          "Creates the device (201) or updates it (200). Omitted locale, timezone, appVersion and tags keep their stored values. " +
          "A token different from the stored one makes an unsubscribed or invalid device active again.",
        requestBody: { required: true, content: json(ref("RegisterDevice"), { fcm: openApiExamples.register, poll: openApiExamples.registerPoll }) },
        responses: {
          "200": { description: "Updated.", headers: rateLimitHeaders, content: json(ref("RegisterResult")) },
          "201": { description: "Created.", headers: rateLimitHeaders, content: json(ref("RegisterResult")) },
          "422": problem("A field is invalid.", ["invalid-body"]),
          ...bodyProblems,
          ...commonProblems,
        },
      },
    },
    "/api/v1/devices/{installationId}": {
      parameters: [installationIdParameter],
      get: {
        operationId: "getDevice",
        summary: "Read a device's public state",
        responses: { "200": { description: "The device.", headers: rateLimitHeaders, content: json(ref("Device")) }, ...pathProblem, ...commonProblems },
      },
      delete: {
        operationId: "unsubscribeDevice",
        summary: "Unsubscribe a device (idempotent): status unsubscribed, token cleared",
        responses: { "204": { description: "Unsubscribed (also when it already was).", headers: rateLimitHeaders }, ...pathProblem, ...commonProblems },
      },
    },
    "/api/v1/devices/{installationId}/tags": {
      parameters: [installationIdParameter],
      patch: {
        operationId: "patchDeviceTags",
        summary: "Add/remove tags, or replace them with set (atomic)",
        requestBody: { required: true, content: json(ref("PatchTags"), { addRemove: openApiExamples.patchAddRemove, set: openApiExamples.patchSet }) },
        responses: {
          "200": { description: "The device's tags after the change.", headers: rateLimitHeaders, content: json(ref("TagsResult")) },
          "422": problem("A field is invalid, or the result would exceed 100 tags.", ["invalid-body", "too-many-tags"]),
          ...pathProblem,
          ...bodyProblems,
          ...commonProblems,
        },
      },
    },
    "/api/v1/devices/{installationId}/inbox": {
      parameters: [installationIdParameter],
      get: {
        operationId: "readInbox",
        summary: "Fetch the device's messages after a cursor (ETag / 304, long-polling)",
        description:
          "Unexpired messages of this device, oldest first, after `after`. Pass the answer's `cursor` as `after` next time. " +
          `With wait > 0 and nothing new, the request is held until a message arrives or the wait ends (then an empty list, or 304). ` +
          "Fetching confirms receipt of poll-channel messages. Each message is the same JSON published over MQTT, plus its `cursor`.",
        parameters: [
          { name: "after", in: "query", required: false, schema: { type: "string", pattern: "^[0-9]{1,19}$" }, description: "The `cursor` of an earlier answer; omit for the oldest unexpired messages." },
          { name: "limit", in: "query", required: false, schema: { type: "integer", minimum: 1, maximum: inboxMaxLimit, default: inboxDefaultLimit } },
          { name: "wait", in: "query", required: false, schema: { type: "integer", minimum: 0, maximum: inboxMaxWaitSeconds, default: 0 }, description: "Seconds to wait for a new message (long-polling)." },
          { name: "If-None-Match", in: "header", required: false, schema: { type: "string" }, description: "The ETag of the previous answer for the same query: 304 when nothing changed." },
        ],
        responses: {
          "200": { description: "Messages (possibly none).", headers: { ...rateLimitHeaders, ETag: { schema: { type: "string" } } }, content: json(ref("Inbox")) },
          "304": { description: "Nothing changed since the ETag in If-None-Match.", headers: { ETag: { schema: { type: "string" } } } },
          "400": problem("A query parameter or the installationId is invalid.", ["invalid-query", "invalid-parameter"]),
          "404": pathProblem["404"],
          ...commonProblems,
        },
      },
    },
    "/api/v1/events": {
      post: {
        operationId: "recordEvents",
        summary: "Record a batch of device events (idempotent per eventId)",
        description:
          `Up to ${maxEventsPerBatch} events per request (${maxEventBatchBytes} bytes). Each event is checked on its own: the answer counts the accepted ones, ` +
          "the duplicates (an eventId this app already sent: retrying a batch is safe) and lists the refused ones with their index and reason. " +
          "Only a body that is not {events: [...]} fails as a whole. received, opened, clicked and dismissed update the message's delivery " +
          "(first time only; an open or click without a receipt counts as received too); app_open marks the device active. " +
          "Events older than 7 days or more than 5 minutes in the future are refused. A batch costs one request of the rate limit.",
        requestBody: { required: true, content: json(ref("EventBatch"), { batch: openApiExamples.events }) },
        responses: {
          "200": { description: "What happened to each event.", headers: rateLimitHeaders, content: json(ref("EventBatchResult")) },
          "400": problem("The body is not JSON, or not an object with an events array.", ["malformed-json", "invalid-batch"]),
          "413": problem(`The body is over ${maxEventBatchBytes} bytes, or holds more than ${maxEventsPerBatch} events.`, ["payload-too-large", "too-many-events"]),
          "415": bodyProblems["415"],
          ...commonProblems,
        },
      },
    },
    "/api/v1/openapi.json": {
      get: { operationId: "getOpenApi", summary: "This document", security: [], responses: { "200": { description: "OpenAPI 3.1 document.", content: json({ type: "object" }) } } },
    },
  },
  components: {
    securitySchemes: {
      bearerKey: { type: "http", scheme: "bearer", description: "Authorization: Bearer hk_<10 chars>_<secret>" },
      headerKey: { type: "apiKey", in: "header", name: "X-Api-Key" },
    },
    schemas: {
      RegisterDevice: {
        type: "object",
        additionalProperties: false,
        required: ["installationId", "platform", "channel"],
        properties: {
          installationId: { type: "string", format: "uuid", description: "The installation's own id, generated by the SDK." },
          platform: { type: "string", enum: [...platforms] },
          channel: { type: "string", enum: [...channels] },
          token: { type: "string", minLength: 1, maxLength: 4096, description: "Push token; required unless channel is mqtt or poll." },
          locale: { type: "string", description: "BCP 47 tag (en, zh-CN); stored canonical." },
          timezone: { type: "string", description: "IANA time zone (Asia/Shanghai) or UTC." },
          appVersion: { type: "string", minLength: 1, maxLength: 32 },
          tags: tagList,
        },
      },
      RegisterResult: {
        type: "object",
        required: ["id", "installationId", "created", "status"],
        properties: { id: { type: "string", format: "uuid" }, installationId: { type: "string", format: "uuid" }, created: { type: "boolean" }, status: ref("DeviceStatus") },
      },
      PatchTags: {
        type: "object",
        additionalProperties: false,
        description: "set replaces all tags and excludes add/remove; the result may hold at most 100 tags.",
        properties: { add: tagList, remove: tagList, set: tagList },
        minProperties: 1,
      },
      TagsResult: { type: "object", required: ["installationId", "tags"], properties: { installationId: { type: "string", format: "uuid" }, tags: { type: "array", items: { type: "string" } } } },
      DeviceStatus: { type: "string", enum: ["active", "invalid", "unsubscribed"] },
      InboxMessage: {
        type: "object",
        description: "One message, as published over MQTT, plus its cursor.",
        required: ["v", "messageId", "campaignId", "title", "body", "data", "sentAt", "priority", "cursor"],
        properties: {
          v: { type: "integer", const: 1 },
          messageId: { type: "string", description: "Delivery id: name it in receipts; de-duplicate on it." },
          campaignId: { type: "string", format: "uuid" },
          variant: { type: ["string", "null"] },
          locale: { type: ["string", "null"] },
          title: { type: "string" },
          body: { type: "string" },
          imageUrl: { type: ["string", "null"] },
          url: { type: ["string", "null"] },
          data: { type: "object", additionalProperties: { type: "string" } },
          sentAt: { type: "string", format: "date-time" },
          expiresAt: { type: ["string", "null"], format: "date-time" },
          collapseKey: { type: ["string", "null"] },
          priority: { type: "string", enum: ["high", "normal"] },
          cursor: { type: "string" },
        },
      },
      Inbox: {
        type: "object",
        required: ["messages", "cursor"],
        properties: { messages: { type: "array", items: ref("InboxMessage") }, cursor: { type: "string", description: "Pass as `after` on the next call." } },
      },
      Device: {
        type: "object",
        properties: {
          id: { type: "string", format: "uuid" },
          installationId: { type: "string", format: "uuid" },
          platform: { type: "string", enum: [...platforms] },
          channel: { type: "string", enum: [...channels] },
          hasToken: { type: "boolean", description: "Whether a push token is stored (the token itself is never returned)." },
          tags: { type: "array", items: { type: "string" } },
          locale: { type: ["string", "null"] },
          timezone: { type: ["string", "null"] },
          appVersion: { type: ["string", "null"] },
          status: ref("DeviceStatus"),
          lastActiveAt: { type: "string", format: "date-time" },
          createdAt: { type: "string", format: "date-time" },
          updatedAt: { type: "string", format: "date-time" },
        },
      },
      EventBatch: { type: "object", additionalProperties: false, required: ["events"], properties: { events: { type: "array", maxItems: maxEventsPerBatch, items: ref("DeviceEvent") } } },
      DeviceEvent: {
        type: "object",
        additionalProperties: false,
        required: ["eventId", "installationId", "type", "occurredAt"],
        description: "received, opened, clicked and dismissed name their message (messageId, or campaignId alone for this device's delivery of it).",
        properties: {
          eventId: { type: "string", minLength: 1, maxLength: maxEventIdLength, description: "The SDK's own id for the event, unique per app: a retried event with the same id counts once." },
          installationId: { type: "string", format: "uuid", description: "A device registered in this app." },
          type: { type: "string", enum: [...eventTypes] },
          campaignId: { type: ["string", "null"], format: "uuid" },
          messageId: { type: ["string", "null"], maxLength: maxEventIdLength, description: "The push's messageId (Herald's delivery id)." },
          actionId: { type: ["string", "null"], maxLength: maxEventIdLength, description: "Which action was tapped (clicked events only)." },
          occurredAt: { type: "string", format: "date-time", description: "When it happened on the device, with Z or an offset." },
        },
      },
      EventBatchResult: {
        type: "object",
        required: ["accepted", "duplicates", "refused"],
        properties: {
          accepted: { type: "integer", description: "Events recorded by this request." },
          duplicates: { type: "integer", description: "Events already recorded earlier (same eventId): not counted again." },
          refused: {
            type: "array",
            items: {
              type: "object",
              required: ["index", "eventId", "reason", "detail"],
              properties: {
                index: { type: "integer", description: "Position in the batch (from 0)." },
                eventId: { type: ["string", "null"] },
                reason: { type: "string", enum: ["unknown_device", "unknown_message", "foreign_campaign", "too_old", "in_future", "invalid"] },
                detail: { type: "string" },
              },
            },
          },
        },
      },
      Problem: {
        type: "object",
        description: "RFC 9457 problem details.",
        required: ["type", "title", "status", "detail"],
        properties: {
          type: { type: "string", format: "uri", enum: Object.keys(problemTypes).map((slug) => problemBase + slug) },
          title: { type: "string" },
          status: { type: "integer" },
          detail: { type: "string" },
          errors: { type: "array", items: { type: "object", required: ["path", "message"], properties: { path: { type: "string", example: "tags.3" }, message: { type: "string" } } } },
        },
      },
    },
  },
} as const;
