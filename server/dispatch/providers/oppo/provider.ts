// The OPPO Push channel: a cached auth token (auth.ts), one message per device (message.ts) sent by
// /server/v1/message/notification/unicast (one device) or /unicast_batch (up to 1,000), each answer
// mapped per device: the batch's code-0 answer lists per-item errorCodes in data[] (open.oppomobile.com
// developmentDoc 11234 / 11236, copies in GitHub code; 316014408/oppo-push). Code 11 (invalid
// auth_token) drops the token, fetches a new one and sends the request again, once. Every message
// carries its delivery id as app_message_id, so a request sent twice is shown once. No well-kept Node
// server client for OPPO Push exists (only app-side plugins), so this uses Node's own https.
import { oppoChannel, type OppoSecret } from "@/lib/channels/oppo";
import { endpointFromEnv, FormRequestError, parseJson, postForm, type VendorEndpoint } from "../form-https";
import {
  ProviderConfigurationError,
  type OutgoingBatch,
  type ProviderCredentialInput,
  type ProviderFactory,
  type PushProvider,
  type SendResult,
} from "../types";
import { dropOppoToken, fetchOppoToken, OppoAuthError, oppoToken } from "./auth";
import { classifyOppoCode, oppoMaxBatch, oppoMessage, type OppoOutcome } from "./message";

export { oppoMaxBatch };
// OPPO's mainland host (devices outside China: https://api-intl.push.oppomobile.com).
export const oppoDefaultEndpoint: VendorEndpoint = { baseUrl: "https://api.push.oppomobile.com" };
export const oppoUnicastPath = "/server/v1/message/notification/unicast";
export const oppoBatchPath = "/server/v1/message/notification/unicast_batch";

// The adapter's settings, handed in by the dispatcher's wiring.
export interface OppoSettings {
  // Where OPPO Push is (HERALD_OPPO_ENDPOINT / HERALD_OPPO_CA_FILE point it at a fake).
  endpoint: VendorEndpoint;
  timeoutMs: number;
  concurrency: number;
  // Receipt callback URL (call_back_url); none until Herald's endpoint exists.
  callbackUrl?: string;
}

// The settings the dispatcher's wiring passes in from its environment: HERALD_OPPO_ENDPOINT and
// HERALD_OPPO_CA_FILE point the adapter at a stand-in (a loopback fake); unset, the vendor's host.
export function oppoSettingsFromEnv(env: Record<string, string | undefined>): Partial<OppoSettings> {
  const endpoint = endpointFromEnv("oppo", env);
  return endpoint ? { endpoint } : {};
}

const defaults: OppoSettings = { endpoint: oppoDefaultEndpoint, timeoutMs: 15_000, concurrency: 8 };

type Answer = { outcome: OppoOutcome; message: string; items?: Array<Record<string, unknown>>; messageId?: string };

// OPPO's message id, a string or (in older answers) a number.
const idOf = (value: unknown) => (typeof value === "string" || typeof value === "number" ? String(value) : undefined);

function parseJsonValue(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

// One request with the current token; code 11 refreshes the token and sends again, once.
async function request(
  config: OppoSettings,
  secret: OppoSecret,
  path: string,
  fields: Record<string, string>,
  signal?: AbortSignal,
): Promise<Answer> {
  for (let attempt = 0; ; attempt++) {
    const token = await oppoToken(config.endpoint, secret, config.timeoutMs);
    const answer = await postForm(
      config.endpoint,
      path,
      { ...fields, auth_token: token },
      {
        headers: { auth_token: token },
        timeoutMs: config.timeoutMs,
        signal,
      },
    );
    const body = parseJson(answer.body);
    if (answer.status >= 500 || !body)
      return { outcome: { kind: "retry", errorCode: `HTTP_${answer.status}` }, message: "" };
    const code = Number(body.code);
    const message = typeof body.message === "string" ? body.message : "";
    const outcome = classifyOppoCode(Number.isFinite(code) ? code : -1, message);
    if (outcome.kind === "reauth") {
      dropOppoToken(config.endpoint, secret, token);
      if (attempt === 0) continue;
      return { outcome: { kind: "retry", errorCode: outcome.errorCode }, message };
    }
    // The document types data as a string holding JSON and shows it as JSON: both are read.
    const data = typeof body.data === "string" ? parseJsonValue(body.data) : body.data;
    if (Array.isArray(data)) return { outcome, message, items: data as Array<Record<string, unknown>> };
    const messageId = idOf((data as { messageId?: unknown } | undefined)?.messageId);
    return { outcome, message, ...(messageId ? { messageId } : {}) };
  }
}

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
  const config: OppoSettings = { ...defaults, ...settings };
  const secret = credential.secret;
  let closed = false;

  async function send(batch: OutgoingBatch): Promise<SendResult[]> {
    if (closed) throw new Error("OPPO provider is closed");
    if (batch.messages.length > oppoMaxBatch)
      throw new Error(`OPPO batches hold at most ${oppoMaxBatch} messages (got ${batch.messages.length})`);
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

    let answer: Answer;
    try {
      answer =
        messages.length === 1
          ? await request(config, secret, oppoUnicastPath, { message: JSON.stringify(messages[0]) }, batch.signal)
          : await request(config, secret, oppoBatchPath, { messages: JSON.stringify(messages) }, batch.signal);
    } catch (error) {
      if (error instanceof OppoAuthError && error.configuration)
        throw new ProviderConfigurationError(error.code, error.message);
      const code =
        error instanceof OppoAuthError ? error.code : error instanceof FormRequestError ? error.code : "NETWORK";
      all({ kind: "retry", errorCode: code === "ABORTED" ? "aborted" : code });
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
  const config: OppoSettings = { ...defaults, ...settings };
  try {
    await fetchOppoToken(config.endpoint, secret, config.timeoutMs);
    return { ok: true };
  } catch (error) {
    if (error instanceof OppoAuthError) return { ok: false, code: error.code, message: error.message };
    return { ok: false, code: "UNKNOWN", message: (error as Error).message };
  }
}
