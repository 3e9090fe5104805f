// What a firebase-admin error means for one message. firebase-admin 13 folds FCM's answer into a
// code (`messaging/<client code>` from the FcmError detail or google.rpc status, `app/...` for
// network, timeout and credential trouble) and keeps Google's message text; headers are dropped
// (Retry-After comes from the transport, call.ts).

export type FcmErrorClass = { outcome: "invalid_token" | "failed" | "retry" | "configuration"; errorCode: string };

const byCode: Record<string, FcmErrorClass> = {
  "messaging/registration-token-not-registered": { outcome: "invalid_token", errorCode: "UNREGISTERED" },
  "messaging/invalid-registration-token": { outcome: "invalid_token", errorCode: "INVALID_REGISTRATION" },
  "messaging/invalid-recipient": { outcome: "invalid_token", errorCode: "INVALID_RECIPIENT" },
  "messaging/invalid-payload": { outcome: "failed", errorCode: "INVALID_PAYLOAD" },
  "messaging/invalid-data-payload-key": { outcome: "failed", errorCode: "INVALID_DATA_KEY" },
  "messaging/invalid-options": { outcome: "failed", errorCode: "INVALID_OPTIONS" },
  "messaging/payload-size-limit-exceeded": { outcome: "failed", errorCode: "PAYLOAD_TOO_LARGE" },
  "messaging/invalid-package-name": { outcome: "failed", errorCode: "INVALID_PACKAGE_NAME" },
  // QUOTA_EXCEEDED and RESOURCE_EXHAUSTED both arrive as message-rate-exceeded.
  "messaging/message-rate-exceeded": { outcome: "retry", errorCode: "QUOTA_EXCEEDED" },
  "messaging/device-message-rate-exceeded": { outcome: "retry", errorCode: "DEVICE_MESSAGE_RATE_EXCEEDED" },
  "messaging/topics-message-rate-exceeded": { outcome: "retry", errorCode: "TOPICS_MESSAGE_RATE_EXCEEDED" },
  "messaging/server-unavailable": { outcome: "retry", errorCode: "UNAVAILABLE" },
  "messaging/internal-error": { outcome: "retry", errorCode: "INTERNAL" },
  "messaging/unknown-error": { outcome: "retry", errorCode: "UNKNOWN" },
  "app/network-timeout": { outcome: "retry", errorCode: "TIMEOUT" },
  "app/network-error": { outcome: "retry", errorCode: "NETWORK" },
  // SENDER_ID_MISMATCH and PERMISSION_DENIED: the key belongs to another project or lacks the role.
  "messaging/mismatched-credential": { outcome: "configuration", errorCode: "SENDER_ID_MISMATCH" },
  // THIRD_PARTY_AUTH_ERROR (APNs certificate / web push key) and UNAUTHENTICATED (bad OAuth token).
  "messaging/third-party-auth-error": { outcome: "configuration", errorCode: "THIRD_PARTY_AUTH_ERROR" },
  "messaging/authentication-error": { outcome: "configuration", errorCode: "UNAUTHENTICATED" },
};

// Network trouble while fetching the OAuth token also surfaces as app/invalid-credential.
const transientCredentialText =
  /ECONN|ETIMEDOUT|ENOTFOUND|EAI_AGAIN|EPIPE|socket hang up|network|timeout|status code 5\d\d/i;

// Classifies one message's error by firebase-admin's code and Google's message text.
export function classifyFcmError(code: string | undefined, message: string | undefined): FcmErrorClass {
  const text = message ?? "";
  if (code === "messaging/invalid-argument") {
    // FCM answers INVALID_ARGUMENT both for a malformed token and for bad content; only the text tells.
    return /registration token/i.test(text)
      ? { outcome: "invalid_token", errorCode: "INVALID_ARGUMENT" }
      : { outcome: "failed", errorCode: "INVALID_ARGUMENT" };
  }
  if (code === "app/invalid-credential") {
    return transientCredentialText.test(text)
      ? { outcome: "retry", errorCode: "TOKEN_FETCH" }
      : { outcome: "configuration", errorCode: "INVALID_CREDENTIAL" };
  }
  return (
    (code && byCode[code]) || {
      outcome: "retry",
      errorCode: code
        ? code
            .replace(/^[a-z]+\//, "")
            .toUpperCase()
            .replace(/-/g, "_")
        : "UNKNOWN",
    }
  );
}

// How long to wait before retrying a message that got `errorCode`, given the call's Retry-After.
// FCM asks for at least a minute after QUOTA_EXCEEDED (`quotaMinMs`, HERALD_FCM_QUOTA_MIN_BACKOFF_MS).
export function retryDelayMs(
  errorCode: string,
  retryAfterMs: number | undefined,
  quotaMinMs = 60_000,
): number | undefined {
  if (errorCode === "QUOTA_EXCEEDED") return Math.max(quotaMinMs, retryAfterMs ?? 0);
  return retryAfterMs;
}
