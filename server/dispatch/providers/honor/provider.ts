// The Honor Push channel over Node's own https: FACTS.md found no well-kept Node server client for
// Honor push. OAuth 2.0 client credentials at iam.developer.honor.com (../oauth-token.ts), one POST
// /api/v1/{appId}/sendMessage per rendered content with up to 1000 tokens [unconfirmed limit:
// Huawei's], the `timestamp` header (milliseconds) every request needs, answers read by answer.ts:
// failTokens and expireTokens become invalid, a token-expired answer refreshes once and sends again.
// Sources: go-multipush honor/push.go + types.go; wildfirechat push_server HonorPush.java; VENDORS.md §2, §9.
import { honorChannel, type HonorSecret } from "@/lib/channels/honor";
import { createOauthProvider, verifyOauthCredential, type OauthVendor } from "../hms/oauth-provider";
import type { CredentialCheck } from "../hms/verdict";
import type { ProviderCredentialInput, ProviderFactory, PushProvider } from "../types";
import { readHonorAnswer } from "./answer";
import { honorBodyBytes, honorMaxBodyBytes, honorMessageFor, honorRequestBody } from "./message";
import { defaultHonorSettings, type HonorSettings } from "./settings";

// Most tokens per send request [unconfirmed for Honor: Huawei's 1000].
export const honorMaxBatch = 1000;

// Honor Push as an OAuth vendor: a client id and secret of its own, the app id in the send path.
const honor: OauthVendor<HonorSecret> = {
  name: "Honor",
  vendorName: "Honor Push",
  maxBatch: honorMaxBatch,
  payloadBytes: honorChannel.payloadBytes,
  defaults: defaultHonorSettings,
  tokenPath: "/auth/token",
  oauth: (secret) => ({
    clientId: secret.clientId,
    clientSecret: secret.clientSecret,
    sendPath: `/api/v1/${encodeURIComponent(secret.appId)}/sendMessage`,
  }),
  client: {
    // Honor wants the request time in epoch milliseconds on every send.
    headers: () => ({ "content-type": "application/json;charset=UTF-8", timestamp: String(Date.now()) }),
    read: (answer) => readHonorAnswer(answer),
    // A fresh token refused as unknown: the client does not own this app id; expired again: try later.
    refusedAfterRefresh: (code, secret) =>
      code === "80200003"
        ? { kind: "retry", code }
        : {
            kind: "configuration",
            code,
            message: `Honor refused a fresh access token for app ${secret.appId} (${code})`,
          },
  },
  body: (group, batch) => {
    const message = honorMessageFor(group.content, batch.options, batch.campaignId);
    return honorBodyBytes(message) > honorMaxBodyBytes ? null : honorRequestBody(message, group.tokens);
  },
};

// Builds an Honor Push provider for one app's credential; `settings` override the defaults.
export function createHonorProvider(
  credential: ProviderCredentialInput<HonorSecret>,
  settings: Partial<HonorSettings> = {},
): PushProvider {
  return createOauthProvider(honor, credential, settings);
}

createHonorProvider satisfies ProviderFactory<HonorSecret>;

// Checks an Honor credential against Honor (the "test credentials" button): fetches an access token.
export function verifyHonorCredential(
  secret: HonorSecret,
  settings: Partial<HonorSettings> = {},
): Promise<CredentialCheck> {
  return verifyOauthCredential(honor, secret, settings);
}
