// JPush v3 answers and what each means for Herald. Sources: jpush/jpush-docs @694250a
// zh/jpush/server/push/rest_api_v3_push.md (error table) and server_overview.md (rate-limit headers
// X-Rate-Limit-Quota / -Remaining / -Reset in seconds on every reply); docs.jiguang.cn http_status_code.
// Errors come as {"error":{"code","message"}} with a 4xx/5xx status (http_status_code.md: "200 is always
// success, no error uses 200"). JPush gives no per-token result: 1011 (HTTP 400, "cannot find user by
// this audience or has been inactive for more than 255 days", with a msg_id beside it, as seen in public
// clients) names no token, so the provider decides what it means (provider.ts).

// The outcome of an error answer.
export type JpushVerdict = "configuration" | "no_target" | "bad_value" | "too_large" | "rate" | "retry" | "failed";

// Codes that mean the AppKey / Master Secret or the app's account is wrong: 1004 auth failed, 1008
// bad AppKey, 2003 AppKey blocked, 2004 server IP not on the whitelist.
const configurationCodes = new Set([1004, 1008, 2003, 2004]);

// Classifies an error answer by JPush code (when the body had one) and HTTP status.
export function jpushVerdict(status: number, code: number | null): JpushVerdict {
  if (code !== null) {
    if (configurationCodes.has(code)) return "configuration";
    if (code === 1011) return "no_target";
    if (code === 1003) return "bad_value";
    if (code === 1005) return "too_large";
    if (code === 2002) return "rate";
    // 1000 internal, 1030 internal timeout, 2005 volume over what JPush deems reasonable.
    if (code === 1000 || code === 1030 || code === 2005) return "retry";
  }
  if (status === 401 || status === 403) return "configuration";
  if (status === 429) return "rate";
  if (status >= 500 || status === 0) return "retry";
  return "failed";
}

// The wait X-Rate-Limit-Reset asks for (seconds until the window resets), in milliseconds.
export function rateLimitWaitMs(headers: Record<string, string | string[] | undefined>): number | undefined {
  const value = Number(headers["x-rate-limit-reset"]);
  return Number.isFinite(value) && value >= 0 ? Math.max(1000, value * 1000) : undefined;
}
