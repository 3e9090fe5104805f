// Firebase Cloud Messaging: Android, iOS (through APNs) and web devices with an FCM registration
// token; the app stores its Firebase service-account key. Sent by server/dispatch/providers/fcm.
import { z } from "zod";
import { credentialDescription, type ChannelDescription } from "./types";

// A Firebase service-account key file, as downloaded from the Google Cloud console.
export const fcmServiceAccount = z.looseObject(
  {
    type: z.literal("service_account", "fcmNotServiceAccount"),
    project_id: z.string("fcmProjectId").trim().min(1, "fcmProjectId"),
    client_email: z.email("fcmClientEmail"),
    private_key: z
      .string("fcmPrivateKey")
      .refine((key) => key.trim().startsWith("-----BEGIN PRIVATE KEY-----"), "fcmPrivateKey"),
  },
  "fcmNotServiceAccount",
);
// The sealed FCM secret: the whole service-account JSON.
export type FcmSecret = z.output<typeof fcmServiceAccount>;

// The app page's form: the key file's text, pasted.
export const fcmForm = z.object({
  serviceAccountJson: z
    .string()
    .trim()
    .min(1, "fcmJsonRequired")
    .transform((text, ctx) => {
      try {
        return JSON.parse(text) as unknown;
      } catch {
        ctx.addIssue({ code: "custom", message: "fcmJsonInvalid" });
        return z.NEVER;
      }
    })
    .pipe(fcmServiceAccount),
});

// The FCM channel.
export const fcmChannel = {
  id: "fcm",
  name: "FCM",
  credential: credentialDescription({
    form: fcmForm,
    secret: (input): FcmSecret => input.serviceAccountJson,
    summary: (secret) => ({ projectId: secret.project_id, clientEmail: secret.client_email }),
    required: true,
    missing: "No FCM service-account key is configured for this app (Apps → Provider credentials).",
  }),
  address: { kind: "token", maxLength: 4096, description: "The FCM registration token of the app installation." },
  // FCM's limit on a message's notification and data.
  payloadBytes: 4096,
} as const satisfies ChannelDescription<"fcm">;
