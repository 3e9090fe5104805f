// The Huawei Push Kit channel (HMS Core API v1) over Node's own https: FACTS.md found no well-kept
// Node server client for Huawei push. OAuth 2.0 client credentials (../oauth-token.ts; the app id is the client
// id), one POST /v1/{appId}/messages:send per rendered content with up to 1000 tokens (../content-groups.ts),
// each answer read by answer.ts: partial success marks only the illegal tokens invalid, 80300007
// marks all, 80200003 refreshes the access token once and sends again (verdict.ts), 503 is flow
// control (retry). Sources: HMSCore-References https-send-api-0000001050986197; HMSCore-Guides
// oauth2-0000001212610981; hms-push-serverdemo-java (url.properties, ResponceCodeProcesser);
// VENDORS.md §1, §9, §14.
import { hmsChannel, type HmsSecret } from "@/lib/channels/hms";
import {
  ProviderConfigurationError,
  type OutgoingBatch,
  type ProviderCredentialInput,
  type ProviderFactory,
  type PushProvider,
  type SendResult,
} from "../types";
import { readHmsAnswer } from "./answer";
import { settleGroup, splitByContent, type TokenGroup } from "../content-groups";
import { vendorAgent, vendorUrl } from "../vendor-https";
import { hmsBodyBytes, hmsMaxBodyBytes, hmsMessageFor, hmsRequestBody } from "./message";
import { TokenSource } from "../oauth-token";
import { defaultHmsSettings, type HmsSettings } from "./settings";
import {
  checkTokenFetch,
  resultOf,
  sendWithToken,
  type CredentialCheck,
  type FinalVerdict,
  type VendorClient,
} from "./verdict";

// Most tokens per send request (Huawei's limit; 80300010 above it).
export const hmsMaxBatch = 1000;

// The client for an app's credential: agent, token source, send URL and answer reader.
export function hmsClient(secret: HmsSecret, settings: HmsSettings): VendorClient {
  const agent = vendorAgent(settings.endpoint, settings.concurrency);
  const tokens = new TokenSource({
    url: settings.endpoint.authUrl ?? vendorUrl(settings.endpoint, "/oauth2/v3/token").href,
    clientId: secret.appId,
    clientSecret: secret.appSecret,
    agent,
    timeoutMs: settings.timeoutMs,
  });
  return {
    agent,
    tokens,
    sendUrl: `${settings.endpoint.baseUrl.replace(/\/+$/, "")}/v1/${encodeURIComponent(secret.appId)}/messages:send`,
    timeoutMs: settings.timeoutMs,
    headers: () => ({ "content-type": "application/json;charset=UTF-8" }),
    read: (answer) => readHmsAnswer(answer),
    // 80200001 for a fresh token: it was issued for another client id than the send URL's app id.
    refusedAfterRefresh: (code) =>
      code === "80200001"
        ? { kind: "configuration", code, message: "Huawei refused a fresh access token for this app id (80200001)" }
        : { kind: "retry", code },
  };
}

// Builds a Huawei Push Kit provider for one app's credential; `settings` override the defaults.
export function createHmsProvider(
  credential: ProviderCredentialInput<HmsSecret>,
  settings: Partial<HmsSettings> = {},
): PushProvider {
  const config = { ...defaultHmsSettings, ...settings };
  const secret = credential.secret;
  const client = hmsClient(secret, config);
  let closed = false;

  async function sendGroup(batch: OutgoingBatch, group: TokenGroup): Promise<FinalVerdict> {
    if (batch.signal?.aborted) return { kind: "retry", code: "aborted" };
    const message = hmsMessageFor(group.content, batch.options, batch.campaignId, secret);
    if (hmsBodyBytes(message) > hmsMaxBodyBytes) return { kind: "failed", code: "PAYLOAD_TOO_LARGE" };
    return sendWithToken(client, hmsRequestBody(message, group.tokens), batch.signal);
  }

  async function send(batch: OutgoingBatch): Promise<SendResult[]> {
    if (closed) throw new Error("HMS provider is closed");
    if (batch.messages.length > hmsMaxBatch)
      throw new Error(`HMS batches hold at most ${hmsMaxBatch} messages (got ${batch.messages.length})`);
    const { groups, results } = splitByContent(batch, hmsMaxBatch);
    // One request at a time: a configuration error stops before the next group is sent.
    for (const group of groups) {
      const verdict = await sendGroup(batch, group);
      if (verdict.kind === "configuration")
        throw new ProviderConfigurationError(
          verdict.code,
          `Huawei Push Kit refused the app's setup: ${verdict.message}`,
        );
      settleGroup(batch, group, results, resultOf(verdict));
    }
    return results as SendResult[];
  }

  return {
    channel: credential.channel,
    limits: { maxBatch: hmsMaxBatch, concurrency: config.concurrency, maxPayloadBytes: hmsChannel.payloadBytes },
    send,
    async close() {
      if (closed) return;
      closed = true;
      client.agent.destroy();
    },
  };
}

createHmsProvider satisfies ProviderFactory<HmsSecret>;

// Checks an HMS credential against Huawei (the "test credentials" button): fetches an access token.
export async function verifyHmsCredential(
  secret: HmsSecret,
  settings: Partial<HmsSettings> = {},
): Promise<CredentialCheck> {
  const client = hmsClient(secret, { ...defaultHmsSettings, ...settings });
  try {
    return await checkTokenFetch(client.tokens);
  } finally {
    client.agent.destroy();
  }
}
