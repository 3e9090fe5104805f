// Where the vendors send their receipts and how Herald knows a receipt is for real: every app has, per
// vendor channel, a receipt secret derived from HERALD_ENCRYPTION_KEY (crypto.ts derivedSecret; nothing
// stored, the same in every process), and the receipt URL is
//   <HERALD_PUBLIC_URL>/api/v1/receipts/<channel>/<appId>/<secret>
// Xiaomi, OPPO, vivo and JPush are told this URL with each push (server/dispatch/channels.ts); Huawei and
// Honor take it once in their consoles. Several vendors sign nothing (Xiaomi, OPPO and vivo document no
// authentication of their callbacks), so the unguessable secret in the path is what authenticates them;
// Huawei's signature header and JPush's Basic credentials are checked on top where the vendor sends them
// (server/receipts/vendors/*). Without HERALD_PUBLIC_URL no callback is requested.
import "server-only";
import type { DeviceChannel } from "@/lib/channels/devices";
import { derivedSecret, sameText } from "@/server/crypto";

// The channels whose vendors call back.
export const receiptChannels = ["hms", "honor", "xiaomi", "oppo", "vivo", "jpush"] as const satisfies DeviceChannel[];
export type ReceiptChannel = (typeof receiptChannels)[number];

export function isReceiptChannel(value: string): value is ReceiptChannel {
  return (receiptChannels as readonly string[]).includes(value);
}

// 128 bits in base64url (22 characters): vivo takes callback URLs of at most 128 characters.
export function receiptSecret(appId: string, channel: ReceiptChannel): string {
  return derivedSecret(`receipts/${channel}/${appId}`).subarray(0, 16).toString("base64url");
}

// Whether `given` is the app's receipt secret for the channel (constant time).
export function isReceiptSecret(appId: string, channel: ReceiptChannel, given: string): boolean {
  return sameText(receiptSecret(appId, channel), given);
}

// The key of Huawei-style signed receipts (X-HUAWEI-CALLBACK-ID), entered in the vendor's console next
// to the URL; another derivation than the path secret, so the one in URLs and logs does not give it away.
export function receiptSigningKey(appId: string, channel: ReceiptChannel): string {
  return derivedSecret(`receipt-signing/${channel}/${appId}`).subarray(0, 24).toString("base64url");
}

// The user name Huawei-style consoles ask for with the key (it is part of the signed text).
export const receiptSigningUser = "herald";

// Herald's public base URL (HERALD_PUBLIC_URL without a trailing slash), or null when unset or not http(s).
export function publicBaseUrl(env: Record<string, string | undefined> = process.env): string | null {
  const raw = env.HERALD_PUBLIC_URL?.trim();
  if (!raw) return null;
  try {
    const url = new URL(raw);
    if (url.protocol !== "https:" && url.protocol !== "http:") return null;
    return url.toString().replace(/\/+$/, "");
  } catch {
    return null;
  }
}

// The app's receipt URL for a vendor, or undefined when HERALD_PUBLIC_URL is unset (no callback then).
export function receiptUrl(
  appId: string,
  channel: ReceiptChannel,
  env: Record<string, string | undefined> = process.env,
): string | undefined {
  const base = publicBaseUrl(env);
  return base ? `${base}/api/v1/receipts/${channel}/${appId}/${receiptSecret(appId, channel)}` : undefined;
}

// What the app page shows staff who manage credentials about one vendor's receipts: the URL, and for
// the vendors whose console takes it (Huawei, Honor) that it must be entered there, with Huawei's user
// name and key.
export interface ReceiptSetup {
  url: string;
  // True when the URL is entered once in the vendor's console; false when Herald sends it with each push.
  console: boolean;
  user?: string;
  key?: string;
  // Where replies from phones arrive (SMS: STOP and START), when the vendor has such a URL.
  inboundUrl?: string;
}

// Every vendor's receipt setup for the app, or null without HERALD_PUBLIC_URL (no receipts then).
export function receiptSetup(
  appId: string,
  env: Record<string, string | undefined> = process.env,
): Record<ReceiptChannel, ReceiptSetup> | null {
  if (!publicBaseUrl(env)) return null;
  const setup = (channel: ReceiptChannel): ReceiptSetup => ({
    url: receiptUrl(appId, channel, env)!,
    console: channel === "hms" || channel === "honor",
    ...(channel === "hms" ? { user: receiptSigningUser, key: receiptSigningKey(appId, channel) } : {}),
  });
  return Object.fromEntries(receiptChannels.map((channel) => [channel, setup(channel)])) as Record<
    ReceiptChannel,
    ReceiptSetup
  >;
}
