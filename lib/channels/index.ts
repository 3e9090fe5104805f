// The provider credentials an app can hold, one entry per channel: the form schema (FormData or
// object in, the secret to seal out) and the non-secret summary shown on the app page.
// Adding a channel (APNs .p8, HMS, Xiaomi, JPush, VAPID, SMS, XMPP) is one more entry here plus its
// form fields in components/apps/credential-fields.tsx. Error messages are keys under "apps.errors".
import { z } from "zod";
import type { Channel } from "@/server/generated/prisma/enums";

// A Firebase service-account key file, as downloaded from the Google Cloud console.
export const fcmServiceAccount = z.looseObject({
  type: z.literal("service_account", "fcmNotServiceAccount"),
  project_id: z.string("fcmProjectId").trim().min(1, "fcmProjectId"),
  client_email: z.email("fcmClientEmail"),
  private_key: z.string("fcmPrivateKey").refine((key) => key.trim().startsWith("-----BEGIN PRIVATE KEY-----"), "fcmPrivateKey"),
}, "fcmNotServiceAccount");
export type FcmSecret = z.output<typeof fcmServiceAccount>;

const fcmForm = z.object({
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

const mqttSchemes = ["mqtt:", "mqtts:", "ws:", "wss:"];

export interface MqttSecret { brokerUrl: string; username: string | null; password: string | null; topicPrefix: string }

const mqttForm = z.object({
  brokerUrl: z
    .string()
    .trim()
    .min(1, "mqttBrokerRequired")
    .refine((value) => {
      try {
        const url = new URL(value);
        return mqttSchemes.includes(url.protocol) && url.hostname.length > 0;
      } catch {
        return false;
      }
    }, "mqttBrokerInvalid"),
  username: z.string().optional().transform((v) => v?.trim() || null),
  password: z.string().optional().transform((v) => v || null),
  topicPrefix: z
    .string()
    .optional()
    .transform((v) => v?.trim() || "herald")
    .refine((v) => /^[A-Za-z0-9_\-/.]{1,64}$/.test(v) && !v.startsWith("/") && !v.endsWith("/"), "mqttTopicInvalid"),
});

// A broker URL with any embedded password removed, safe to show.
export function redactUrl(value: string): string {
  const url = new URL(value);
  url.password = "";
  return url.toString().replace(/\/$/, "");
}

interface CredentialKind<S extends z.ZodType, Secret> {
  form: S;
  // Method syntax on purpose: the table below is checked against this shape bivariantly.
  secret(input: z.output<S>): Secret;
  summary(secret: Secret): Record<string, string | null>;
}

function kind<S extends z.ZodType, Secret>(definition: CredentialKind<S, Secret>) {
  return definition;
}

export const credentialKinds = {
  fcm: kind({
    form: fcmForm,
    secret: (input): FcmSecret => input.serviceAccountJson,
    summary: (secret) => ({ projectId: secret.project_id, clientEmail: secret.client_email }),
  }),
  mqtt: kind({
    form: mqttForm,
    secret: (input): MqttSecret => input,
    summary: (secret) => ({ brokerUrl: redactUrl(secret.brokerUrl), username: secret.username, topicPrefix: secret.topicPrefix }),
  }),
} satisfies Partial<Record<Channel, CredentialKind<z.ZodType, unknown>>>;

export type CredentialChannel = keyof typeof credentialKinds;
export type CredentialSecret<C extends CredentialChannel> = ReturnType<(typeof credentialKinds)[C]["secret"]>;
export const credentialChannels = Object.keys(credentialKinds) as CredentialChannel[];

// The associated data a credential is sealed under: bound to its app and channel.
export function credentialContext(appId: string, channel: CredentialChannel): string {
  return `credential:${appId}:${channel}`;
}

// Validates form input for a channel: the secret to seal and its summary, or zod's error.
export function parseCredential(channel: CredentialChannel, raw: unknown) {
  const entry = credentialKinds[channel] as unknown as CredentialKind<z.ZodType, unknown>;
  const parsed = entry.form.safeParse(raw);
  if (!parsed.success) return { ok: false as const, error: parsed.error };
  const secret = entry.secret(parsed.data);
  return { ok: true as const, secret, summary: entry.summary(secret) };
}

// True for channels that keep a stored credential (the dispatcher records provider errors on it).
export function isCredentialChannel(channel: string): channel is CredentialChannel {
  return (credentialChannels as string[]).includes(channel);
}
