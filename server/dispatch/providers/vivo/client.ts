// One vivo API call with the app's authToken: header `authToken`, `appId` in the body (vivo compares
// it with the token's app and answers 10094 when they differ, server API v2.9.2 修改记录 (2)), and one
// fresh token and one resend when vivo refuses the token (token-cache.ts). Answers are HTTP 200 with {result, desc, …}
// for business errors; HTTP 5xx ("Internet server error!") and network failures are retryable.
import type { VivoSecret } from "@/lib/channels/vivo";
import { withTokenRefresh } from "../token-cache";
import { VendorHttps } from "../vendor-https";
import { VivoTokens } from "./auth";
import { vivoVerdict, type VivoVerdict } from "./codes";
import type { VivoSettings } from "./settings";

// What a call came back with: vivo's answer, or an HTTP status without one.
export type VivoReply =
  | { kind: "answer"; result: number; verdict: VivoVerdict; desc: string; body: Record<string, unknown> }
  | { kind: "http"; status: number; retryAfterMs?: number };

// The body's appId: vivo's SDKs send it as a number.
function appIdValue(appId: string): number | string {
  const number = Number(appId);
  return Number.isSafeInteger(number) ? number : appId;
}

// vivo's result code of an answer body, or null.
function resultOf(body: unknown): number | null {
  const result = (body as { result?: unknown } | null)?.result;
  return typeof result === "number" ? result : null;
}

// A vivo API client for one credential.
export class VivoClient {
  readonly http: VendorHttps;
  readonly tokens: VivoTokens;

  constructor(
    readonly secret: VivoSecret,
    settings: VivoSettings,
  ) {
    this.http = new VendorHttps(settings.endpoint, settings.timeoutMs, settings.singleConcurrency * 2);
    this.tokens = new VivoTokens(this.http, secret, settings.endpoint.baseUrl, settings.refreshAfterMs);
  }

  // POSTs `body` plus the appId to `path`; a refused token is renewed once.
  async call(path: string, body: Record<string, unknown>, signal?: AbortSignal): Promise<VivoReply> {
    const payload = { appId: appIdValue(this.secret.appId), ...body };
    const answer = await withTokenRefresh(
      this.tokens,
      (token) => this.http.post(path, payload, { authToken: token }, signal),
      (answer) => {
        const result = resultOf(answer.body);
        return answer.status === 401 || (result !== null && vivoVerdict(result) === "auth");
      },
    );
    const status = answer.status;
    const parsed = answer.body as Record<string, unknown> | null;
    const result = resultOf(parsed);
    if (status !== 200 || result === null || !parsed) {
      const retryAfter = Number(answer.headers["retry-after"]);
      return {
        kind: "http",
        status,
        ...(Number.isFinite(retryAfter) && retryAfter >= 0 ? { retryAfterMs: retryAfter * 1000 } : {}),
      };
    }
    const desc = typeof parsed.desc === "string" ? parsed.desc : "";
    return { kind: "answer", result, verdict: vivoVerdict(result), desc, body: parsed };
  }

  close() {
    this.http.close();
  }
}
