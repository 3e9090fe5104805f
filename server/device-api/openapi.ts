// The device API's OpenAPI 3.1 document. Its schemas and parameters are generated from the zod
// schemas the routes validate with (openapi-schemas.ts); what is written here is what only the
// routes know: paths, summaries, status codes, headers and examples. tests/unit/api-openapi.test.ts
// checks that the router and the document describe the same paths and methods, and that the
// examples pass the zod schemas.
import { maxEventsPerBatch } from "@/server/analytics/events-schema";
import { receiptChannels, type ReceiptChannel } from "@/server/receipts/receipt-urls";
import { receiptVendors } from "@/server/receipts/vendors";
import {
  componentSchemas,
  receiptUrlParameters,
  inboxQueryParameters,
  channelParameter,
  installationIdParameter,
  schemaRef as ref,
  type ComponentName,
  type Json,
} from "./openapi-schemas";
import { problemBase, problemTypes } from "./problem";
import { maxBodyBytes, maxEventBatchBytes } from "./read-json";

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
  registerAddresses: {
    installationId: "9a7e3c51-2b8d-4f06-8c1e-5d4b3a291f70",
    platform: "android",
    brand: "HONOR",
    addresses: <Json[]>[{ channel: "honor", token: "honor-push-token-from-the-sdk" }, { channel: "mqtt" }],
    locale: "zh-CN",
    timezone: "Asia/Shanghai",
  },
  patchAddRemove: { add: ["beta"], remove: ["trial"] },
  patchSet: { set: ["vip", "city-beijing"] },
  events: {
    events: <Json[]>[
      {
        eventId: "7f3c9a2e-0001",
        installationId: "0b6f7c1e-3f0a-4d7e-9a51-2c4d8e6f1a23",
        type: "received",
        messageId: "18342",
        occurredAt: "2026-11-25T08:00:02.120Z",
      },
      {
        eventId: "7f3c9a2e-0002",
        installationId: "0b6f7c1e-3f0a-4d7e-9a51-2c4d8e6f1a23",
        type: "clicked",
        messageId: "18342",
        actionId: "read-more",
        occurredAt: "2026-11-25T16:03:10+08:00",
      },
      {
        eventId: "7f3c9a2e-0003",
        installationId: "0b6f7c1e-3f0a-4d7e-9a51-2c4d8e6f1a23",
        type: "app_open",
        occurredAt: "2026-11-25T08:04:00Z",
      },
      {
        eventId: "7f3c9a2e-0004",
        installationId: "0b6f7c1e-3f0a-4d7e-9a51-2c4d8e6f1a23",
        type: "custom",
        name: "purchase",
        value: 42.5,
        currency: "CNY",
        occurredAt: "2026-11-25T08:09:30Z",
      },
    ],
  },
} satisfies Record<string, Json>;

const rateLimitHeaders = {
  "RateLimit-Limit": {
    description: "Bucket capacity (burst) of this API key, per server process.",
    schema: { type: "integer" },
  },
  "RateLimit-Remaining": { description: "Requests left in the bucket right now.", schema: { type: "integer" } },
};

const problem = (
  description: string,
  slugs: (keyof typeof problemTypes)[],
  extraHeaders: Record<string, Json> = {},
) => ({
  description: `${description} Problem types: ${slugs.map((s) => problemBase + s).join(", ")}.`,
  headers: { ...rateLimitHeaders, ...extraHeaders },
  content: { "application/problem+json": { schema: ref("Problem") } },
});

const commonProblems = {
  "401": problem("Missing or wrong API key.", ["unauthorized"], {
    "WWW-Authenticate": { schema: { type: "string", example: 'Bearer realm="herald"' } },
  }),
  "429": problem("This key is over its rate limit.", ["rate-limited"], {
    "Retry-After": { description: "Seconds to wait (integer ≥ 1).", schema: { type: "integer", minimum: 1 } },
  }),
  "500": problem("Unexpected server error (never for bad input).", ["internal-error"]),
};
const bodyProblems = {
  "400": problem("The body is not JSON.", ["malformed-json"]),
  "413": problem(`The body is over ${maxBodyBytes} bytes.`, ["payload-too-large"]),
  "415": problem("The body is not application/json.", ["unsupported-media-type"]),
};
const pathProblem = {
  "400": problem("The installationId in the path is not a UUID.", ["invalid-parameter"]),
  "404": problem("This app has no such device.", ["not-found"]),
};
const json = (schema: Json, examples?: Record<string, Json>) => ({
  "application/json": {
    schema,
    ...(examples ? { examples: Object.fromEntries(Object.entries(examples).map(([k, v]) => [k, { value: v }])) } : {}),
  },
});

// The component schema of each vendor's receipt body.
const receiptSchemaOf: Record<ReceiptChannel, ComponentName> = {
  hms: "HuaweiReceipts",
  honor: "HuaweiReceipts",
  xiaomi: "XiaomiReceipts",
  oppo: "OppoReceipts",
  vivo: "VivoReceipts",
  jpush: "JpushReceipts",
};

// One path per vendor: its receipt callback (POST) and the URL check (GET).
function receiptPath(channel: ReceiptChannel) {
  const vendor = receiptVendors[channel];
  const answer = vendor.answer.body as Json;
  return {
    parameters: receiptUrlParameters,
    post: {
      operationId: `${channel}Receipts`,
      summary: `Receive ${vendor.name} receipts (idempotent)`,
      description:
        `${vendor.documented} ` +
        "Each receipt is matched by its campaign and token to the device's Delivery on this channel; " +
        "the same receipt again changes nothing. Sent by the vendor, not by apps: no API key.",
      security: [],
      requestBody: {
        required: true,
        content: {
          [vendor.media]: {
            schema: ref(receiptSchemaOf[channel]),
            examples: { receipt: { value: vendor.example as Json } },
          },
        },
      },
      responses: {
        [String(vendor.answer.status)]: {
          description: "Recorded; the answer the vendor expects.",
          content: json({ type: "object" }, { accepted: answer }),
        },
        "400": problem("The body is not the vendor's receipt shape.", ["invalid-receipt", "malformed-json"]),
        "401": problem("The vendor's signature or credentials are wrong.", ["invalid-signature"]),
        "403": problem("The app id or secret in the URL is wrong.", ["forbidden-receipt-url"]),
        "413": problem(`The body is over ${maxEventBatchBytes} bytes.`, ["payload-too-large"]),
        "415": problem(`The body is not ${vendor.media}.`, ["unsupported-media-type"]),
        "500": commonProblems["500"],
      },
    },
    get: {
      operationId: `${channel}ReceiptUrlCheck`,
      summary: `Answer a console's check of the ${vendor.name} receipt URL (echoes echostr)`,
      security: [],
      parameters: [{ name: "echostr", in: "query", required: false, schema: { type: "string", maxLength: 128 } }],
      responses: {
        "200": {
          description: "The echostr given, else `ok`.",
          content: { "text/plain": { schema: { type: "string" } } },
        },
        "400": problem("echostr is too long or not printable.", ["invalid-query"]),
        "403": problem("The app id or secret in the URL is wrong.", ["forbidden-receipt-url"]),
      },
    },
  };
}

const receiptPaths = Object.fromEntries(
  receiptChannels.map((channel) => [`/api/v1/receipts/${channel}/{appId}/{secret}`, receiptPath(channel)]),
);

const appIdParameter = {
  name: "appId",
  in: "path",
  required: true,
  schema: { type: "string", format: "uuid" },
  description: "The Herald app the callbacks are for.",
};
const aliyunSecretParameter = {
  name: "secret",
  in: "path",
  required: true,
  schema: { type: "string", minLength: 22, maxLength: 22 },
  description: "The app's Alibaba Cloud SMS callback secret (shown on the app page).",
};

// A Twilio webhook: a signed form; `answer` is what Herald answers.
function twilioPath(kind: "status" | "inbound") {
  return {
    parameters: [appIdParameter],
    post: {
      operationId: kind === "status" ? "twilioSmsStatus" : "twilioSmsInbound",
      summary:
        kind === "status"
          ? "Receive Twilio's message status callbacks (idempotent)"
          : "Receive inbound SMS from Twilio: STOP opts the number out, START opts it in again",
      description:
        "Sent by Twilio, not by apps: no API key. X-Twilio-Signature must be Twilio's signature of this URL " +
        "and the form with the app's auth token.",
      security: [],
      parameters: [{ name: "X-Twilio-Signature", in: "header", required: true, schema: { type: "string" } }],
      requestBody: {
        required: true,
        content: {
          "application/x-www-form-urlencoded": { schema: ref(kind === "status" ? "TwilioStatus" : "TwilioInbound") },
        },
      },
      responses: {
        ...(kind === "status"
          ? { "204": { description: "Recorded (or not a status Herald tracks)." } }
          : {
              "200": {
                description: "An empty TwiML response (Twilio answers the keywords itself).",
                content: { "text/xml": { schema: { type: "string" } } },
              },
            }),
        "400": problem("The path or form is not Twilio's.", ["invalid-parameter", "invalid-receipt"]),
        "401": problem("The signature is wrong, or the app has no Twilio credential.", ["invalid-signature"]),
        "413": problem(`The body is over ${maxEventBatchBytes} bytes.`, ["payload-too-large"]),
        "415": problem("The body is not a form.", ["unsupported-media-type"]),
        "500": commonProblems["500"],
      },
    },
  };
}

// An Alibaba Cloud SMS HTTP push.
function aliyunPath(kind: "report" | "up") {
  return {
    parameters: [appIdParameter, aliyunSecretParameter],
    post: {
      operationId: kind === "report" ? "aliyunSmsReports" : "aliyunSmsUp",
      summary:
        kind === "report"
          ? "Receive Alibaba Cloud SMS delivery receipts (SmsReport, idempotent)"
          : "Receive replies from phones (SmsUp): 退订 / TD / STOP opts the number out",
      description: "Sent by Alibaba Cloud in HTTP push mode, not by apps: no API key; the secret in the path.",
      security: [],
      requestBody: {
        required: true,
        content: json(ref(kind === "report" ? "AliyunSmsReports" : "AliyunSmsUp")),
      },
      responses: {
        "200": { description: "Recorded.", content: json({ type: "object" }, { accepted: { code: 0, msg: "成功" } }) },
        "400": problem("The body is not the vendor's shape.", [
          "invalid-receipt",
          "malformed-json",
          "invalid-parameter",
        ]),
        "403": problem("The app id or secret in the URL is wrong.", ["forbidden-receipt-url"]),
        "413": problem(`The body is over ${maxEventBatchBytes} bytes.`, ["payload-too-large"]),
        "415": problem("The body is not application/json.", ["unsupported-media-type"]),
        "500": commonProblems["500"],
      },
    },
  };
}

const smsPaths = {
  "/api/v1/sms/twilio/{appId}/status": twilioPath("status"),
  "/api/v1/sms/twilio/{appId}/inbound": twilioPath("inbound"),
  "/api/v1/sms/aliyun/{appId}/{secret}/report": aliyunPath("report"),
  "/api/v1/sms/aliyun/{appId}/{secret}/up": aliyunPath("up"),
};

// The document served at GET /api/v1/openapi.json.
export const openApiDocument = {
  openapi: "3.1.0",
  info: {
    title: "Herald device API",
    version: "1.0.0",
    description:
      "Registers devices and their tags, serves their inbox and records their events for one Herald app. " +
      "Authenticate with the app's API key. " +
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
          "Creates the device (201) or updates it (200). " +
          "Send one address as channel + token, or several as addresses (at most one per channel). " +
          "Only the addresses sent are added or updated; the device keeps its others. " +
          "Omitted locale, timezone, appVersion, tags and brand keep their stored values. " +
          "A token different from the stored one makes its address active again, and an unsubscribed or " +
          "invalid device with it. " +
          "A device with an mqtt address gets its MQTT access in `mqtt`: broker URL, client id, topics and, on " +
          "Herald's embedded broker, its own login (user name and an HMAC password derived from the app and " +
          "installation under Herald's MQTT device secret; never the API key). With it the device may subscribe " +
          "only to its messages topic and publish only to its receipts topic; the broker refuses anything else.",
        requestBody: {
          required: true,
          content: json(ref("RegisterDevice"), {
            fcm: openApiExamples.register,
            poll: openApiExamples.registerPoll,
            addresses: openApiExamples.registerAddresses,
          }),
        },
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
        responses: {
          "200": { description: "The device.", headers: rateLimitHeaders, content: json(ref("Device")) },
          ...pathProblem,
          ...commonProblems,
        },
      },
      delete: {
        operationId: "unsubscribeDevice",
        summary: "Unsubscribe a device (idempotent): status unsubscribed, tokens cleared",
        responses: {
          "204": { description: "Unsubscribed (also when it already was).", headers: rateLimitHeaders },
          ...pathProblem,
          ...commonProblems,
        },
      },
    },
    "/api/v1/devices/{installationId}/tags": {
      parameters: [installationIdParameter],
      patch: {
        operationId: "patchDeviceTags",
        summary: "Add/remove tags, or replace them with set (atomic)",
        requestBody: {
          required: true,
          content: json(ref("PatchTags"), { addRemove: openApiExamples.patchAddRemove, set: openApiExamples.patchSet }),
        },
        responses: {
          "200": {
            description: "The device's tags after the change.",
            headers: rateLimitHeaders,
            content: json(ref("TagsResult")),
          },
          "422": problem("A field is invalid, or the result would exceed 100 tags.", ["invalid-body", "too-many-tags"]),
          ...pathProblem,
          ...bodyProblems,
          ...commonProblems,
        },
      },
    },
    "/api/v1/devices/{installationId}/addresses/{channel}": {
      parameters: [installationIdParameter, channelParameter],
      delete: {
        operationId: "removeDeviceAddress",
        summary: "Remove the device's address on one channel (idempotent)",
        description: "The device becomes invalid when no active address is left; re-registering adds it back.",
        responses: {
          "204": { description: "Removed (also when there was none).", headers: rateLimitHeaders },
          "400": problem("The installationId or channel in the path is invalid.", ["invalid-parameter"]),
          "404": problem("This app has no such device.", ["not-found"]),
          ...commonProblems,
        },
      },
    },
    "/api/v1/devices/{installationId}/phone": {
      parameters: [installationIdParameter],
      put: {
        operationId: "setDevicePhoneNumber",
        summary: "Set the device's phone number for SMS signals, with the person's consent",
        description:
          "SMS signals stand in for a push that did not arrive (the app's SMS policy). The number is stored " +
          "encrypted and only ever answered and shown masked; the device gets an `sms` address. A later " +
          "consentAt lifts an earlier opt-out (STOP); the same number on another installation of the app moves here.",
        requestBody: {
          required: true,
          content: json(ref("PhoneNumber"), {
            phone: { number: "+8613812345678", consentAt: "2026-12-07T09:30:00+08:00" },
          }),
        },
        responses: {
          "200": {
            description: "The number, masked.",
            headers: rateLimitHeaders,
            content: json(ref("PhoneNumberResult")),
          },
          "409": problem("Another request set the same number at the same moment; try again.", ["conflict"]),
          "422": problem("The number is not E.164 or not valid, or consentAt is missing or in the future.", [
            "invalid-body",
          ]),
          ...pathProblem,
          ...bodyProblems,
          ...commonProblems,
        },
      },
      delete: {
        operationId: "deleteDevicePhoneNumber",
        summary: "Forget the device's phone number (idempotent); the same as removing its sms address",
        responses: {
          "204": { description: "Deleted (also when there was none).", headers: rateLimitHeaders },
          ...pathProblem,
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
          "Unexpired messages of this device, oldest first, after `after`. " +
          "Pass the answer's `cursor` as `after` next time. " +
          "Cursors are one increasing sequence shared by all devices, so they jump; an `after` past its end was " +
          "never returned and is refused (400 invalid-query): start again without `after`. " +
          "An ETag names one query: send If-None-Match only with the same `after` (and limit) it came with. " +
          `With wait > 0 and nothing new, the request is held until a message arrives or the wait ends ` +
          `(then an empty list, or 304). ` +
          "Fetching confirms receipt of poll-channel messages. " +
          "Each message is the same JSON published over MQTT, plus its `cursor`.",
        parameters: [
          ...inboxQueryParameters(),
          {
            name: "If-None-Match",
            in: "header",
            required: false,
            schema: { type: "string" },
            description: "The ETag of the previous answer for the same query: 304 when nothing changed.",
          },
        ],
        responses: {
          "200": {
            description: "Messages (possibly none).",
            headers: { ...rateLimitHeaders, ETag: { schema: { type: "string" } } },
            content: json(ref("Inbox")),
          },
          "304": {
            description: "Nothing changed since the ETag in If-None-Match.",
            headers: { ETag: { schema: { type: "string" } } },
          },
          "400": problem("A query parameter or the installationId is invalid, or `after` is past the last cursor.", [
            "invalid-query",
            "invalid-parameter",
          ]),
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
          `Up to ${maxEventsPerBatch} events per request (${maxEventBatchBytes} bytes). ` +
          "Each event is checked on its own: the answer counts the accepted ones, " +
          "the duplicates (an eventId this app already sent: retrying a batch is safe) " +
          "and lists the refused ones with their index and reason. " +
          "Only a body that is not {events: [...]} fails as a whole. " +
          "received, opened, clicked and dismissed update the message's delivery " +
          "(first time only; an open or click without a receipt counts as received too); " +
          "app_open marks the device active. " +
          "Events older than 7 days or more than 5 minutes in the future are refused. " +
          "A batch costs one request of the rate limit.",
        requestBody: { required: true, content: json(ref("EventBatch"), { batch: openApiExamples.events }) },
        responses: {
          "200": {
            description: "What happened to each event.",
            headers: rateLimitHeaders,
            content: json(ref("EventBatchResult")),
          },
          "400": problem("The body is not JSON, or not an object with an events array.", [
            "malformed-json",
            "invalid-batch",
          ]),
          "413": problem(
            `The body is over ${maxEventBatchBytes} bytes, or holds more than ${maxEventsPerBatch} events.`,
            ["payload-too-large", "too-many-events"],
          ),
          "415": bodyProblems["415"],
          ...commonProblems,
        },
      },
    },
    "/api/v1/webpush/vapid-public-key": {
      get: {
        operationId: "getVapidPublicKey",
        summary: "The app's VAPID public key, for a site's pushManager.subscribe()",
        description:
          "Web Push: pass `publicKey` as `applicationServerKey` to `pushManager.subscribe()`, then register " +
          "the subscription as a `webpush` address (its token is `JSON.stringify(subscription)`). " +
          "The key pair is generated on the first request and stays until an admin replaces it on the app page " +
          "(browsers must then subscribe again).",
        responses: {
          "200": { description: "The public key.", headers: rateLimitHeaders, content: json(ref("VapidPublicKey")) },
          ...commonProblems,
        },
      },
    },
    "/api/v1/openapi.json": {
      get: {
        operationId: "getOpenApi",
        summary: "This document",
        security: [],
        responses: { "200": { description: "OpenAPI 3.1 document.", content: json({ type: "object" }) } },
      },
    },
    ...receiptPaths,
    ...smsPaths,
  },
  components: {
    securitySchemes: {
      bearerKey: { type: "http", scheme: "bearer", description: "Authorization: Bearer hk_<10 chars>_<secret>" },
      headerKey: { type: "apiKey", in: "header", name: "X-Api-Key" },
    },
    schemas: componentSchemas(),
  },
} as const;
