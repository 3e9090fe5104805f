// The Huawei Push Kit channel (HMS Core API v1) over Node's own https: FACTS.md found no well-kept
// Node server client for Huawei push. OAuth 2.0 client credentials (../oauth-token.ts; the app id is the client
// id), one POST /v1/{appId}/messages:send per rendered content with up to 1000 tokens (../content-groups.ts),
// each answer read by answer.ts: partial success marks only the illegal tokens invalid, 80300007
// marks all, 80200003 refreshes the access token once and sends again (verdict.ts, oauth-provider.ts), 503 is flow
// control (retry). Sources: HMSCore-References https-send-api-0000001050986197; HMSCore-Guides
// oauth2-0000001212610981; hms-push-serverdemo-java (url.properties, ResponceCodeProcesser);
// VENDORS.md §1, §9, §14.
import { hmsChannel, type HmsSecret } from "@/lib/channels/hms";
import type { ProviderCredentialInput, ProviderFactory, PushProvider } from "../types";
import { readHmsAnswer } from "./answer";
import { hmsBodyBytes, hmsMaxBodyBytes, hmsMessageFor, hmsRequestBody } from "./message";
import { createOauthProvider, verifyOauthCredential, type OauthVendor } from "./oauth-provider";
import { defaultHmsSettings, type HmsSettings } from "./settings";
import type { CredentialCheck } from "./verdict";

// Most tokens per send request (Huawei's limit; 80300010 above it).
export const hmsMaxBatch = 1000;

// Huawei Push Kit as an OAuth vendor: the app id is the OAuth client id.
const hms: OauthVendor<HmsSecret> = {
  name: "HMS",
  vendorName: "Huawei Push Kit",
  maxBatch: hmsMaxBatch,
  payloadBytes: hmsChannel.payloadBytes,
  defaults: defaultHmsSettings,
  tokenPath: "/oauth2/v3/token",
  oauth: (secret) => ({
    clientId: secret.appId,
    clientSecret: secret.appSecret,
    sendPath: `/v1/${encodeURIComponent(secret.appId)}/messages:send`,
  }),
  client: {
    headers: () => ({ "content-type": "application/json;charset=UTF-8" }),
    read: (answer) => readHmsAnswer(answer),
    // 80200001 for a fresh token: it was issued for another client id than the send URL's app id.
    refusedAfterRefresh: (code) =>
      code === "80200001"
        ? { kind: "configuration", code, message: "Huawei refused a fresh access token for this app id (80200001)" }
        : { kind: "retry", code },
  },
  body: (group, batch, secret) => {
    const message = hmsMessageFor(group.content, batch.options, batch.campaignId, secret);
    return hmsBodyBytes(message) > hmsMaxBodyBytes ? null : hmsRequestBody(message, group.tokens);
  },
};

// Builds a Huawei Push Kit provider for one app's credential; `settings` override the defaults.
export function createHmsProvider(
  credential: ProviderCredentialInput<HmsSecret>,
  settings: Partial<HmsSettings> = {},
): PushProvider {
  return createOauthProvider(hms, credential, settings);
}

createHmsProvider satisfies ProviderFactory<HmsSecret>;

// Checks an HMS credential against Huawei (the "test credentials" button): fetches an access token.
export function verifyHmsCredential(secret: HmsSecret, settings: Partial<HmsSettings> = {}): Promise<CredentialCheck> {
  return verifyOauthCredential(hms, secret, settings);
}
