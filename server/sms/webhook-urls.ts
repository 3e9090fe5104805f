// The SMS providers' callbacks to Herald, under /api/v1/sms/:
//   twilio/{appId}/status  and  twilio/{appId}/inbound   (signed by Twilio with the app's auth token:
//                                                          X-Twilio-Signature, checked against the URL)
//   aliyun/{appId}/{secret}/report  and  aliyun/{appId}/{secret}/up   (Alibaba Cloud signs nothing: the
//                                                          app's secret in the path authenticates them)
// The secret is derived from HERALD_ENCRYPTION_KEY like the vendor receipt URLs' (receipt-urls.ts).
// Without HERALD_PUBLIC_URL no status callback is requested.
import "server-only";
import { derivedSecret, sameText } from "@/server/crypto";
import { publicBaseUrl, type ReceiptSetup } from "@/server/receipts/receipt-urls";

// The app's Aliyun callback secret: 128 bits, base64url.
export function aliyunSmsSecret(appId: string): string {
  return derivedSecret(`sms/aliyun/${appId}`).subarray(0, 16).toString("base64url");
}

// Whether `given` is the app's Aliyun callback secret (constant time).
export function isAliyunSmsSecret(appId: string, given: string): boolean {
  return sameText(aliyunSmsSecret(appId), given);
}

// Where Twilio reports a message's status, or null without a public URL.
export function twilioStatusUrl(appId: string, env: Record<string, string | undefined> = process.env): string | null {
  const base = publicBaseUrl(env);
  return base ? `${base}/api/v1/sms/twilio/${appId}/status` : null;
}

// What the app page shows staff for the provider's console: the URLs to enter there.
export interface SmsWebhookSetup {
  twilioInbound: string;
  twilioStatus: string;
  aliyunReport: string;
  aliyunUp: string;
}

// Every SMS callback URL of the app, or null without HERALD_PUBLIC_URL.
export function smsWebhookSetup(appId: string, env: Record<string, string | undefined> = process.env) {
  const base = publicBaseUrl(env);
  if (!base) return null;
  const aliyun = `${base}/api/v1/sms/aliyun/${appId}/${aliyunSmsSecret(appId)}`;
  return {
    twilioInbound: `${base}/api/v1/sms/twilio/${appId}/inbound`,
    twilioStatus: `${base}/api/v1/sms/twilio/${appId}/status`,
    aliyunReport: `${aliyun}/report`,
    aliyunUp: `${aliyun}/up`,
  } satisfies SmsWebhookSetup;
}

// The SMS credential card's callback URLs for the app's provider (none without HERALD_PUBLIC_URL or an
// SMS credential): Twilio's status URL goes with each message, its inbound URL is set on the number in
// Twilio's console; Aliyun's report and up URLs are both set in its console (HTTP push mode).
export function smsReceiptSetup(
  appId: string,
  credentials: ReadonlyArray<{ channel: string; summary: Record<string, string | null> }>,
  env: Record<string, string | undefined> = process.env,
): { sms: ReceiptSetup } | null {
  const setup = smsWebhookSetup(appId, env);
  const credential = credentials.find((c) => c.channel === "sms");
  if (!setup || !credential) return null;
  return credential.summary.provider === "Twilio"
    ? { sms: { url: setup.twilioStatus, inboundUrl: setup.twilioInbound, console: false } }
    : { sms: { url: setup.aliyunReport, inboundUrl: setup.aliyunUp, console: true } };
}
