// APNs answers and what each means for Herald. Source: developer.apple.com "Handling notification
// responses from APNs" (status codes and the `reason` strings of the JSON error body; 410 carries the
// `timestamp` when the token stopped being valid) and VENDORS.md Part 2.

// The outcome of an APNs refusal.
export type ApnsVerdict = "invalid_token" | "retry" | "configuration" | "failed";

// Reasons that mean the device token is dead or belongs to another app: never send to it again.
const deadTokenReasons = new Set(["BadDeviceToken", "DeviceTokenNotForTopic", "Unregistered"]);
// Reasons that mean the app's credential or bundle id is wrong: nothing can go out until staff fix
// it. TooManyProviderTokenUpdates is the provider refreshing its JWT too often (a setup problem too).
const configurationReasons = new Set([
  "ExpiredProviderToken",
  "InvalidProviderToken",
  "MissingProviderToken",
  "BadCertificate",
  "BadCertificateEnvironment",
  "Forbidden",
  "BadTopic",
  "TopicDisallowed",
  "MissingTopic",
  "TooManyProviderTokenUpdates",
]);

// Classifies a refusal by its reason (when the body had one) and HTTP status.
export function apnsVerdict(status: number | undefined, reason: string | undefined): ApnsVerdict {
  if (reason && deadTokenReasons.has(reason)) return "invalid_token";
  if (status === 410) return "invalid_token";
  if (reason && configurationReasons.has(reason)) return "configuration";
  if (status === 403) return "configuration";
  // 429 TooManyRequests (the same token too often), 500 InternalServerError, 503 ServiceUnavailable
  // and Shutdown, and any answer that never came (timeout, reset stream).
  if (status === undefined || status === 429 || status >= 500) return "retry";
  // 413 PayloadTooLarge, 400 BadCollapseId / BadExpirationDate / BadPriority / PayloadEmpty / ...:
  // this message can never go as it is.
  return "failed";
}

// How long to wait before a retried token is tried again. node-apn retries 429 and 5xx itself
// (connectionRetryLimit) without the server's Retry-After; after that the dispatcher backs off:
// longer for 429, which Apple sends when one device gets too many pushes.
export function apnsRetryAfterMs(status: number | undefined): number | undefined {
  if (status === 429) return 10_000;
  if (status === 503) return 5_000;
  return undefined;
}
