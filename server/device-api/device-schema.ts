// Zod schemas for the public device API (/api/v1/devices). Tags are case-insensitive: they are
// trimmed, NFC-normalised and lower-cased, then de-duplicated keeping first-seen order.
import { z } from "zod";

export const platforms = ["android", "ios", "web", "harmony"] as const;
export const channels = ["fcm", "apns", "webpush", "hms", "xiaomi", "jpush", "mqtt", "poll", "sms", "xmpp"] as const;
// Channels that reach the installation itself (broker topic / inbox): no push token needed.
export const tokenlessChannels: readonly string[] = ["mqtt", "poll"];
export const maxTags = 100;
export const maxTagLength = 64;

const controlCharacters = /[\u0000-\u001f\u007f-\u009f]/;

// An installation id: any 8-4-4-4-12 hex UUID, stored lower-case.
export const installationIdSchema = z
  .string()
  .regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i, "Must be a UUID (8-4-4-4-12 hexadecimal digits)")
  .transform((value) => value.toLowerCase());

// One tag: 1..64 characters after trimming, no control characters; stored lower-case.
export const tagSchema = z
  .string()
  .transform((value) => value.trim().normalize("NFC"))
  .pipe(
    z
      .string()
      .min(1, "A tag must not be empty")
      .max(maxTagLength, `A tag must be at most ${maxTagLength} characters`)
      .refine((value) => !controlCharacters.test(value), "A tag must not contain control characters"),
  )
  .transform((value) => value.toLowerCase());

// Up to 100 tags, de-duplicated after normalisation.
export const tagListSchema = z
  .array(tagSchema)
  .max(maxTags, `At most ${maxTags} tags`)
  .transform((tags) => [...new Set(tags)]);

function canonicalLocale(value: string): string | null {
  try {
    return Intl.getCanonicalLocales(value)[0] ?? null;
  } catch {
    return null;
  }
}

// A BCP 47 language tag ("zh-CN", "en"), stored in canonical form ("zh-cn" -> "zh-CN").
export const localeSchema = z
  .string()
  .max(35, "A locale must be at most 35 characters")
  .transform((value, ctx) => {
    const canonical = canonicalLocale(value.trim());
    if (!canonical) {
      ctx.addIssue({ code: "custom", message: "Must be a BCP 47 language tag such as en or zh-CN" });
      return z.NEVER;
    }
    return canonical;
  });

const knownZones = new Map<string, string>();
for (const zone of [...Intl.supportedValuesOf("timeZone"), "UTC"]) knownZones.set(zone.toLowerCase(), zone);
const resolvedZones = new Map<string, string | null>();

// The canonical spelling of an IANA time zone name, or null when the runtime doesn't know it.
export function canonicalTimeZone(value: string): string | null {
  const key = value.toLowerCase();
  const known = knownZones.get(key);
  if (known) return known;
  if (resolvedZones.has(key)) return resolvedZones.get(key) ?? null;
  let resolved: string | null = null;
  try {
    // Accepts links such as Asia/Kolkata or US/Pacific and answers their ICU canonical name.
    resolved = new Intl.DateTimeFormat("en", { timeZone: value }).resolvedOptions().timeZone;
  } catch {
    resolved = null;
  }
  if (resolvedZones.size < 1000) resolvedZones.set(key, resolved);
  return resolved;
}

// An IANA time zone ("Asia/Shanghai", "UTC").
export const timeZoneSchema = z
  .string()
  .max(64, "A time zone must be at most 64 characters")
  .transform((value, ctx) => {
    const zone = canonicalTimeZone(value.trim());
    if (!zone) {
      ctx.addIssue({ code: "custom", message: "Must be an IANA time zone such as Asia/Shanghai or UTC" });
      return z.NEVER;
    }
    return zone;
  });

// POST /api/v1/devices. isTest is deliberately absent: only staff can mark test devices.
export const registerDeviceSchema = z
  .strictObject({
    installationId: installationIdSchema,
    platform: z.enum(platforms),
    channel: z.enum(channels),
    token: z.string().min(1, "A token must not be empty").max(4096, "A token must be at most 4096 characters").optional(),
    locale: localeSchema.optional(),
    timezone: timeZoneSchema.optional(),
    appVersion: z.string().trim().min(1).max(32, "An app version must be at most 32 characters").optional(),
    tags: tagListSchema.optional(),
  })
  .superRefine((body, ctx) => {
    if (body.token === undefined && !tokenlessChannels.includes(body.channel)) {
      ctx.addIssue({ code: "custom", path: ["token"], message: `A token is required for the ${body.channel} channel` });
    }
  });

export type RegisterDeviceInput = z.output<typeof registerDeviceSchema>;

// PATCH /api/v1/devices/{installationId}/tags: either `set`, or `add` and/or `remove`.
export const patchTagsSchema = z
  .strictObject({ add: tagListSchema.optional(), remove: tagListSchema.optional(), set: tagListSchema.optional() })
  .superRefine((body, ctx) => {
    if (body.set !== undefined && (body.add !== undefined || body.remove !== undefined)) {
      ctx.addIssue({ code: "custom", path: ["set"], message: "Use either set, or add/remove, not both" });
    }
    if (body.set === undefined && body.add === undefined && body.remove === undefined) {
      ctx.addIssue({ code: "custom", path: [], message: "Send at least one of add, remove or set" });
    }
  });

export type PatchTagsInput = z.output<typeof patchTagsSchema>;

// The device fields an SDK may read back (GET /api/v1/devices/{installationId}).
export const publicDeviceSchema = z.object({
  id: z.uuid(),
  installationId: z.uuid(),
  platform: z.enum(platforms),
  channel: z.enum(channels),
  hasToken: z.boolean(),
  tags: z.array(z.string()),
  locale: z.string().nullable(),
  timezone: z.string().nullable(),
  appVersion: z.string().nullable(),
  status: z.enum(["active", "invalid", "unsubscribed"]),
  lastActiveAt: z.string(),
  createdAt: z.string(),
  updatedAt: z.string(),
});

export type PublicDevice = z.output<typeof publicDeviceSchema>;

// Responses, described for the OpenAPI document and checked against its examples.
export const registerResultSchema = z.object({ id: z.uuid(), installationId: z.uuid(), created: z.boolean(), status: z.enum(["active", "invalid", "unsubscribed"]) });
export const tagsResultSchema = z.object({ installationId: z.uuid(), tags: z.array(z.string()) });
