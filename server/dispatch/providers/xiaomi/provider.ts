// The Xiaomi MiPush channel. MiPush has no token exchange: every request carries the header
// `Authorization: key=<AppSecret>` (dev.mi.com pId=1559). A batch is grouped by rendered content
// (variant and locale), each group sent as one /v3/message/regid request of up to 1,000 regids; MiPush
// gives no per-regid result, so a request's answer is every one of its devices' result (a 20301 "No
// valid targets!" marks them all invalid; dead regids among live ones surface only in receipts,
// callback type 16). No well-kept Node server client for MiPush exists (only app-side plugins), so
// this uses Node's own https (vendor-https.ts).
import type { XiaomiSecret } from "@/lib/channels/xiaomi";
import { xiaomiChannel } from "@/lib/channels/xiaomi";
import {
  parseJsonObject,
  postForm,
  vendorEndpointFromEnv,
  VendorNetworkError,
  type VendorEndpoint,
  type VendorSettings,
} from "../vendor-https";
import { groupByContent } from "../content-groups";
import {
  ProviderConfigurationError,
  type OutgoingBatch,
  type ProviderCredentialInput,
  type ProviderFactory,
  type PushProvider,
  type SendResult,
  assertSendable,
} from "../types";
import {
  classifyXiaomiAnswer,
  xiaomiMaxRegIds,
  xiaomiSendFields,
  type XiaomiOutcome,
  type XiaomiReceipts,
} from "./message";

// Most messages per send() call (MiPush's regid limit per request).
export const xiaomiMaxBatch = xiaomiMaxRegIds;
// MiPush's mainland host (global apps use the region's host, e.g. https://fr-api.xmpush.global.xiaomi.com).
export const xiaomiDefaultEndpoint: VendorEndpoint = { baseUrl: "https://api.xmpush.xiaomi.com" };
export const xiaomiSendPath = "/v3/message/regid";

// The adapter's settings, handed in by the dispatcher's wiring.
// Where MiPush is: HERALD_XIAOMI_ENDPOINT / HERALD_XIAOMI_CA_FILE point it at a fake.
export interface XiaomiSettings extends VendorSettings {
  // Receipt callback (delivered, clicked, invalid target); none without HERALD_PUBLIC_URL (dispatch/channels.ts).
  receipts?: XiaomiReceipts;
}

// The settings the dispatcher's wiring passes in from its environment: HERALD_XIAOMI_ENDPOINT and
// HERALD_XIAOMI_CA_FILE point the adapter at a stand-in (a loopback fake); unset, the vendor's host.
export function xiaomiSettingsFromEnv(env: Record<string, string | undefined>): Partial<XiaomiSettings> {
  return { endpoint: vendorEndpointFromEnv("xiaomi", xiaomiDefaultEndpoint.baseUrl, env) };
}

const defaults: XiaomiSettings = { endpoint: xiaomiDefaultEndpoint, timeoutMs: 15_000, concurrency: 8 };

// One MiPush request: its answer as an outcome (network trouble is a retry).
async function sendOnce(
  settings: XiaomiSettings,
  secret: XiaomiSecret,
  fields: Record<string, string | number | undefined>,
  signal?: AbortSignal,
): Promise<XiaomiOutcome> {
  try {
    const answer = await postForm(settings.endpoint, xiaomiSendPath, fields, {
      headers: { authorization: `key=${secret.appSecret}` },
      timeoutMs: settings.timeoutMs,
      signal,
    });
    return classifyXiaomiAnswer(answer.status, parseJsonObject(answer.text));
  } catch (error) {
    return { kind: "retry", errorCode: error instanceof VendorNetworkError ? error.code : "NETWORK" };
  }
}

function resultFor(deliveryId: string, outcome: XiaomiOutcome): SendResult {
  switch (outcome.kind) {
    case "sent":
      return { deliveryId, outcome: "sent", ...(outcome.messageId ? { providerMessageId: outcome.messageId } : {}) };
    case "retry":
      return {
        deliveryId,
        outcome: "retry",
        errorCode: outcome.errorCode,
        ...(outcome.retryAfterMs !== undefined ? { retryAfterMs: outcome.retryAfterMs } : {}),
        ...(outcome.quota ? { quota: true as const } : {}),
      };
    case "configuration":
      return { deliveryId, outcome: "retry", errorCode: outcome.errorCode };
    default:
      return { deliveryId, outcome: outcome.kind, errorCode: outcome.errorCode };
  }
}

// Builds a MiPush provider for one app's credential.
export function createXiaomiProvider(
  credential: ProviderCredentialInput<XiaomiSecret>,
  settings: Partial<XiaomiSettings> = {},
): PushProvider {
  const config: XiaomiSettings = { ...defaults, ...settings };
  const secret = credential.secret;
  let closed = false;

  async function send(batch: OutgoingBatch): Promise<SendResult[]> {
    assertSendable("Xiaomi", closed, batch, xiaomiMaxBatch);
    // Regids are joined with commas: one holding a comma would address other devices.
    const grouped = groupByContent(batch, (token) => token.includes(","));
    const results = new Map<string, SendResult>();
    for (const known of grouped.results) if (known) results.set(known.deliveryId, known);
    let configuration: { code: string; message: string } | null = null;
    await Promise.all(
      grouped.groups.map(async ({ content, items }) => {
        const messages = items.map((item) => item.message);
        const fields = xiaomiSendFields({
          secret,
          content,
          options: batch.options,
          campaignId: batch.campaignId,
          regIds: messages.map((message) => message.token),
          deliveryId: messages.length === 1 ? messages[0]!.deliveryId : undefined,
          receipts: config.receipts,
        });
        const outcome = batch.signal?.aborted
          ? ({ kind: "retry", errorCode: "aborted" } as const)
          : await sendOnce(config, secret, fields, batch.signal);
        if (outcome.kind === "configuration") configuration ??= { code: outcome.errorCode, message: outcome.message };
        for (const message of messages) results.set(message.deliveryId, resultFor(message.deliveryId, outcome));
      }),
    );
    if (configuration) {
      const { code, message } = configuration;
      throw new ProviderConfigurationError(code, message);
    }
    return batch.messages.map((message) => results.get(message.deliveryId)!);
  }

  return {
    channel: "xiaomi",
    limits: { maxBatch: xiaomiMaxBatch, concurrency: config.concurrency, maxPayloadBytes: xiaomiChannel.payloadBytes },
    send,
    async close() {
      closed = true;
    },
  };
}

createXiaomiProvider satisfies ProviderFactory<XiaomiSecret>;

// A registration id no device can have (regids are base64 text; this has a colon): MiPush checks the
// secret and the package before the targets.
export const xiaomiProbeRegId = "herald:credential-check";

// Checks a credential against MiPush for the "test credentials" button: a send to a registration id
// that cannot exist. MiPush authenticates the AppSecret (21301) and matches the package (22022) before
// it looks at the targets, so "20301 No valid targets!" proves both and pushes nothing. MiPush offers
// no read-only call that checks the secret with the package (the Feedback API is offline).
export async function verifyXiaomiCredential(
  secret: XiaomiSecret,
  settings: Partial<XiaomiSettings> = {},
): Promise<{ ok: true } | { ok: false; code: string; message: string }> {
  const config: XiaomiSettings = { ...defaults, ...settings };
  const fields = xiaomiSendFields({
    secret,
    content: { title: "Herald credential check", body: "Not delivered: no device has this registration id." },
    options: { priority: "normal", messageClass: "service" },
    campaignId: "credential-check",
    regIds: [xiaomiProbeRegId],
  });
  const outcome = await sendOnce(config, secret, fields);
  if (outcome.kind === "invalid_token" || outcome.kind === "sent") return { ok: true };
  if (outcome.kind === "configuration") return { ok: false, code: outcome.errorCode, message: outcome.message };
  return {
    ok: false,
    code: outcome.errorCode,
    message: `MiPush could not check the credential (${outcome.errorCode}).`,
  };
}
