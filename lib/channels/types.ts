// The shape of a channel description (lib/channels/<channel>.ts): what the UI, the apps domain and
// the dispatcher need to know about a push channel, without any of its vendor code. Isomorphic.
import type { z } from "zod";

// How a device of the channel is addressed: by a push token the vendor issued (sent at
// registration), or by its installation id alone (Herald's own broker topic or inbox).
export type ChannelAddress =
  { kind: "token"; maxLength: number; description: string } | { kind: "installation"; description: string };

// The credential an app stores for a channel: the form schema (FormData or object in), the secret
// to seal out of it, and the non-secret summary shown on the app page. Error messages are keys
// under "apps.errors".
export interface CredentialDescription<
  Form extends z.ZodType = z.ZodType,
  Secret = unknown,
  Required extends boolean = boolean,
> {
  form: Form;
  // Method syntax on purpose: descriptions are checked against this shape bivariantly.
  secret(input: z.output<Form>): Secret;
  summary(secret: Secret): Record<string, string | null>;
  // True when the channel cannot send without one; false when a default stands in (MQTT's broker).
  required: Required;
  // What a campaign pauses with when a required credential is missing.
  missing: string;
}

// One channel Herald sends through.
export interface ChannelDescription<
  Id extends string = string,
  Credential extends CredentialDescription | null = CredentialDescription | null,
> {
  // The channel's value in the database (Prisma's Channel enum) and the API.
  id: Id;
  // Its name in logs and pause reasons: the English one of enums.channel.<id> (the UI uses the translation).
  name: string;
  credential: Credential;
  address: ChannelAddress;
  // Largest message payload the channel carries, in bytes.
  payloadBytes: number;
  // The longest title and body the vendor takes, in characters as it counts them (code points: a
  // Chinese character or an emoji is one). The provider cuts longer text to fit, ending it with an
  // ellipsis, and the composer warns before it does. Absent: the vendor has no per-field limit.
  textChars?: { title: number; body: number };
}

// Types a credential description: the secret is inferred from `secret()`, its input from `form`.
export function credentialDescription<Form extends z.ZodType, Secret, const Required extends boolean>(
  definition: CredentialDescription<Form, Secret, Required>,
) {
  return definition;
}

// The secret a channel's provider is handed: its credential's (null when it is optional and the app
// has none), or null for a channel without credentials.
export type ProviderSecret<D extends ChannelDescription> =
  D["credential"] extends CredentialDescription<z.ZodType, infer Secret, infer Required>
    ? Required extends true
      ? Secret
      : Secret | null
    : null;
