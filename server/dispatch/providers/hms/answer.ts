// What an answer of Huawei's v1 send API means for the tokens of the request. Huawei's `code` is a
// string; HTTP 200 carries most business errors; 80100000 is a partial success whose `msg` is a JSON
// string {"success":n,"failure":m,"illegal_tokens":[…]} (the v3 API's form nests them under
// illegalTokens, read too). Codes and HTTP statuses: HMSCore-References https-send-api-0000001050986197
// ("错误码"), hms-push-serverdemo-java ResponceCodeProcesser; 503 is flow control.
import { parseJson, retryAfterMs, type VendorAnswer } from "../vendor-https";
import type { Verdict } from "./verdict";

const failedCodes: Record<string, string> = {
  "80100001": "INVALID_PARAMETER",
  "80100003": "INVALID_MESSAGE",
  "80100004": "INVALID_TTL",
  "80100013": "INVALID_COLLAPSE_KEY",
  "80100016": "SENSITIVE_CONTENT",
  "80100018": "REVIEW_MISMATCH",
  "80300008": "PAYLOAD_TOO_LARGE",
  "80300010": "TOO_MANY_TOKENS",
};
const configurationCodes: Record<string, string> = {
  "80300002": "The app has no permission to send pushes (enable Push Kit in AppGallery Connect)",
  "80300011": "The app has no permission to send high-priority notifications",
  "80300013": "The receipt configuration (receipt_id) is wrong or its certificate expired",
  "80600003": "Huawei's OAuth service refused the client id and secret",
};
const retryCodes = new Set(["81000001", "80100017"]);

// The tokens listed as illegal in an 80100000 `msg`, in either of Huawei's forms.
export function illegalTokensOf(msg: unknown): Set<string> {
  const detail = typeof msg === "string" ? parseJson(msg) : msg;
  const found = new Set<string>();
  const collect = (value: unknown) => {
    if (Array.isArray(value)) for (const item of value) if (typeof item === "string") found.add(item);
  };
  if (detail && typeof detail === "object") {
    const record = detail as Record<string, unknown>;
    collect(record.illegal_tokens);
    const nested = record.illegalTokens;
    if (Array.isArray(nested)) collect(nested);
    else if (nested && typeof nested === "object") for (const list of Object.values(nested)) collect(list);
  }
  return found;
}

// Reads one answer (80200001 and 80200003 both ask for a fresh access token; VENDORS.md §14).
export function readHmsAnswer(answer: Pick<VendorAnswer, "status" | "retryAfter" | "text">, now = Date.now()): Verdict {
  const body = parseJson(answer.text) as { code?: unknown; msg?: unknown; requestId?: unknown } | undefined;
  const code = body?.code === undefined ? undefined : String(body.code);
  const requestId = typeof body?.requestId === "string" && body.requestId ? body.requestId : undefined;
  if (answer.status === 503)
    return { kind: "retry", code: "FLOW_CONTROL", retryAfterMs: retryAfterMs(answer.retryAfter, now) };
  if (code === "80000000") return { kind: "sent", requestId, invalid: new Map() };
  if (code === "80100000") {
    const invalid = new Map([...illegalTokensOf(body?.msg)].map((token) => [token, "ILLEGAL_TOKEN"]));
    return { kind: "sent", requestId, invalid };
  }
  if (code === "80300007") return { kind: "all_invalid", code };
  if (code === "80200003" || code === "80200001") return { kind: "token_expired", code };
  if (code && failedCodes[code]) return { kind: "failed", code: failedCodes[code] };
  if (code && configurationCodes[code])
    return {
      kind: "configuration",
      code,
      message: `${configurationCodes[code]} (${code}: ${String(body?.msg ?? "")})`,
    };
  if (code && retryCodes.has(code)) return { kind: "retry", code };
  if (answer.status === 401) return { kind: "token_expired", code: code ?? "HTTP_401" };
  if (answer.status >= 500 || answer.status === 429)
    return { kind: "retry", code: code ?? `HTTP_${answer.status}`, retryAfterMs: retryAfterMs(answer.retryAfter, now) };
  if (answer.status === 404 || answer.status === 403)
    return {
      kind: "configuration",
      code: `HTTP_${answer.status}`,
      message: `Huawei answered HTTP ${answer.status}: check the app id`,
    };
  // An answer Herald does not know: not sent, try again (never counted as sent, never drops the token).
  return { kind: "retry", code: code ?? `HTTP_${answer.status}` };
}
