// Xiaomi MiPush: Android devices of Xiaomi, Redmi and POCO phones (MIUI / HyperOS), addressed by the
// registration id (regId) the MiPush SDK gives the app. The app stores its AppSecret, its package
// name and the ids of the two notification channels it applied for in the Xiaomi console: one
// private-message (私信, service) and one public-message (公信, marketing). Sent by
// server/dispatch/providers/xiaomi.
import { z } from "zod";
import { requiredText } from "./fields";
import { credentialDescription, type ChannelDescription } from "./types";

// An Android package name, as Xiaomi's restricted_package_name takes it.
const packageName = requiredText(
  "xiaomiPackageRequired",
  "xiaomiPackageInvalid",
  /^[A-Za-z][A-Za-z0-9_]*(\.[A-Za-z][A-Za-z0-9_]*)+$/,
);
// A channel id as the console shows it (digits; letters tolerated for older apps).
const channelId = (required: string) => requiredText(required, "xiaomiChannelInvalid", /^[A-Za-z0-9_.-]{1,64}$/);

// The app page's form.
export const xiaomiForm = z.object({
  appSecret: requiredText("xiaomiSecretRequired", "xiaomiSecretInvalid", /^[A-Za-z0-9+/=_-]{8,128}$/),
  packageName,
  serviceChannelId: channelId("xiaomiServiceChannelRequired"),
  marketingChannelId: channelId("xiaomiMarketingChannelRequired"),
});

// The sealed Xiaomi secret.
export type XiaomiSecret = z.output<typeof xiaomiForm>;

// The Xiaomi channel.
export const xiaomiChannel = {
  id: "xiaomi",
  name: "Xiaomi Push",
  credential: credentialDescription({
    form: xiaomiForm,
    secret: (input): XiaomiSecret => input,
    // Ids only: the AppSecret is never shown again.
    summary: (secret) => ({
      packageName: secret.packageName,
      serviceChannelId: secret.serviceChannelId,
      marketingChannelId: secret.marketingChannelId,
    }),
    required: true,
    missing: "No Xiaomi MiPush AppSecret is configured for this app (Apps → Provider credentials).",
  }),
  address: {
    kind: "token",
    maxLength: 512,
    description: "The MiPush registration id (regId) of the app installation.",
  },
  // MiPush's limit on the payload string (the data the app receives).
  payloadBytes: 4096,
  // MiPush wants a title under 50 and a description under 128 characters (dev.mi.com server API, pId=1559).
  textChars: { title: 49, body: 127 },
} as const satisfies ChannelDescription<"xiaomi">;
