// Twilio Programmable Messaging through the `twilio` library (6.x): one Messages create per SMS
// (POST /2010-04-01/Accounts/{AccountSid}/Messages.json), from the app's number or Messaging Service,
// with a StatusCallback to Herald when it has a public URL. Twilio's answers are mapped to the SMS
// seam's results (server/sms/types.ts); a refused credential throws the dispatcher's
// ProviderConfigurationError. Error codes: https://www.twilio.com/docs/api/errors (21211 invalid To,
// 21610 unsubscribed recipient, 21614 not a mobile number, 20429 too many requests, 20003 auth).
import twilio from "twilio";
import type RequestClient from "twilio/lib/base/RequestClient";
import type { TwilioSmsSecret } from "@/lib/channels/sms";
import { ProviderConfigurationError } from "@/server/dispatch/providers/types";
import type { SmsOutgoing, SmsResult, SmsSender } from "./types";
import { mapLimited, type SmsEndpoint } from "./endpoint";

const twilioHost = "https://api.twilio.com";
type RequestOptions<T> = RequestClient.RequestOptions<T>;

export interface TwilioSettings {
  endpoint: SmsEndpoint;
  // Where Twilio reports the message's status (queued, sent, delivered, undelivered, failed); none when null.
  statusCallbackUrl: string | null;
  // Creates in flight at once (Twilio queues per sender; an account allows about 100 concurrent requests).
  concurrency?: number;
  timeoutMs?: number;
}

// Twilio's request client, sending to `baseUrl` instead of api.twilio.com (the loopback fake) and
// trusting its CA. Twilio's own retry on 429 is off: the fallback retries with its own backoff.
class RedirectingRequestClient extends twilio.RequestClient {
  constructor(
    private readonly baseUrl: string | null,
    ca: string | Buffer | undefined,
    timeout: number,
  ) {
    super({ ...(ca ? { ca } : {}), keepAlive: true, timeout, autoRetry: false });
  }

  override request<T>(opts: RequestOptions<T>) {
    const uri =
      this.baseUrl && opts.uri.startsWith(twilioHost) ? this.baseUrl + opts.uri.slice(twilioHost.length) : opts.uri;
    return super.request<T>({ ...opts, uri });
  }
}

// A Twilio client for the secret, talking to the endpoint.
export function twilioClient(secret: TwilioSmsSecret, endpoint: SmsEndpoint, timeoutMs = 15_000) {
  return twilio(secret.accountSid, secret.authToken, {
    httpClient: new RedirectingRequestClient(endpoint.baseUrl, endpoint.ca, timeoutMs),
  });
}

// What a Twilio failure means for one message: its code (a RestException's), or a network error.
export function classifyTwilioError(id: bigint, error: unknown): SmsResult {
  const failure = error as { code?: unknown; status?: unknown; message?: unknown };
  const code = typeof failure.code === "number" ? failure.code : null;
  const status = typeof failure.status === "number" ? failure.status : 0;
  if (code === 20003 || status === 401)
    throw new ProviderConfigurationError("20003", `Twilio refused the credential: ${String(failure.message)}`);
  if (code === 21610) return { id, status: "opted_out", errorCode: "21610" };
  if (code === 20429 || status === 429)
    return { id, status: "retry", errorCode: String(code ?? 429), retryAfterMs: 60_000 };
  if (status >= 500 || code === null) {
    // 5xx, or no HTTP answer at all (refused, reset, timeout): transient.
    const errorCode = code !== null ? String(code) : status ? `HTTP_${status}` : String(failure.code ?? "NETWORK");
    return { id, status: "retry", errorCode, retryAfterMs: 30_000 };
  }
  // 21606 (From not SMS-capable), 21659 and the like name the app's own sender: a configuration error.
  if (code === 21606 || code === 21659 || code === 21212)
    throw new ProviderConfigurationError(String(code), `Twilio refused the sender: ${String(failure.message)}`);
  return { id, status: "failed", errorCode: String(code) };
}

// The Twilio sender of an app.
export function createTwilioSender(secret: TwilioSmsSecret, settings: TwilioSettings): SmsSender {
  const client = twilioClient(secret, settings.endpoint, settings.timeoutMs);
  const sender = secret.messagingServiceSid
    ? { messagingServiceSid: secret.messagingServiceSid }
    : { from: secret.from ?? undefined };
  return {
    provider: "twilio",
    send: (messages: SmsOutgoing[]) =>
      mapLimited(messages, settings.concurrency ?? 16, async (message): Promise<SmsResult> => {
        try {
          const created = await client.messages.create({
            to: message.to,
            body: message.body,
            ...sender,
            // Herald's message id rides along (?m=), so a callback that overtakes the answer still finds it.
            ...(settings.statusCallbackUrl ? { statusCallback: `${settings.statusCallbackUrl}?m=${message.id}` } : {}),
          });
          return { id: message.id, status: "sent", providerMessageId: created.sid };
        } catch (error) {
          return classifyTwilioError(message.id, error);
        }
      }),
  };
}

// "Test credentials": fetches the account resource (GET /2010-04-01/Accounts/{Sid}.json), which needs
// the SID and token to match and sends nothing; the account must be active to send.
export async function verifyTwilioCredential(
  secret: TwilioSmsSecret,
  endpoint: SmsEndpoint,
): Promise<{ ok: true } | { ok: false; code: string; message: string }> {
  try {
    const account = await twilioClient(secret, endpoint, 10_000).api.v2010.accounts(secret.accountSid).fetch();
    if (account.status !== "active")
      return {
        ok: false,
        code: "ACCOUNT_" + account.status.toUpperCase(),
        message: `The account is ${account.status}.`,
      };
    return { ok: true };
  } catch (error) {
    const failure = error as { code?: unknown; status?: unknown; message?: unknown };
    return {
      ok: false,
      code: String(failure.code ?? failure.status ?? "NETWORK"),
      message: typeof failure.message === "string" ? failure.message : String(error),
    };
  }
}
