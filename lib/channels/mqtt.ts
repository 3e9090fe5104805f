// MQTT: Herald publishes each message to the device's own topic on a broker (the app's, or Herald's
// default one) and the device answers with a receipt. The app may store its broker's URL and login.
// Sent by server/dispatch/providers/mqtt; the topic layout is providers/mqtt/topics.ts.
import { z } from "zod";
import { credentialDescription, type ChannelDescription } from "./types";

const mqttSchemes = ["mqtt:", "mqtts:", "ws:", "wss:"];

// The sealed MQTT secret: a broker, Herald's login on it and the topic prefix.
export interface MqttSecret {
  brokerUrl: string;
  username: string | null;
  password: string | null;
  topicPrefix: string;
}

// The app page's form.
export const mqttForm = z.object({
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
  username: z
    .string()
    .optional()
    .transform((v) => v?.trim() || null),
  password: z
    .string()
    .optional()
    .transform((v) => v || null),
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

// The MQTT channel.
export const mqttChannel = {
  id: "mqtt",
  name: "MQTT",
  credential: credentialDescription({
    form: mqttForm,
    secret: (input): MqttSecret => input,
    summary: (secret) => ({
      brokerUrl: redactUrl(secret.brokerUrl),
      username: secret.username,
      topicPrefix: secret.topicPrefix,
    }),
    // Without one, the default broker (HERALD_MQTT_URL or the embedded one) carries the app's messages.
    required: false,
    missing: "No MQTT broker is configured for this app and the default broker is not running.",
  }),
  address: {
    kind: "installation",
    description: "The topic <prefix>/<appId>/devices/<installationId>/messages; no token.",
  },
  // Herald's own cap on one message; brokers allow far more, but devices on mobile links should not get more.
  payloadBytes: 64 * 1024,
} as const satisfies ChannelDescription<"mqtt">;
