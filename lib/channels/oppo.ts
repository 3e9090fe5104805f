// OPPO Push: Android devices of OPPO, OnePlus and realme phones (ColorOS), addressed by the
// registration id the HeyTap push SDK gives the app. The app stores its AppKey and MasterSecret
// (Herald signs the auth request with them) and, optionally, the id of the private channel (私信
// 通道, "communication and service") it applied for. Sent by server/dispatch/providers/oppo.
import { z } from "zod";
import { credentialDescription, type ChannelDescription } from "./types";

// The app page's form.
export const oppoForm = z.object({
  appKey: z
    .string("oppoAppKeyRequired")
    .trim()
    .min(1, { error: "oppoAppKeyRequired", abort: true })
    .regex(/^[A-Za-z0-9]{6,64}$/, "oppoAppKeyInvalid"),
  masterSecret: z
    .string("oppoMasterSecretRequired")
    .trim()
    .min(1, { error: "oppoMasterSecretRequired", abort: true })
    .regex(/^[A-Za-z0-9]{6,128}$/, "oppoMasterSecretInvalid"),
  serviceChannelId: z
    .string()
    .optional()
    .transform((value) => value?.trim() || null)
    .refine((value) => value === null || /^[A-Za-z0-9_.-]{1,64}$/.test(value), "oppoChannelInvalid"),
});

// The sealed OPPO secret.
export type OppoSecret = z.output<typeof oppoForm>;

// The OPPO channel.
export const oppoChannel = {
  id: "oppo",
  name: "OPPO",
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
} as const satisfies ChannelDescription<"oppo">;
