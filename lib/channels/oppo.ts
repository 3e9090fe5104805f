// OPPO Push: Android devices of OPPO, OnePlus and realme phones (ColorOS), addressed by the
// registration id the HeyTap push SDK gives the app. The app stores its AppKey and MasterSecret
// (Herald signs the auth request with them) and, optionally, the id of the private channel (私信
// 通道, "communication and service") it applied for. Sent by server/dispatch/providers/oppo.
import { z } from "zod";
import { optionalText, requiredText } from "./fields";
import { credentialDescription, type ChannelDescription } from "./types";

// The app page's form.
export const oppoForm = z.object({
  appKey: requiredText("oppoAppKeyRequired", "oppoAppKeyInvalid", /^[A-Za-z0-9]{6,64}$/),
  masterSecret: requiredText("oppoMasterSecretRequired", "oppoMasterSecretInvalid", /^[A-Za-z0-9]{6,128}$/),
  serviceChannelId: optionalText(/^[A-Za-z0-9_.-]{1,64}$/, "oppoChannelInvalid"),
});

// The sealed OPPO secret.
export type OppoSecret = z.output<typeof oppoForm>;

// The OPPO channel.
export const oppoChannel = {
  id: "oppo",
  name: "OPPO Push",
  credential: credentialDescription({
    form: oppoForm,
    secret: (input): OppoSecret => input,
    // Ids only: the MasterSecret is never shown again.
    summary: (secret) => ({ appKey: secret.appKey, serviceChannelId: secret.serviceChannelId }),
    required: true,
    missing: "No OPPO Push AppKey and MasterSecret are configured for this app (Apps → Provider credentials).",
  }),
  address: {
    kind: "token",
    maxLength: 512,
    description: "The OPPO Push registration id of the app installation.",
  },
  // OPPO's limit on action_parameters (the data the app receives), in characters.
  payloadBytes: 4000,
  // Title at most 50 characters; content 128 in the long-text style (style 2), which the provider
  // picks for a body over the standard style's 50 (open.oppomobile.com developmentDoc 11236).
  textChars: { title: 50, body: 128 },
} as const satisfies ChannelDescription<"oppo">;

// The content a standard-style (style 1) OPPO notification takes; longer goes out in the long-text style.
export const oppoStandardContentChars = 50;
