// JPush (极光推送) v3: Android phones reached through JPush's own connection or, behind it, the phone
// makers' channels; addressed by the JPush registration id. The app stores its JPush AppKey and
// Master Secret. Sent by server/dispatch/providers/jpush.
import { z } from "zod";
import { requiredText } from "./fields";
import { credentialDescription, type ChannelDescription } from "./types";

// The sealed JPush secret.
export interface JpushSecret {
  appKey: string;
  masterSecret: string;
}

// The app page's form: both values are 24 hexadecimal characters in JPush's console.
export const jpushForm = z.object({
  appKey: requiredText("jpushAppKeyRequired", "jpushAppKeyInvalid", /^[0-9a-f]{24}$/i),
  masterSecret: requiredText("jpushMasterSecretRequired", "jpushMasterSecretInvalid", /^[0-9a-f]{24}$/i),
});

// The JPush channel.
export const jpushChannel = {
  id: "jpush",
  name: "JPush",
  credential: credentialDescription({
    form: jpushForm,
    secret: (input): JpushSecret => input,
    // The AppKey identifies the app; the Master Secret is never shown again.
    summary: (secret) => ({ appKey: secret.appKey }),
    required: true,
    missing: "No JPush credential is configured for this app (Apps → Provider credentials).",
  }),
  address: { kind: "token", maxLength: 64, description: "The JPush registration id of the app installation." },
  // JPush refuses an Android notification + message larger than 4000 bytes (error 1005).
  payloadBytes: 4000,
} as const satisfies ChannelDescription<"jpush">;
