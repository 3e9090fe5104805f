// Honor Push (Honor phones, MagicOS): devices with an Honor push token; the app stores its Honor
// app id and the OAuth 2.0 client id and secret from the Honor developer console. Sent by
// server/dispatch/providers/honor.
import { z } from "zod";
import { digits, printable, requiredText } from "./fields";
import { credentialDescription, type ChannelDescription } from "./types";

// The sealed Honor secret.
export interface HonorSecret {
  // The send URL's {appId}.
  appId: string;
  clientId: string;
  clientSecret: string;
}

// The app page's form.
export const honorForm = z.object({
  vendorAppId: requiredText("honorAppIdRequired", "honorAppIdInvalid", digits(4, 32)),
  clientId: requiredText("honorClientIdRequired", "honorClientIdInvalid", printable(4, 128)),
  clientSecret: requiredText("honorClientSecretRequired", "honorClientSecretInvalid", printable(8, 256)),
});

// The Honor Push channel.
export const honorChannel = {
  id: "honor",
  name: "Honor Push",
  credential: credentialDescription({
    form: honorForm,
    secret: ({ vendorAppId, ...rest }): HonorSecret => ({ appId: vendorAppId, ...rest }),
    // Ids only: the client secret never leaves the sealed credential.
    summary: (secret) => ({ appId: secret.appId, clientId: secret.clientId }),
    required: true,
    missing: "No Honor Push app id and client credentials are configured for this app (Apps → Provider credentials).",
  }),
  address: { kind: "token", maxLength: 512, description: "The Honor push token of the app installation." },
  // Honor follows Huawei's 4096-byte message limit [unconfirmed for Honor; VENDORS.md §2].
  payloadBytes: 4096,
} as const satisfies ChannelDescription<"honor">;
