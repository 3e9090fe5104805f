// The OPPO Push channel: a cached auth token (auth.ts), one message per device (message.ts) sent by
// /server/v1/message/notification/unicast (one device) or /unicast_batch (up to 1,000), each answer
// mapped per device: the batch's code-0 answer lists per-item errorCodes in data[] (open.oppomobile.com
// developmentDoc 11234 / 11236, copies in GitHub code; 316014408/oppo-push). Code 11 (invalid
// auth_token) drops the token, fetches a new one and sends the request again, once. Every message
// carries its delivery id as app_message_id, so a request sent twice is shown once. No well-kept Node
// server client for OPPO Push exists (only app-side plugins), so this uses Node's own https.
import { oppoChannel, type OppoSecret } from "@/lib/channels/oppo";
import { VendorNetworkError } from "../vendor-https";
import {
  ProviderConfigurationError,
  type OutgoingBatch,
  type ProviderCredentialInput,
  type ProviderFactory,
  type PushProvider,
  type SendResult,
  assertSendable,
} from "../types";
import { fetchOppoToken, OppoAuthError } from "./auth";
import { classifyOppoCode, oppoMaxBatch, oppoMessage, type OppoOutcome } from "./message";
import {
  idOf,
  oppoBatchPath,
  oppoDefaults,
  oppoRequest,
  oppoUnicastPath,
  type OppoAnswer,
  type OppoSettings,
} from "./request";

export { oppoMaxBatch };
export { oppoBatchPath, oppoDefaultEndpoint, oppoSettingsFromEnv, oppoUnicastPath, type OppoSettings } from "./request";

function resultFor(deliveryId: string, outcome: OppoOutcome, messageId?: string): SendResult {
  switch (outcome.kind) {
    case "sent":
      return { deliveryId, outcome: "sent", ...(messageId ? { providerMessageId: messageId } : {}) };
    case "retry":
      return {
        deliveryId,
        outcome: "retry",
        errorCode: outcome.errorCode,
        ...(outcome.retryAfterMs !== undefined ? { retryAfterMs: outcome.retryAfterMs } : {}),
        ...(outcome.quota ? { quota: true as const } : {}),
      };
    case "invalid_token":
    case "failed":
      return { deliveryId, outcome: outcome.kind, errorCode: outcome.errorCode };
    default:
      return { deliveryId, outcome: "retry", errorCode: outcome.errorCode };
  }
}

// Builds an OPPO Push provider for one app's credential.
export function createOppoProvider(
  credential: ProviderCredentialInput<OppoSecret>,
  settings: Partial<OppoSettings> = {},
): PushProvider {
  const config: OppoSettings = { ...oppoDefaults, ...settings };
  const secret = credential.secret;
  let closed = false;

  async function send(batch: OutgoingBatch): Promise<SendResult[]> {
    assertSendable("OPPO", closed, batch, oppoMaxBatch);
    const results: SendResult[] = new Array(batch.messages.length);
    const pending: number[] = [];
    batch.messages.forEach((message, index) => {
      if (message.token) pending.push(index);
      else results[index] = { deliveryId: message.deliveryId, outcome: "invalid_token", errorCode: "MISSING_TOKEN" };
    });
    const messages = pending.map((index) => {
      const message = batch.messages[index]!;
      return oppoMessage({
        secret,
        content: message.content,
        options: batch.options,
        campaignId: message.campaignId,
        deliveryId: message.deliveryId,
        regId: message.token!,
        callbackUrl: config.callbackUrl,
      });
    });
    const all = (outcome: OppoOutcome, messageId?: string) =>
      pending.forEach((index) => (results[index] = resultFor(batch.messages[index]!.deliveryId, outcome, messageId)));
    if (!pending.length) return results;
    if (batch.signal?.aborted) return (all({ kind: "retry", errorCode: "aborted" }), results);

    let answer: OppoAnswer;
    try {
      answer =
        messages.length === 1
          ? await oppoRequest(config, secret, oppoUnicastPath, { message: JSON.stringify(messages[0]) }, batch.signal)
          : await oppoRequest(config, secret, oppoBatchPath, { messages: JSON.stringify(messages) }, batch.signal);
    } catch (error) {
      if (error instanceof OppoAuthError && error.configuration)
        throw new ProviderConfigurationError(error.code, error.message);
      const code =
        error instanceof OppoAuthError ? error.code : error instanceof VendorNetworkError ? error.code : "NETWORK";
      all({ kind: "retry", errorCode: code });
      return results;
    }
    let configuration: { code: string; message: string } | null = null;
    const note = (outcome: OppoOutcome) => {
      if (outcome.kind === "configuration") configuration ??= { code: outcome.errorCode, message: outcome.message };
    };
    note(answer.outcome);
    if (answer.outcome.kind !== "sent" || !answer.items) all(answer.outcome, answer.messageId);
    else {
      // Items name their registration id; several messages may share one, so they are taken in order.
      const byRegId = new Map<string, Array<Record<string, unknown>>>();
      for (const item of answer.items) {
        const regId = String(item.registrationId ?? "");
        byRegId.set(regId, [...(byRegId.get(regId) ?? []), item]);
      }
      pending.forEach((index, k) => {
        const item = byRegId.get(messages[k]!.target_value)?.shift() ?? answer.items![k];
        const deliveryId = batch.messages[index]!.deliveryId;
        if (!item) return void (results[index] = { deliveryId, outcome: "retry", errorCode: "NO_RESULT" });
        const errorCode = item.errorCode === undefined || item.errorCode === null ? 0 : Number(item.errorCode);
        const outcome = classifyOppoCode(Number.isFinite(errorCode) ? errorCode : -1, String(item.errorMessage ?? ""));
        note(outcome);
        const messageId = idOf(item.messageId);
        results[index] = resultFor(
          deliveryId,
          outcome.kind === "reauth" ? { kind: "retry", errorCode: "11" } : outcome,
          messageId,
        );
      });
    }
    if (configuration) {
      const { code, message } = configuration;
      throw new ProviderConfigurationError(code, message);
    }
    return results;
  }

  return {
    channel: credential.channel,
    limits: { maxBatch: oppoMaxBatch, concurrency: config.concurrency, maxPayloadBytes: oppoChannel.payloadBytes },
    send,
    async close() {
      closed = true;
    },
  };
}

createOppoProvider satisfies ProviderFactory<OppoSecret>;

// Checks a credential against OPPO for the "test credentials" button: a fresh auth call (no cache).
export async function verifyOppoCredential(
  secret: OppoSecret,
  settings: Partial<OppoSettings> = {},
): Promise<{ ok: true } | { ok: false; code: string; message: string }> {
  const config: OppoSettings = { ...oppoDefaults, ...settings };
  try {
    await fetchOppoToken(config.endpoint, secret, config.timeoutMs);
    return { ok: true };
  } catch (error) {
    if (error instanceof OppoAuthError) return { ok: false, code: error.code, message: error.message };
    return { ok: false, code: "UNKNOWN", message: (error as Error).message };
  }
}
