// What an answer of Honor's sendMessage means for the tokens of the request. Success is HTTP 200
// with a numeric `code: 200` and data {sendResult, requestId, failTokens[], expireTokens[]}
// (go-multipush honor/types.go PushMessageResp): expireTokens are unregistered, failTokens were
// refused, both marked invalid; the rest were sent. Honor publishes no error table that any source
// here quotes [unconfirmed, VENDORS.md §2]: Herald reads Huawei's codes where Honor's API mirrors
// Huawei's (80200003 token expired, 80300008 too large, 80300002 no permission) and HTTP statuses
// like Huawei's (401 auth, 503 flow control, 5xx retry).
import { parseJson, retryAfterMs, type VendorAnswer } from "../vendor-https";
import type { Verdict } from "../hms/verdict";

interface HonorBody {
  code?: unknown;
  message?: unknown;
  data?: { sendResult?: unknown; requestId?: unknown; failTokens?: unknown; expireTokens?: unknown } | null;
}

const strings = (value: unknown): string[] =>
  Array.isArray(value) ? value.filter((item): item is string => typeof item === "string") : [];

// Reads one answer.
export function readHonorAnswer(
  answer: Pick<VendorAnswer, "status" | "retryAfter" | "text">,
  now = Date.now(),
): Verdict {
  const body = parseJson(answer.text) as HonorBody | undefined;
  const code = body?.code === undefined ? undefined : String(body.code);
  const text = typeof body?.message === "string" ? body.message : "";
  if (answer.status === 503 || answer.status === 429)
    return { kind: "retry", code: "FLOW_CONTROL", retryAfterMs: retryAfterMs(answer.retryAfter, now) };
  if (answer.status === 200 && code === "200") {
    const invalid = new Map<string, string>();
    for (const token of strings(body?.data?.failTokens)) invalid.set(token, "FAIL_TOKEN");
    for (const token of strings(body?.data?.expireTokens)) invalid.set(token, "EXPIRED_TOKEN");
    const requestId = typeof body?.data?.requestId === "string" ? body.data.requestId : undefined;
    return { kind: "sent", requestId, invalid };
  }
  if (code === "80200003" || code === "80200001" || answer.status === 401)
    return { kind: "token_expired", code: code ?? "HTTP_401" };
  if (code === "80300008") return { kind: "failed", code: "PAYLOAD_TOO_LARGE" };
  if (code === "80100003" || code === "80100001") return { kind: "failed", code: "INVALID_MESSAGE" };
  if (code === "80300002" || answer.status === 403 || answer.status === 404)
    return {
      kind: "configuration",
      code: code ?? `HTTP_${answer.status}`,
      message: `Honor refused to send for this app id (${code ?? `HTTP ${answer.status}`}${text ? `: ${text}` : ""})`,
    };
  if (answer.status >= 500)
    return { kind: "retry", code: code ?? `HTTP_${answer.status}`, retryAfterMs: retryAfterMs(answer.retryAfter, now) };
  // Anything else: not sent, try again (never counted as sent, never drops a token).
  return { kind: "retry", code: code ?? `HTTP_${answer.status}` };
}
