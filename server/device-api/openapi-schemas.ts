// JSON Schemas for the device API's OpenAPI document, generated from the zod schemas the routes
// validate with (zod 4's z.toJSONSchema), so a field, limit, enum or description cannot drift from
// what the API accepts and answers. Request bodies are described as the client sends them (zod's
// "input" side, before transforms), responses as the server writes them ("output").
//
// Why no OpenAPI library: zod-openapi 6 needs Node >= 22.14 (Herald supports Node 20) and its 5.x
// line is the superseded one; zod 4 already emits JSON Schema 2020-12, the dialect OpenAPI 3.1
// uses, and what a library would add on top (paths, status codes, headers) is route-level
// knowledge that openapi.ts writes down either way.
import { z } from "zod";
import {
  documentedEventBatchSchema,
  deviceEventSchema,
  eventBatchResultSchema,
} from "@/server/analytics/events-schema";
import { inboxAnswerSchema, inboxMessageSchema, inboxQuerySchema } from "@/server/inbox/schema";
import {
  deviceAddressSchema,
  deviceStatusSchema,
  installationIdSchema,
  patchTagsSchema,
  phoneNumberResultSchema,
  phoneNumberSchema,
  publicDeviceSchema,
  registerDeviceSchema,
  registerResultSchema,
  vapidPublicKeySchema,
  tagsResultSchema,
} from "./device-schema";
import { problemBodySchema } from "./problem";
import {
  aliyunReportSchema,
  aliyunUpSchema,
  twilioInboundSchema,
  twilioStatusSchema,
} from "@/server/sms/webhook-schemas";
import { huaweiReceiptBodySchema } from "@/server/receipts/vendors/huawei-style";
import { jpushReceiptBodySchema } from "@/server/receipts/vendors/jpush";
import { oppoReceiptBodySchema } from "@/server/receipts/vendors/oppo";
import { vivoReceiptBodySchema } from "@/server/receipts/vendors/vivo";
import { xiaomiReceiptBodySchema } from "@/server/receipts/vendors/xiaomi";

// A JSON value (what the document is made of).
export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonSchema = { [key: string]: Json };
type Io = "input" | "output";

// Request bodies (and what they contain), by component name.
const requestComponents = {
  RegisterDevice: registerDeviceSchema,
  PatchTags: patchTagsSchema,
  EventBatch: documentedEventBatchSchema,
  DeviceEvent: deviceEventSchema,
  HuaweiReceipts: huaweiReceiptBodySchema,
  XiaomiReceipts: xiaomiReceiptBodySchema,
  OppoReceipts: oppoReceiptBodySchema,
  VivoReceipts: vivoReceiptBodySchema,
  JpushReceipts: jpushReceiptBodySchema,
  PhoneNumber: phoneNumberSchema,
  TwilioStatus: twilioStatusSchema,
  TwilioInbound: twilioInboundSchema,
  AliyunSmsReports: aliyunReportSchema,
  AliyunSmsUp: aliyunUpSchema,
};

// Response bodies (and what they contain), by component name.
const responseComponents = {
  RegisterResult: registerResultSchema,
  TagsResult: tagsResultSchema,
  DeviceStatus: deviceStatusSchema,
  Device: publicDeviceSchema,
  InboxMessage: inboxMessageSchema,
  Inbox: inboxAnswerSchema,
  EventBatchResult: eventBatchResultSchema,
  PhoneNumberResult: phoneNumberResultSchema,
  VapidPublicKey: vapidPublicKeySchema,
  Problem: problemBodySchema,
};

// The component names the document may refer to.
export type ComponentName = keyof typeof requestComponents | keyof typeof responseComponents;

// A reference to a component schema.
export const schemaRef = (name: ComponentName) => ({ $ref: `#/components/schemas/${name}` });

const options = (io: Io) => ({
  io,
  target: "draft-2020-12" as const,
  // Refinements and transforms have no JSON Schema; the document describes the shape around them.
  unrepresentable: "any" as const,
  // A `format` (uuid, date-time, uri) says what zod's long implementation regexes say, and says it
  // for every letter case the API accepts; keep the format and drop the regex.
  override: ({ jsonSchema }: { jsonSchema: Record<string, unknown> }) => {
    if (typeof jsonSchema.format === "string" && typeof jsonSchema.pattern === "string") delete jsonSchema.pattern;
    // z.int()'s safe-integer bounds are JavaScript's limit, not the API's.
    if (jsonSchema.minimum === Number.MIN_SAFE_INTEGER) delete jsonSchema.minimum;
    if (jsonSchema.maximum === Number.MAX_SAFE_INTEGER) delete jsonSchema.maximum;
    // Answers may gain fields; clients must not be told to refuse them.
    if (io === "output" && jsonSchema.additionalProperties === false) delete jsonSchema.additionalProperties;
  },
});

// Without the keys that belong to a standalone JSON Schema document, not to an OpenAPI component.
function clean(schema: object): JsonSchema {
  return Object.fromEntries(
    Object.entries(schema as JsonSchema).filter(([key]) => !["$schema", "$id", "id"].includes(key)),
  );
}

function generate(components: Record<string, z.ZodType>, io: Io): Record<string, JsonSchema> {
  const registry = z.registry<{ id: string }>();
  for (const [id, schema] of Object.entries(components)) registry.add(schema, { id });
  const { schemas } = z.toJSONSchema(registry, {
    ...options(io),
    metadata: z.globalRegistry,
    uri: (id) => `#/components/schemas/${id}`,
  });
  return Object.fromEntries(Object.entries(schemas).map(([id, schema]) => [id, clean(schema)]));
}

// components.schemas: every request and response body, nested components as $refs.
export function componentSchemas(): Record<string, JsonSchema> {
  return { ...generate(requestComponents, "input"), ...generate(responseComponents, "output") };
}

// The JSON Schema of one value (a path or query parameter).
export function valueSchema(schema: z.ZodType, io: Io): JsonSchema {
  return clean(z.toJSONSchema(schema, options(io)));
}

// The {installationId} path parameter.
export const installationIdParameter = {
  name: "installationId",
  in: "path",
  required: true,
  schema: valueSchema(installationIdSchema, "input"),
};

// The {channel} path parameter of an address.
export const channelParameter = {
  name: "channel",
  in: "path",
  required: true,
  schema: valueSchema(deviceAddressSchema.shape.channel, "input"),
};

// The {appId} and {secret} path parameters of a vendor's receipt URL.
export const receiptUrlParameters = [
  {
    name: "appId",
    in: "path",
    required: true,
    schema: { type: "string", format: "uuid" },
    description: "The Herald app the receipts are for.",
  },
  {
    name: "secret",
    in: "path",
    required: true,
    schema: { type: "string", minLength: 22, maxLength: 22 },
    description: "The app's receipt secret for this vendor (part of the URL Herald gives the vendor).",
  },
];

// The inbox's query parameters, one per field of inboxQuerySchema (described as the parsed values).
export function inboxQueryParameters(): JsonSchema[] {
  return Object.entries(inboxQuerySchema.shape).map(([name, field]) => {
    const { description, ...schema } = valueSchema(field, "output");
    return {
      name,
      in: "query",
      required: !field.safeParse(undefined).success,
      schema,
      ...(description === undefined ? {} : { description }),
    };
  });
}
