// The provider shared by the Huawei-style vendors (Huawei Push Kit, Honor Push): an OAuth client
// (keep-alive agent and token source), one request per rendered content with up to `maxBatch`
// tokens, sent one at a time so a configuration error stops before the next group, each answer's
// verdict settled on its tokens; and the "test credentials" check, which fetches one access token.
import { settleGroup, splitByContent, type TokenGroup } from "../content-groups";
import { TokenSource } from "../oauth-token";
import {
  ProviderConfigurationError,
  type OutgoingBatch,
  type ProviderCredentialInput,
  type PushProvider,
  type SendResult,
  assertSendable,
} from "../types";
import { vendorAgent, vendorUrl, type VendorSettings } from "../vendor-https";
import {
  checkTokenFetch,
  resultOf,
  sendWithToken,
  type CredentialCheck,
  type FinalVerdict,
  type VendorClient,
} from "./verdict";

// What differs between the vendors: names, limits, paths, headers, answers and bodies.
export interface OauthVendor<S> {
  // The adapter's name in errors ("HMS") and the vendor's in a refused setup's message.
  name: string;
  vendorName: string;
  maxBatch: number;
  payloadBytes: number;
  defaults: VendorSettings;
  // The token path under the base URL when the endpoint names no token URL.
  tokenPath: string;
  // The OAuth client id and secret, and the send path, of a credential.
  oauth: (secret: S) => { clientId: string; clientSecret: string; sendPath: string };
  client: Pick<VendorClient, "headers" | "read"> & {
    refusedAfterRefresh: (code: string, secret: S) => FinalVerdict;
  };
  // The request body for one group, or null when the message is over the vendor's size limit.
  body: (group: TokenGroup, batch: OutgoingBatch, secret: S) => string | null;
}

// The client for an app's credential: agent, token source, send URL and answer reader.
export function oauthClient<S>(vendor: OauthVendor<S>, secret: S, settings: VendorSettings): VendorClient {
  const agent = vendorAgent(settings.endpoint, settings.concurrency);
  const { clientId, clientSecret, sendPath } = vendor.oauth(secret);
  const tokens = new TokenSource({
    url: settings.endpoint.authUrl ?? vendorUrl(settings.endpoint, vendor.tokenPath).href,
    clientId,
    clientSecret,
    agent,
    timeoutMs: settings.timeoutMs,
  });
  return {
    agent,
    tokens,
    sendUrl: `${settings.endpoint.baseUrl.replace(/\/+$/, "")}${sendPath}`,
    timeoutMs: settings.timeoutMs,
    headers: vendor.client.headers,
    read: vendor.client.read,
    refusedAfterRefresh: (code) => vendor.client.refusedAfterRefresh(code, secret),
  };
}

// Builds a provider of `vendor` for one app's credential; `settings` override the vendor's defaults.
export function createOauthProvider<S>(
  vendor: OauthVendor<S>,
  credential: ProviderCredentialInput<S>,
  settings: Partial<VendorSettings>,
): PushProvider {
  const config = { ...vendor.defaults, ...settings };
  const secret = credential.secret;
  const client = oauthClient(vendor, secret, config);
  let closed = false;

  async function sendGroup(batch: OutgoingBatch, group: TokenGroup): Promise<FinalVerdict> {
    if (batch.signal?.aborted) return { kind: "retry", code: "aborted" };
    const body = vendor.body(group, batch, secret);
    if (body === null) return { kind: "failed", code: "PAYLOAD_TOO_LARGE" };
    return sendWithToken(client, body, batch.signal);
  }

  async function send(batch: OutgoingBatch): Promise<SendResult[]> {
    assertSendable(vendor.name, closed, batch, vendor.maxBatch);
    const { groups, results } = splitByContent(batch, vendor.maxBatch);
    // One request at a time: a configuration error stops before the next group is sent.
    for (const group of groups) {
      const verdict = await sendGroup(batch, group);
      if (verdict.kind === "configuration")
        throw new ProviderConfigurationError(
          verdict.code,
          `${vendor.vendorName} refused the app's setup: ${verdict.message}`,
        );
      settleGroup(batch, group, results, resultOf(verdict));
    }
    return results as SendResult[];
  }

  return {
    channel: credential.channel,
    limits: { maxBatch: vendor.maxBatch, concurrency: config.concurrency, maxPayloadBytes: vendor.payloadBytes },
    send,
    async close() {
      if (closed) return;
      closed = true;
      client.agent.destroy();
    },
  };
}

// Checks a credential against the vendor (the "test credentials" button): fetches an access token.
export async function verifyOauthCredential<S>(
  vendor: OauthVendor<S>,
  secret: S,
  settings: Partial<VendorSettings>,
): Promise<CredentialCheck> {
  const client = oauthClient(vendor, secret, { ...vendor.defaults, ...settings });
  try {
    return await checkTokenFetch(client.tokens);
  } finally {
    client.agent.destroy();
  }
}
