// Zod schemas for the public device API (/api/v1/devices): the routes validate with them and the
// OpenAPI document (openapi.ts) is generated from them, so their `.meta()` descriptions are the
// document's. Tags are case-insensitive: they are trimmed, NFC-normalised and lower-cased, then
// de-duplicated keeping first-seen order.
import { z } from "zod";
import { apnsTokenPattern } from "@/lib/channels/apns";
import { deviceChannels, devicePlatforms } from "@/lib/channels/devices";
import { canonicalBareJid } from "@/lib/channels/xmpp";
import { makerOfBrand, makers } from "@/lib/devices/makers";
import { subscriptionProblem, subscriptionToken, type WebPushSubscription } from "@/lib/channels/webpush";

export const platforms = devicePlatforms;
export const channels = deviceChannels;
// Channels that reach the installation itself (broker topic / inbox): no push token needed.
export const tokenlessChannels: readonly string[] = ["mqtt", "poll"];
export const maxTags = 100;
export const maxTagLength = 64;

const controlCharacters = /[\u0000-\u001f\u007f-\u009f]/;

// An installation id: any 8-4-4-4-12 hex UUID, stored lower-case.
export const installationIdSchema = z
  .string()
  .regex(
    /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i,
    "Must be a UUID (8-4-4-4-12 hexadecimal digits)",
  )
  .transform((value) => value.toLowerCase())
  .meta({ format: "uuid" });

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
  .transform((value) => value.toLowerCase())
  .meta({ minLength: 1, maxLength: maxTagLength, description: "Trimmed, lower-cased; no control characters." });

// Up to 100 tags, de-duplicated after normalisation.
export const tagListSchema = z
  .array(tagSchema)
  .max(maxTags, `At most ${maxTags} tags`)
  .transform((tags) => [...new Set(tags)])
  .meta({ description: `At most ${maxTags}; stored lower-case and de-duplicated.` });

// A bounded string stored in the canonical form `canonical` gives its trimmed value; refused with
// `invalid` when there is none.
function canonicalText(
  length: { max: number; tooLong: string },
  canonical: (value: string) => string | null,
  invalid: string,
) {
  return z
    .string()
    .max(length.max, length.tooLong)
    .transform((value, ctx) => {
      const result = canonical(value.trim());
      if (!result) {
        ctx.addIssue({ code: "custom", message: invalid });
        return z.NEVER;
      }
      return result;
    });
}

function canonicalLocale(value: string): string | null {
  try {
    return Intl.getCanonicalLocales(value)[0] ?? null;
  } catch {
    return null;
  }
}

// A BCP 47 language tag ("zh-CN", "en"), stored in canonical form ("zh-cn" -> "zh-CN").
export const localeSchema = canonicalText(
  { max: 35, tooLong: "A locale must be at most 35 characters" },
  canonicalLocale,
  "Must be a BCP 47 language tag such as en or zh-CN",
).meta({ description: "BCP 47 tag (en, zh-CN); stored canonical." });

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
export const timeZoneSchema = canonicalText(
  { max: 64, tooLong: "A time zone must be at most 64 characters" },
  canonicalTimeZone,
  "Must be an IANA time zone such as Asia/Shanghai or UTC",
).meta({ description: "IANA time zone (Asia/Shanghai) or UTC." });

const tokenSchema = z
  .string()
  .min(1, "A token must not be empty")
  .max(4096, "A token must be at most 4096 characters")
  .refine((value) => !controlCharacters.test(value), "A token must not contain control characters")
  .meta({
    description:
      "Push token or registration id; required unless the channel is mqtt or poll. For apns, the device token " +
      "in hexadecimal (64 or more hex digits). For xmpp, the bare JID. " +
      "For webpush: the browser's PushSubscription as JSON, " +
      '{"endpoint":"https://…","keys":{"p256dh":"<65 bytes base64url>","auth":"<16 bytes base64url>"}}.',
  });

// One push address: a channel and the token (registration id) the vendor gave the app.
export const deviceAddressSchema = z.strictObject({ channel: z.enum(channels), token: tokenSchema.optional() });

// A webpush token is the browser's PushSubscription as JSON (JSON.stringify(subscription)): why it is
// refused, or null.
function webpushTokenProblem(token: string): string | null {
  let value: unknown;
  try {
    value = JSON.parse(token);
  } catch {
    return "A webpush token must be the PushSubscription as JSON";
  }
  const problem = subscriptionProblem(value);
  return problem ? `Invalid PushSubscription: ${problem}` : null;
}

// The stored form of a valid webpush token: endpoint and keys only, in a fixed order (expirationTime
// and anything else the browser adds are dropped), so the same subscription is the same token.
function webpushToken(token: string): string {
  return subscriptionToken(JSON.parse(token) as WebPushSubscription);
}

// POST /api/v1/devices. isTest is deliberately absent: only staff can mark test devices.
// `channel` + `token` is shorthand for one address; `addresses` lists several. Only the addresses
// sent are added or updated: a device's other addresses are kept.
export const registerDeviceSchema = z
  .strictObject({
    installationId: installationIdSchema.meta({ description: "The installation's own id, generated by the SDK." }),
    platform: z.enum(platforms),
    channel: z.enum(channels).meta({ description: "Shorthand for one address (with token)." }).optional(),
    token: tokenSchema.optional(),
    addresses: z
      .array(deviceAddressSchema)
      .min(1, "Send at least one address")
      .max(channels.length, `At most ${channels.length} addresses (one per channel)`)
      .meta({ description: "The device's push addresses to add or update, at most one per channel." })
      .optional(),
    brand: z
      .string()
      .trim()
      .min(1, "A brand must not be empty")
      .max(32, "A brand must be at most 32 characters")
      .refine((value) => !controlCharacters.test(value), "A brand must not contain control characters")
      .meta({ description: "The phone's brand as the OS reports it (HUAWEI, HONOR, Xiaomi, Redmi, OPPO, vivo, ...)." })
      .optional(),
    maker: z
      .enum(makers)
      .meta({ description: "The maker, when the SDK knows it; otherwise derived from brand." })
      .optional(),
    locale: localeSchema.optional(),
    timezone: timeZoneSchema.optional(),
    appVersion: z.string().trim().min(1).max(32, "An app version must be at most 32 characters").optional(),
    tags: tagListSchema.optional(),
  })
  .superRefine((body, ctx) => {
    if (body.channel === undefined && body.addresses === undefined) {
      ctx.addIssue({ code: "custom", path: ["addresses"], message: "Send channel (and token) or addresses" });
    }
    if (body.channel === undefined && body.token !== undefined) {
      ctx.addIssue({ code: "custom", path: ["channel"], message: "A token needs its channel" });
    }
    const all = [
      ...(body.channel === undefined
        ? []
        : [{ path: [] as (string | number)[], channel: body.channel, token: body.token }]),
      ...(body.addresses ?? []).map((address, i) => ({ path: ["addresses", i], ...address })),
    ];
    const seen = new Set<string>();
    for (const address of all) {
      if (address.token === undefined && !tokenlessChannels.includes(address.channel)) {
        const message = `A token is required for the ${address.channel} channel`;
        ctx.addIssue({ code: "custom", path: [...address.path, "token"], message });
      }
      if (address.channel === "xmpp" && address.token !== undefined && !canonicalBareJid(address.token)) {
        const message = "An xmpp token must be a bare JID such as user@example.com (no resource)";
        ctx.addIssue({ code: "custom", path: [...address.path, "token"], message });
      }
      // (A token over 4096 characters already has its own issue.)
      const token = address.token;
      if (address.channel === "apns" && token !== undefined && token.length <= 4096 && !apnsTokenPattern.test(token)) {
        const message = "An APNs device token is its hexadecimal form: 64 or more hex digits";
        ctx.addIssue({ code: "custom", path: [...address.path, "token"], message });
      }
      if (address.channel === "sms") {
        const message = "A phone number is set with PUT /api/v1/devices/{installationId}/phone, not as an address";
        ctx.addIssue({ code: "custom", path: [...address.path, "channel"], message });
      }
      if (address.channel === "webpush" && address.token !== undefined) {
        const problem = webpushTokenProblem(address.token);
        if (problem) ctx.addIssue({ code: "custom", path: [...address.path, "token"], message: problem });
      }
      if (seen.has(address.channel)) {
        const message = `The ${address.channel} channel is given twice`;
        ctx.addIssue({ code: "custom", path: [...address.path, "channel"], message });
      }
      seen.add(address.channel);
    }
  })
  .transform(({ channel, token, addresses, brand, maker, ...rest }) => ({
    ...rest,
    // The shorthand first, then the list, each with its token (null for mqtt and poll; a JID in its
    // canonical lower-case form, as receipts name it).
    addresses: [...(channel === undefined ? [] : [{ channel, token }]), ...(addresses ?? [])].map((address) => ({
      channel: address.channel,
      token:
        address.token === undefined
          ? null
          : address.channel === "xmpp"
            ? canonicalBareJid(address.token)
            : address.channel === "webpush" && address.token
              ? webpushToken(address.token)
              : address.token,
    })),
    brand,
    maker: maker ?? makerOfBrand(brand) ?? undefined,
  }));

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
  })
  .meta({
    description: `set replaces all tags and excludes add/remove; the result may hold at most ${maxTags} tags.`,
    minProperties: 1,
  });

export type PatchTagsInput = z.output<typeof patchTagsSchema>;

// How a device with an mqtt address reaches its broker (server/mqtt/device-access.ts).
export const mqttAccessSchema = z
  .object({
    brokerUrl: z.string().meta({
      description: "Where the device connects (mqtt://, mqtts://, ws:// or wss://).",
      example: "mqtt://push.example.com:1883",
    }),
    clientId: z.string().meta({
      description: "The client id to connect with; Herald's embedded broker refuses any other.",
      example: "6f1c2a40-1d7e-4c1a-9a51-2c4d8e6f1a23:0b6f5a1e-4c0e-4a55-9a77-3e1f1b2c9d10",
    }),
    username: z
      .string()
      .nullable()
      .meta({
        description:
          "The device's own broker login on Herald's embedded broker (<appId>:<installationId>); null when the " +
          "app's own broker (or the operator's) issues logins itself.",
      }),
    password: z
      .string()
      .nullable()
      .meta({
        description:
          "HMAC-SHA256 of the app and installation under Herald's MQTT device secret (base64url); it changes only " +
          "when that secret is rotated, so store the latest answer's. Never the app's API key.",
      }),
    topics: z.object({
      messages: z.string().meta({ description: "Subscribe here (QoS 1): the device's pushes." }),
      receipts: z.string().meta({ description: "Publish receipts here (QoS 1)." }),
    }),
  })
  .meta({
    description: "The device's MQTT access: it may subscribe only to its messages and publish only its receipts.",
  });

// A device's delivery status.
export const deviceStatusSchema = z.enum(["active", "invalid", "unsubscribed"]);

// The device fields an SDK may read back (GET /api/v1/devices/{installationId}).
export const publicDeviceSchema = z.object({
  id: z.uuid(),
  installationId: z.uuid(),
  platform: z.enum(platforms),
  brand: z.string().nullable(),
  maker: z.enum(makers).nullable(),
  addresses: z
    .array(
      z.object({
        channel: z.enum(channels),
        hasToken: z.boolean().meta({ description: "Whether a token is stored (the token itself is never returned)." }),
        status: z.enum(["active", "invalid"]),
        error: z.string().nullable().meta({ description: "The vendor's last error code for this address." }),
        errorAt: z.iso.datetime().nullable(),
      }),
    )
    .meta({ description: "The device's push addresses, in the order first registered." }),
  tags: z.array(z.string()),
  locale: z.string().nullable(),
  timezone: z.string().nullable(),
  appVersion: z.string().nullable(),
  status: deviceStatusSchema,
  lastActiveAt: z.iso.datetime(),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
  mqtt: mqttAccessSchema.optional().meta({ description: "Present when the device has an mqtt address." }),
});

export type PublicDevice = z.output<typeof publicDeviceSchema>;

// Responses, described for the OpenAPI document and checked against its examples.
export const registerResultSchema = z.object({
  id: z.uuid(),
  installationId: z.uuid(),
  created: z.boolean(),
  status: deviceStatusSchema,
  mqtt: mqttAccessSchema.optional().meta({ description: "Present when the device has an mqtt address." }),
});
export const tagsResultSchema = z.object({ installationId: z.uuid(), tags: z.array(z.string()) });

// PUT /api/v1/devices/{installationId}/phone: the device's phone number for SMS signals and when the
// person agreed to receive them. Stored sealed; answers and the console show it masked only.
export const phoneNumberSchema = z
  .strictObject({
    number: z
      .string()
      .max(32, "A phone number must be at most 32 characters")
      .meta({ description: "E.164: + then the country calling code and number, no spaces (+8613812345678)." }),
    consentAt: z.iso
      .datetime({ offset: true, message: "Must be an ISO 8601 date-time with a time zone" })
      .transform((value) => new Date(value))
      .meta({ description: "When the person agreed to receive SMS from the app; not in the future." }),
  })
  .meta({ description: "A phone number for SMS signals, with the person's consent." });

// The number as the API answers it: masked, never the number itself.
export const phoneNumberResultSchema = z.object({
  installationId: z.uuid(),
  phoneNumber: z.object({
    masked: z.string().meta({ example: "+86 *******5678" }),
    country: z.string().meta({ description: "ISO 3166-1 alpha-2 of the calling code; 001 non-geographic." }),
    consentAt: z.iso.datetime(),
    optedOutAt: z.iso
      .datetime()
      .nullable()
      .meta({ description: "Set when the person replied STOP; SMS signals are not sent until a new consent." }),
  }),
});
export type PhoneNumberResult = z.output<typeof phoneNumberResultSchema>;

// GET /api/v1/webpush/vapid-public-key: what a site passes to pushManager.subscribe().
export const vapidPublicKeySchema = z.object({
  publicKey: z.string().meta({
    description: "The app's VAPID public key, base64url (65 bytes): pushManager.subscribe's applicationServerKey.",
  }),
  subject: z.string().meta({ description: "The VAPID contact (mailto: or https:) push services see." }),
});
