// The FCM channel: firebase-admin 13's sendEach() over HTTP/2, one Firebase app per provider
// instance (an app's service-account key), every message built per device (variant, locale) and
// every answer mapped to a SendResult; configuration errors stop the whole batch.
import { randomUUID } from "node:crypto";
import { cert, deleteApp, initializeApp, type App } from "firebase-admin/app";
import {
  getMessaging,
  type BatchResponse,
  type Messaging,
  type SendResponse,
  type TokenMessage,
} from "firebase-admin/messaging";
import { fcmChannel, type FcmSecret } from "@/lib/channels/fcm";
import {
  ProviderConfigurationError,
  type OutgoingBatch,
  type ProviderCredentialInput,
  type ProviderFactory,
  type PushProvider,
  type RenderedContent,
  type SendResult,
  assertSendable,
} from "../types";
import { FcmCall } from "./call";
import { routeGoogleHttps } from "./endpoint";
import { classifyFcmError, retryDelayMs } from "./errors";
import { fcmMessageBytes, fcmMessageFrom, fcmTemplate, type FcmTemplate } from "./message";
import { SessionPool } from "./session-pool";
import { readFcmSettings, type FcmSettings } from "./settings";
import { fcmEndpointFor, isSimulatorProject, simulatorCredential } from "./simulator-endpoint";
import { connectFcm, installFcmTransport, withinCall } from "./transport";

// Most messages per sendEach() call (FCM's own limit).
export const fcmMaxBatch = 500;
export const fcmMaxPayloadBytes = fcmChannel.payloadBytes;

// A configuration error that also carries the answers the batch did get (a THIRD_PARTY_AUTH_ERROR
// on iOS tokens does not stop Android ones in the same call): sent ones are really sent.
export class FcmConfigurationError extends ProviderConfigurationError {
  constructor(
    code: string,
    message: string,
    readonly results: SendResult[],
  ) {
    super(code, message);
  }
}

// firebase-admin retries 503s (up to 4 times, honouring Retry-After up to 60 s) and timeouts inside
// one call, which holds a worker slot for minutes; Herald's dispatcher retries with backoff instead.
// The retry policy is a constructor argument of its HTTP/2 client that Messaging does not expose.
export function turnOffSdkRetries(messaging: Messaging): boolean {
  const handler = (messaging as unknown as { messagingRequestHandler?: { http2Client?: { retry?: unknown } } })
    .messagingRequestHandler;
  if (!handler?.http2Client || !("retry" in handler.http2Client)) return false;
  handler.http2Client.retry = null;
  return true;
}

interface Pending {
  index: number;
  message: TokenMessage;
}

function isSessionError(error: unknown): error is { pendingBatchResponse?: Promise<BatchResponse> } {
  return typeof error === "object" && error !== null && "pendingBatchResponse" in error;
}

let instances = 0;

// Builds an FCM provider for one app's service-account key; `settings` override the environment.
export function createFcmProvider(
  credential: ProviderCredentialInput<FcmSecret>,
  settings: Partial<FcmSettings> = {},
): PushProvider {
  const config = { ...readFcmSettings(), ...settings };
  const secret = credential.secret;
  installFcmTransport();
  routeGoogleHttps();
  // Where this key's traffic goes; the simulator's reserved project only ever reaches the simulator.
  const simulated = isSimulatorProject(secret.project_id);
  const endpoint = () => fcmEndpointFor(secret.project_id);
  if (simulated) endpoint();
  let app: App;
  try {
    const name = `herald-fcm-${credential.appId}-${++instances}-${randomUUID().slice(0, 8)}`;
    const key = { projectId: secret.project_id, clientEmail: secret.client_email, privateKey: secret.private_key };
    app = initializeApp(
      { credential: simulated ? simulatorCredential() : cert(key), projectId: secret.project_id },
      name,
    );
  } catch (error) {
    throw new ProviderConfigurationError(
      "INVALID_CREDENTIAL",
      `The FCM service-account key is unusable: ${(error as Error).message}`,
    );
  }
  const messaging = getMessaging(app);
  turnOffSdkRetries(messaging);
  const pool = config.sessions > 0 ? new SessionPool(config.sessions, () => connectFcm(undefined, endpoint())) : null;
  let closed = false;

  async function sendEach(pending: Pending[], call: FcmCall): Promise<SendResponse[]> {
    try {
      const response = await withinCall(call, () => messaging.sendEach(pending.map((entry) => entry.message)));
      return response.responses;
    } catch (error) {
      // A session-level failure (connection refused, TLS, GOAWAY) still settles every request.
      if (isSessionError(error) && error.pendingBatchResponse) return (await error.pendingBatchResponse).responses;
      const reason = error as { code?: string; message?: string };
      return pending.map(
        () =>
          ({
            success: false,
            error: { code: reason.code ?? "app/network-error", message: reason.message ?? String(error) },
          }) as SendResponse,
      );
    }
  }

  async function send(batch: OutgoingBatch): Promise<SendResult[]> {
    assertSendable("FCM", closed, batch, fcmMaxBatch);
    // A simulator key whose simulator stopped: a configuration error (pauses the campaign), never Google.
    if (simulated) endpoint();
    const results: SendResult[] = new Array(batch.messages.length);
    const pending: Pending[] = [];
    const now = Date.now();
    // Devices of one variant and locale share their rendered content object: built once per batch.
    const templates = new Map<RenderedContent, FcmTemplate>();
    batch.messages.forEach((message, index) => {
      const { deliveryId } = message;
      if (!message.token)
        return void (results[index] = { deliveryId, outcome: "invalid_token", errorCode: "MISSING_TOKEN" });
      let template = templates.get(message.content);
      if (!template)
        templates.set(
          message.content,
          (template = fcmTemplate(message.content, batch.options, message.campaignId, now)),
        );
      if (fcmMessageBytes(template, deliveryId) > fcmMaxPayloadBytes)
        return void (results[index] = { deliveryId, outcome: "failed", errorCode: "PAYLOAD_TOO_LARGE" });
      pending.push({ index, message: fcmMessageFrom(template, message.token, deliveryId) });
    });
    const abortAll = () =>
      pending.forEach(
        ({ index }) =>
          (results[index] = { deliveryId: batch.messages[index]!.deliveryId, outcome: "retry", errorCode: "aborted" }),
      );
    if (batch.signal?.aborted) abortAll();
    if (!pending.length || batch.signal?.aborted) return results;

    const call = new FcmCall(pool, config.requestTimeoutMs, endpoint);
    const onAbort = () => call.abort();
    batch.signal?.addEventListener("abort", onAbort, { once: true });
    let responses: SendResponse[];
    try {
      responses = await sendEach(pending, call);
    } finally {
      batch.signal?.removeEventListener("abort", onAbort);
    }

    let configuration: { code: string; message: string } | null = null;
    responses.forEach((response, k) => {
      const { index } = pending[k]!;
      const deliveryId = batch.messages[index]!.deliveryId;
      if (response.success)
        return void (results[index] = { deliveryId, outcome: "sent", providerMessageId: response.messageId });
      const error = response.error as { code?: string; message?: string } | undefined;
      const kind = classifyFcmError(error?.code, error?.message);
      if (kind.outcome === "configuration")
        configuration ??= { code: kind.errorCode, message: error?.message ?? kind.errorCode };
      if (kind.outcome === "retry" || kind.outcome === "configuration") {
        const errorCode = call.aborted && kind.outcome === "retry" ? "aborted" : kind.errorCode;
        const retryAfterMs =
          errorCode === "aborted" ? undefined : retryDelayMs(errorCode, call.retryAfterMs, config.quotaMinBackoffMs);
        results[index] = {
          deliveryId,
          outcome: "retry",
          errorCode,
          ...(retryAfterMs !== undefined ? { retryAfterMs } : {}),
        };
      } else {
        results[index] = { deliveryId, outcome: kind.outcome, errorCode: kind.errorCode };
      }
    });
    if (configuration) {
      const { code, message } = configuration;
      throw new FcmConfigurationError(code, `FCM refused the app's configuration (${code}): ${message}`, results);
    }
    return results;
  }

  return {
    channel: "fcm",
    limits: { maxBatch: fcmMaxBatch, concurrency: config.concurrency, maxPayloadBytes: fcmMaxPayloadBytes },
    send,
    async close() {
      if (closed) return;
      closed = true;
      pool?.close();
      await deleteApp(app);
    },
  };
}

createFcmProvider satisfies ProviderFactory<FcmSecret>;
