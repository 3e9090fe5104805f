// The FCM provider's knobs, read from the environment (README "Configuration").

export interface FcmSettings {
  // sendEach() calls one worker may have in flight per credential (limits.concurrency).
  concurrency: number;
  // Most HTTP/2 sessions kept open across calls (another opens only when all carry 100 streams);
  // 0 = firebase-admin's own one session per call.
  sessions: number;
  // Deadline per FCM request in milliseconds (firebase-admin's fixed 15 s when larger).
  requestTimeoutMs: number;
  // Least wait before retrying after QUOTA_EXCEEDED (FCM asks for at least a minute); tests shorten it.
  quotaMinBackoffMs: number;
}

const whole = (value: string | undefined, fallback: number, min: number) => {
  const number = Number(value);
  return value !== undefined && value !== "" && Number.isInteger(number) && number >= min ? number : fallback;
};

// HERALD_FCM_CONCURRENCY (8), HERALD_FCM_SESSIONS (as many as calls in flight, so as many streams
// can be open as with firebase-admin's own sessions), HERALD_FCM_TIMEOUT_MS (15000),
// HERALD_FCM_QUOTA_MIN_BACKOFF_MS (60000).
export function readFcmSettings(env: Record<string, string | undefined> = process.env): FcmSettings {
  const concurrency = whole(env.HERALD_FCM_CONCURRENCY, 8, 1);
  return {
    concurrency,
    sessions: whole(env.HERALD_FCM_SESSIONS, concurrency, 0),
    requestTimeoutMs: whole(env.HERALD_FCM_TIMEOUT_MS, 15_000, 1),
    quotaMinBackoffMs: whole(env.HERALD_FCM_QUOTA_MIN_BACKOFF_MS, 60_000, 0),
  };
}
