// The Honor Push channel over Node's own https: FACTS.md found no well-kept Node server client for
// Honor push. OAuth 2.0 client credentials at iam.developer.honor.com (../oauth-token.ts), one POST
// /api/v1/{appId}/sendMessage per rendered content with up to 1000 tokens [unconfirmed limit:
// Huawei's], the `timestamp` header (milliseconds) every request needs, answers read by answer.ts:
// failTokens and expireTokens become invalid, a token-expired answer refreshes once and sends again.
// Sources: go-multipush honor/push.go + types.go; wildfirechat push_server HonorPush.java; VENDORS.md §2, §9.
import { honorChannel, type HonorSecret } from "@/lib/channels/honor";
import {
  ProviderConfigurationError,
  type OutgoingBatch,
  type ProviderCredentialInput,
  type ProviderFactory,
  type PushProvider,
  type SendResult,
} from "../types";
import { settleGroup, splitByContent, type TokenGroup } from "../content-groups";
import { vendorAgent, vendorUrl } from "../vendor-https";
import { TokenSource } from "../oauth-token";
import {
  checkTokenFetch,
  resultOf,
  sendWithToken,
  type CredentialCheck,
  type FinalVerdict,
  type VendorClient,
} from "../hms/verdict";
import { readHonorAnswer } from "./answer";
import { honorBodyBytes, honorMaxBodyBytes, honorMessageFor, honorRequestBody } from "./message";
import { defaultHonorSettings, type HonorSettings } from "./settings";

// Most tokens per send request [unconfirmed for Honor: Huawei's 1000].
export const honorMaxBatch = 1000;

// The client for an app's credential: agent, token source, send URL and answer reader.
export function honorClient(secret: HonorSecret, settings: HonorSettings): VendorClient {
  const agent = vendorAgent(settings.endpoint, settings.concurrency);
  const tokens = new TokenSource({
    url: settings.endpoint.authUrl ?? vendorUrl(settings.endpoint, "/auth/token").href,
    clientId: secret.clientId,
    clientSecret: secret.clientSecret,
    agent,
    timeoutMs: settings.timeoutMs,
  });
  return {
    agent,
    tokens,
    sendUrl: `${settings.endpoint.baseUrl.replace(/\/+$/, "")}/api/v1/${encodeURIComponent(secret.appId)}/sendMessage`,
    timeoutMs: settings.timeoutMs,
    // Honor wants the request time in epoch milliseconds on every send.
    headers: () => ({ "content-type": "application/json;charset=UTF-8", timestamp: String(Date.now()) }),
    read: (answer) => readHonorAnswer(answer),
    // A fresh token refused as unknown: the client does not own this app id; expired again: try later.
    refusedAfterRefresh: (code) =>
      code === "80200003"
        ? { kind: "retry", code }
        : {
            kind: "configuration",
            code,
            message: `Honor refused a fresh access token for app ${secret.appId} (${code})`,
          },
  };
}

// Builds an Honor Push provider for one app's credential; `settings` override the defaults.
export function createHonorProvider(
  credential: ProviderCredentialInput<HonorSecret>,
  settings: Partial<HonorSettings> = {},
): PushProvider {
  const config = { ...defaultHonorSettings, ...settings };
  const client = honorClient(credential.secret, config);
  let closed = false;

  async function sendGroup(batch: OutgoingBatch, group: TokenGroup): Promise<FinalVerdict> {
    if (batch.signal?.aborted) return { kind: "retry", code: "aborted" };
    const message = honorMessageFor(group.content, batch.options, batch.campaignId);
    if (honorBodyBytes(message) > honorMaxBodyBytes) return { kind: "failed", code: "PAYLOAD_TOO_LARGE" };
    return sendWithToken(client, honorRequestBody(message, group.tokens), batch.signal);
  }

  async function send(batch: OutgoingBatch): Promise<SendResult[]> {
    if (closed) throw new Error("Honor provider is closed");
    if (batch.messages.length > honorMaxBatch)
      throw new Error(`Honor batches hold at most ${honorMaxBatch} messages (got ${batch.messages.length})`);
    const { groups, results } = splitByContent(batch, honorMaxBatch);
    // One request at a time: a configuration error stops before the next group is sent.
    for (const group of groups) {
      const verdict = await sendGroup(batch, group);
      if (verdict.kind === "configuration")
        throw new ProviderConfigurationError(verdict.code, `Honor Push refused the app's setup: ${verdict.message}`);
      settleGroup(batch, group, results, resultOf(verdict));
    }
    return results as SendResult[];
  }

  return {
    channel: credential.channel,
    limits: { maxBatch: honorMaxBatch, concurrency: config.concurrency, maxPayloadBytes: honorChannel.payloadBytes },
    send,
    async close() {
      if (closed) return;
      closed = true;
      client.agent.destroy();
    },
  };
}

createHonorProvider satisfies ProviderFactory<HonorSecret>;

// Checks an Honor credential against Honor (the "test credentials" button): fetches an access token.
export async function verifyHonorCredential(
  secret: HonorSecret,
  settings: Partial<HonorSettings> = {},
): Promise<CredentialCheck> {
  const client = honorClient(secret, { ...defaultHonorSettings, ...settings });
  try {
    return await checkTokenFetch(client.tokens);
  } finally {
    client.agent.destroy();
  }
}
