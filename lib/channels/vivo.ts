// vivo Push: vivo and iQOO phones, addressed by the regId the vivo push SDK issued; the app stores
// the App ID, App key and App secret from the vivo developer console (Push service). Sent by
// server/dispatch/providers/vivo.
import { z } from "zod";
import { digits, requiredText } from "./fields";
import { credentialDescription, type ChannelDescription } from "./types";

// The sealed vivo secret: the three values of the console's push service page.
export interface VivoSecret {
  appId: string;
  appKey: string;
  appSecret: string;
}

// The app page's form. vivo's App ID is a number; the key and secret are opaque strings.
export const vivoForm = z.object({
  appId: requiredText("vivoAppIdRequired", "vivoAppIdInvalid", digits(1, 18)),
  appKey: z.string("vivoAppKeyRequired").trim().min(1, "vivoAppKeyRequired").max(128, "vivoAppKeyRequired"),
  appSecret: z.string("vivoAppSecretRequired").trim().min(1, "vivoAppSecretRequired").max(128, "vivoAppSecretRequired"),
});

// The vivo channel.
export const vivoChannel = {
  id: "vivo",
  name: "vivo Push",
  credential: credentialDescription({
    form: vivoForm,
    secret: (input): VivoSecret => input,
    // Ids only: the App key and App secret are never shown again.
    summary: (secret) => ({ appId: secret.appId }),
    required: true,
    missing: "No vivo Push credential is configured for this app (Apps → Provider credentials).",
  }),
  address: { kind: "token", maxLength: 128, description: "The regId the vivo push SDK gave the app installation." },
  // vivo caps the title at 40 and the content at 100 characters and the clientCustomMap at 1024
  // characters; Herald measures the whole notification and data against this budget.
  payloadBytes: 2048,
  // vivo server API v2.9.2, 2.1 单推 (title ≤ 40, content ≤ 100 characters).
  textChars: { title: 40, body: 100 },
} as const satisfies ChannelDescription<"vivo">;

// The most characters of keys and values vivo takes in clientCustomMap (the data the app receives).
export const vivoCustomMapChars = 1024;
