// Huawei Push Kit (HMS Core, Android and HarmonyOS up to 4, API v1): devices with an HMS push token;
// the app stores its AppGallery Connect app id and app secret (the OAuth 2.0 client id and secret).
// Sent by server/dispatch/providers/hms.
import { z } from "zod";
import { digits, optionalText, printable, requiredText } from "./fields";
import { credentialDescription, type ChannelDescription } from "./types";

// The self-classified service categories Huawei accepts in android.category (HMSCore-References
// https-send-api, "AndroidConfig.category"); MARKETING is the marketing class, sent for promotions.
export const hmsServiceCategories = [
  "IM",
  "VOIP",
  "SUBSCRIPTION",
  "TRAVEL",
  "HEALTH",
  "WORK",
  "ACCOUNT",
  "EXPRESS",
  "FINANCE",
  "DEVICE_REMINDER",
  "MAIL",
] as const;
// One of them.
export type HmsServiceCategory = (typeof hmsServiceCategories)[number];

// The sealed HMS secret.
export interface HmsSecret {
  // The app id in AppGallery Connect, which is also the OAuth client id and the send URL's {appId}.
  appId: string;
  appSecret: string;
  // The category service messages (news, announcements) go out with once Huawei has granted the app
  // self-classification; null: the app has no such right, so every push goes as MARKETING.
  serviceCategory: HmsServiceCategory | null;
  // The receipt configuration id from AppGallery Connect (android.receipt_id), or null for the default.
  receiptId: string | null;
}

// The longest receipt configuration id the form takes (the payload budget measures a message with one).
export const hmsReceiptIdMaxLength = 64;

// The app page's form.
export const hmsForm = z.object({
  vendorAppId: requiredText("hmsAppIdRequired", "hmsAppIdInvalid", digits(4, 32)),
  appSecret: requiredText("hmsAppSecretRequired", "hmsAppSecretInvalid", printable(8, 256)),
  serviceCategory: optionalText(
    (value) => (hmsServiceCategories as readonly string[]).includes(value),
    "hmsServiceCategoryInvalid",
  ),
  receiptId: optionalText(printable(1, hmsReceiptIdMaxLength), "hmsReceiptIdInvalid"),
});

// The Huawei Push Kit channel.
export const hmsChannel = {
  id: "hms",
  name: "Huawei Push (HMS)",
  credential: credentialDescription({
    form: hmsForm,
    secret: (input): HmsSecret => ({
      appId: input.vendorAppId,
      appSecret: input.appSecret,
      serviceCategory: input.serviceCategory as HmsServiceCategory | null,
      receiptId: input.receiptId,
    }),
    // Ids only: the app secret never leaves the sealed credential.
    summary: (secret) => ({
      appId: secret.appId,
      serviceCategory: secret.serviceCategory,
      receiptId: secret.receiptId,
    }),
    required: true,
    missing: "No Huawei Push Kit app id and secret are configured for this app (Apps → Provider credentials).",
  }),
  address: { kind: "token", maxLength: 512, description: "The HMS push token of the app installation." },
  // Huawei's limit on the message body, tokens excluded (80300008 above it).
  payloadBytes: 4096,
} as const satisfies ChannelDescription<"hms">;
