// The JPush v3 channel (facts per file header in errors.ts and message.ts). JPush's official Node client
// (jpush-async) is little used and has no endpoint or CA setting, so Node's own https is used: HTTP Basic
// base64(AppKey:MasterSecret), POST /v3/push. A batch is grouped by rendered content, one push per group
// (registration_id up to 1000). JPush answers one msg_id per push and no per-token result: every target
// of an accepted push counts as sent. Error 1011 ("no target") names no token either: with one target it
// is that target's address (invalid_token); with several, Herald cannot tell which are dead, so they are
// failed (no retry, addresses kept) and dead ones surface through receipts later.
import { jpushChannel, type JpushSecret } from "@/lib/channels/jpush";
import { groupByContent } from "../content-groups";
import {
  ProviderConfigurationError,
  type OutgoingBatch,
  type OutgoingMessage,
  type ProviderCredentialInput,
  type ProviderFactory,
  type PushProvider,
  type SendResult,
  assertSendable,
} from "../types";
import { VendorHttps, VendorNetworkError, type VendorJsonAnswer, type VendorSettings } from "../vendor-https";
import { jpushVerdict, rateLimitWaitMs } from "./errors";
import { jpushPayloadBytes, jpushPush } from "./message";

// Most registration ids per push (and so per send() call).
export const jpushMaxBatch = 1000;
// JPush's 4000 bytes of notification (the channel's payloadBytes, which the composer's budget reads).
export const jpushMaxPayloadBytes = jpushChannel.payloadBytes;
// JPush's REST host (Beijing-room apps use https://bjapi.push.jiguang.cn).
export const jpushDefaultBaseUrl = "https://api.jpush.cn";

export interface JpushSettings extends VendorSettings {
  // The Huawei category the app may send service messages with (its self-classification right), if any.
  huaweiServiceCategory?: string;
  // Herald's receipt URL for the app (the push's callback.url); none: no receipts asked.
  callbackUrl?: string;
}

function jpushSettings(overrides: Partial<JpushSettings>): JpushSettings {
  return { endpoint: { baseUrl: jpushDefaultBaseUrl }, timeoutMs: 15_000, concurrency: 4, ...overrides };
}

// The Authorization header of a credential.
export function jpushAuthorization(secret: JpushSecret): string {
  return `Basic ${Buffer.from(`${secret.appKey}:${secret.masterSecret}`).toString("base64")}`;
}

// An error answer's JPush code and message.
function errorOf(answer: VendorJsonAnswer): { code: number | null; message: string } {
  const error = (answer.body as { error?: { code?: unknown; message?: unknown } } | null)?.error;
  return {
    code: typeof error?.code === "number" ? error.code : null,
    message: typeof error?.message === "string" ? error.message : answer.text.slice(0, 200),
  };
}

// Builds a JPush provider for one app's credential.
export function createJpushProvider(
  credential: ProviderCredentialInput<JpushSecret>,
  overrides: Partial<JpushSettings> = {},
): PushProvider {
  const settings = jpushSettings(overrides);
  const http = new VendorHttps(settings.endpoint, settings.timeoutMs, settings.concurrency * 2);
  const authorization = jpushAuthorization(credential.secret);
  let closed = false;

  // One push to the messages of one content; fills their results.
  async function push(
    messages: Array<OutgoingMessage & { token: string }>,
    batch: OutgoingBatch,
  ): Promise<SendResult[]> {
    const one = messages.length === 1;
    const ids = { campaignId: batch.campaignId, deliveryId: one ? messages[0]!.deliveryId : null };
    const regIds = messages.map((message) => message.token);
    const body = jpushPush(
      messages[0]!.content,
      batch.options,
      regIds,
      ids,
      settings.huaweiServiceCategory,
      settings.callbackUrl,
    );
    const all = (make: (deliveryId: string) => SendResult) => messages.map((message) => make(message.deliveryId));
    if (jpushPayloadBytes(body) > jpushMaxPayloadBytes)
      return all((deliveryId) => ({ deliveryId, outcome: "failed", errorCode: "PAYLOAD_TOO_LARGE" }));
    let answer: VendorJsonAnswer;
    try {
      answer = await http.post("/v3/push", body, { authorization }, batch.signal);
    } catch (error) {
      if (!(error instanceof VendorNetworkError)) throw error;
      return all((deliveryId) => ({ deliveryId, outcome: "retry", errorCode: error.code }));
    }
    const ok = answer.body as { msg_id?: unknown } | null;
    if (answer.status === 200 && ok && (typeof ok.msg_id === "string" || typeof ok.msg_id === "number"))
      return all((deliveryId) => ({ deliveryId, outcome: "sent", providerMessageId: String(ok.msg_id) }));
    const { code, message } = errorOf(answer);
    const errorCode = code !== null ? `JPUSH_${code}` : `HTTP_${answer.status}`;
    switch (jpushVerdict(answer.status, code)) {
      case "configuration":
        throw new ProviderConfigurationError(
          errorCode,
          `JPush refused the app's credential (${errorCode}): ${message}`,
        );
      case "no_target":
        return all((deliveryId) => ({ deliveryId, outcome: one ? "invalid_token" : "failed", errorCode }));
      case "bad_value": {
        const token = one && /registration/i.test(message);
        return all((deliveryId) => ({ deliveryId, outcome: token ? "invalid_token" : "failed", errorCode }));
      }
      case "rate": {
        const retryAfterMs = rateLimitWaitMs(answer.headers);
        return all((deliveryId) => ({
          deliveryId,
          outcome: "retry",
          errorCode,
          ...(retryAfterMs ? { retryAfterMs } : {}),
        }));
      }
      case "retry":
        return all((deliveryId) => ({ deliveryId, outcome: "retry", errorCode }));
      default:
        return all((deliveryId) => ({ deliveryId, outcome: "failed", errorCode }));
    }
  }

  async function send(batch: OutgoingBatch): Promise<SendResult[]> {
    assertSendable("JPush", closed, batch, jpushMaxBatch);
    const grouped = groupByContent(batch);
    const results = new Map<string, SendResult>();
    for (const known of grouped.results) if (known) results.set(known.deliveryId, known);
    const pending = grouped.groups.map((group) => group.items.map((item) => item.message));
    const worker = async () => {
      for (let group = pending.shift(); group; group = pending.shift()) {
        const answered = batch.signal?.aborted
          ? group.map((m): SendResult => ({ deliveryId: m.deliveryId, outcome: "retry", errorCode: "aborted" }))
          : await push(group, batch);
        for (const result of answered) results.set(result.deliveryId, result);
      }
    };
    await Promise.all(Array.from({ length: Math.min(settings.concurrency, pending.length) }, worker));
    return batch.messages.map((message) => results.get(message.deliveryId)!);
  }

  return {
    channel: credential.channel,
    limits: { maxBatch: jpushMaxBatch, concurrency: settings.concurrency, maxPayloadBytes: jpushMaxPayloadBytes },
    send,
    async close() {
      if (closed) return;
      closed = true;
      http.close();
    },
  };
}

createJpushProvider satisfies ProviderFactory<JpushSecret>;

// The "test credentials" answer.
export type JpushCredentialCheck = { ok: true } | { ok: false; code: string; message: string };

// Checks a credential with JPush's dry run (/v3/push/validate: validated like a push, sent to nobody).
export async function verifyJpushCredential(
  secret: JpushSecret,
  overrides: Partial<JpushSettings> = {},
): Promise<JpushCredentialCheck> {
  const settings = jpushSettings(overrides);
  const http = new VendorHttps(settings.endpoint, settings.timeoutMs, 1);
  const body = {
    platform: "android",
    audience: "all",
    notification: { android: { alert: "Herald credential check", title: "Herald" } },
    options: { time_to_live: 60, classification: 1 },
  };
  try {
    const answer = await http.post("/v3/push/validate", body, { authorization: jpushAuthorization(secret) });
    if (answer.status === 200) return { ok: true };
    const { code, message } = errorOf(answer);
    // "No target" got past the credential check: an app without users yet.
    if (code === 1011) return { ok: true };
    return { ok: false, code: code !== null ? `JPUSH_${code}` : `HTTP_${answer.status}`, message };
  } catch (error) {
    if (error instanceof VendorNetworkError) return { ok: false, code: error.code, message: error.message };
    throw error;
  } finally {
    http.close();
  }
}
