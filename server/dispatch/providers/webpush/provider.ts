// The Web Push channel, with the `web-push` library: each message is encrypted for its subscription
// (aes128gcm, RFC 8291) and POSTed to the subscription's endpoint by web-push's sendNotification, with
// the app's VAPID header (RFC 8292; signed once per push service, vapid.ts), TTL, Urgency and Topic.
// One request per device (push services take no multicast), at most `perBatchConcurrency` in flight
// per batch, over a keep-alive agent shared by the process. Answers (RFC 8030 §6, MDN, autopush and
// FCM web push docs): 201 sent; 404/410 the subscription is gone (invalid_token); 429 retry after
// Retry-After; 413 too large (failed); 400 malformed (failed); 401/403 the VAPID key or header is
// refused (ProviderConfigurationError: the campaign pauses); 5xx and network trouble retry.
import { readFileSync } from "node:fs";
import https from "node:https";
import webpush, { WebPushError } from "web-push";
import { parseSubscriptionToken, webpushChannel, type WebPushSecret } from "@/lib/channels/webpush";
import {
  assertSendable,
  ProviderConfigurationError,
  type OutgoingBatch,
  type OutgoingMessage,
  type ProviderCredentialInput,
  type ProviderFactory,
  type PushProvider,
  type SendResult,
} from "../types";
import { webpushPlaintext, webpushRequestOptions } from "./message";
import { vapidHeaderCache } from "./vapid";

// Messages per send() call.
export const webpushMaxBatch = 500;

export interface WebPushSettings {
  // Extra CA to trust (a loopback fake's certificate in tests and the simulator).
  ca?: string | Buffer;
  // Requests one batch has in flight at once.
  perBatchConcurrency: number;
  // send() calls a worker may have in flight per credential (limits.concurrency).
  concurrency: number;
  // Deadline per request.
  timeoutMs: number;
}

const defaults: WebPushSettings = { perBatchConcurrency: 64, concurrency: 4, timeoutMs: 15_000 };

// HERALD_WEBPUSH_CA_FILE: a CA certificate to trust besides the system's (the fake push service's).
export function webpushSettingsFromEnv(env: Record<string, string | undefined>): Partial<WebPushSettings> {
  return env.HERALD_WEBPUSH_CA_FILE ? { ca: readFileSync(env.HERALD_WEBPUSH_CA_FILE) } : {};
}

// One keep-alive agent per CA for the whole process: push services are few (FCM, autopush, Apple,
// Windows), and every app's pushes to one of them reuse its sockets.
const agents = new Map<string, https.Agent>();
function agentFor(ca: string | Buffer | undefined): https.Agent {
  const key = ca ? String(ca) : "";
  let agent = agents.get(key);
  if (!agent) {
    agent = new https.Agent({ keepAlive: true, maxSockets: 256, ...(ca ? { ca } : {}) });
    agents.set(key, agent);
  }
  return agent;
}

// Seconds (or an HTTP date) from a Retry-After header, in milliseconds.
export function retryAfterMs(value: string | string[] | undefined): number | undefined {
  const text = Array.isArray(value) ? value[0] : value;
  if (!text) return undefined;
  if (/^\d+$/.test(text.trim())) return Number(text.trim()) * 1000;
  const at = Date.parse(text);
  return Number.isNaN(at) ? undefined : Math.max(0, at - Date.now());
}

// What one push service answer means for the message.
type Verdict = SendResult | { configuration: { code: string; message: string } };

function verdictFor(deliveryId: string, error: unknown): Verdict {
  const said = (body: string | undefined) => (body ? `: ${body.slice(0, 200)}` : "");
  if (!(error instanceof WebPushError)) {
    const code = (error as { code?: unknown }).code;
    return { deliveryId, outcome: "retry", errorCode: typeof code === "string" ? code : "NETWORK" };
  }
  const status = error.statusCode;
  const errorCode = `HTTP_${status}`;
  if (status === 404 || status === 410) return { deliveryId, outcome: "invalid_token", errorCode };
  if (status === 429) {
    const after = retryAfterMs(error.headers?.["retry-after"]);
    return { deliveryId, outcome: "retry", errorCode, ...(after !== undefined ? { retryAfterMs: after } : {}) };
  }
  if (status === 401 || status === 403)
    return {
      configuration: {
        code: `VAPID_${status}`,
        message: `The push service refused the VAPID key (${status}${said(error.body)}).`,
      },
    };
  if (status >= 500 || status === 408) return { deliveryId, outcome: "retry", errorCode };
  // 413 payload too large, 400 malformed, anything else: this message cannot go as it is.
  return { deliveryId, outcome: "failed", errorCode };
}

// The Location header's last segment: the push service's id for the message (RFC 8030 §5).
function messageIdOf(location: unknown): string | undefined {
  if (typeof location !== "string" || !location) return undefined;
  return location.split("/").filter(Boolean).pop()?.slice(0, 200);
}

// Builds a Web Push provider for one app's VAPID credential.
export function createWebPushProvider(
  credential: ProviderCredentialInput<WebPushSecret>,
  settings: Partial<WebPushSettings> = {},
): PushProvider {
  const config: WebPushSettings = { ...defaults, ...settings };
  const agent = agentFor(config.ca);
  const authorization = vapidHeaderCache(credential.secret);
  let closed = false;

  async function sendOne(message: OutgoingMessage, batch: OutgoingBatch): Promise<Verdict> {
    const { deliveryId } = message;
    const subscription = message.token ? parseSubscriptionToken(message.token) : null;
    if (!subscription)
      return { deliveryId, outcome: "invalid_token", errorCode: message.token ? "MALFORMED_TOKEN" : "MISSING_TOKEN" };
    const payload = webpushPlaintext(message, batch.options);
    if (Buffer.byteLength(payload) > webpushChannel.payloadBytes)
      return { deliveryId, outcome: "failed", errorCode: "PAYLOAD_TOO_LARGE" };
    try {
      const answer = await webpush.sendNotification(subscription, payload, {
        ...webpushRequestOptions(batch.options),
        contentEncoding: "aes128gcm",
        vapidDetails: null as never,
        headers: { Authorization: authorization(new URL(subscription.endpoint).origin) },
        agent,
        timeout: config.timeoutMs,
      });
      const providerMessageId = messageIdOf(answer.headers?.location);
      return { deliveryId, outcome: "sent", ...(providerMessageId ? { providerMessageId } : {}) };
    } catch (error) {
      return verdictFor(deliveryId, error);
    }
  }

  async function send(batch: OutgoingBatch): Promise<SendResult[]> {
    assertSendable("Web Push", closed, batch, webpushMaxBatch);
    const results: SendResult[] = new Array(batch.messages.length);
    let configuration: { code: string; message: string } | null = null;
    let next = 0;
    // A fixed pool of lanes, each taking the next message: at most perBatchConcurrency requests at once.
    const lane = async () => {
      while (next < batch.messages.length) {
        const index = next++;
        const message = batch.messages[index]!;
        // After a refused VAPID header or an abort, the rest is not sent (it is retried after the fix).
        if (configuration || batch.signal?.aborted) {
          results[index] = {
            deliveryId: message.deliveryId,
            outcome: "retry",
            errorCode: configuration ? configuration.code : "aborted",
          };
          continue;
        }
        const verdict = await sendOne(message, batch);
        if ("configuration" in verdict) {
          configuration ??= verdict.configuration;
          results[index] = { deliveryId: message.deliveryId, outcome: "retry", errorCode: verdict.configuration.code };
        } else results[index] = verdict;
      }
    };
    await Promise.all(Array.from({ length: Math.min(config.perBatchConcurrency, batch.messages.length) }, lane));
    if (configuration) {
      const { code, message } = configuration;
      throw new ProviderConfigurationError(code, message);
    }
    return results;
  }

  return {
    channel: "webpush",
    limits: {
      maxBatch: webpushMaxBatch,
      concurrency: config.concurrency,
      maxPayloadBytes: webpushChannel.payloadBytes,
    },
    send,
    async close() {
      closed = true;
    },
  };
}

createWebPushProvider satisfies ProviderFactory<WebPushSecret>;
