// vivo Push authentication: POST /message/auth with {appId, appKey, timestamp (ms), sign} where
// sign = md5(appId + appKey + timestamp + appSecret), lower-case hex (vivo server API v2.9.2, 1.1
// 推送鉴权接口; the same in meetleev/go-multipush vivo/auth.go and xxgail/PushSDK, both of which send
// appId and timestamp as JSON strings). The authToken lives 24 h, an app may hold several at once, and
// the endpoint takes at most 10 calls a second per app, so tokens are cached per credential for the
// whole process (token-cache.ts) and renewed after `refreshAfterMs` (vivo asks for every 1-2 h) or when refused.
import { createHash } from "node:crypto";
import type { VivoSecret } from "@/lib/channels/vivo";
import { ProviderConfigurationError } from "../types";
import { TokenCache, type CredentialTokens } from "../token-cache";
import type { VendorHttps } from "../vendor-https";
import { vivoVerdict } from "./codes";

// The sign of an auth request.
export function vivoSign(secret: VivoSecret, timestamp: string): string {
  return createHash("md5")
    .update(`${secret.appId}${secret.appKey}${timestamp}${secret.appSecret}`.trim(), "utf8")
    .digest("hex");
}

// The auth request body for `now`.
export function vivoAuthBody(secret: VivoSecret, now = Date.now()) {
  const timestamp = String(now);
  return { appId: secret.appId, appKey: secret.appKey, timestamp, sign: vivoSign(secret, timestamp) };
}

// The auth endpoint refused or could not be reached: `code` is vivo's result or a network code.
export class VivoAuthError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly retryable: boolean,
  ) {
    super(message);
    this.name = "VivoAuthError";
  }
}

// Fetches a fresh authToken (no cache).
export async function fetchVivoToken(http: VendorHttps, secret: VivoSecret): Promise<string> {
  const answer = await http.post("/message/auth", vivoAuthBody(secret));
  const body = answer.body as { result?: unknown; desc?: unknown; authToken?: unknown } | null;
  if (answer.status >= 500 || !body || typeof body.result !== "number")
    throw new VivoAuthError(`HTTP_${answer.status}`, `vivo auth answered HTTP ${answer.status}`, true);
  const desc = typeof body.desc === "string" ? body.desc : "";
  if (body.result === 0 && typeof body.authToken === "string" && body.authToken) return body.authToken;
  const verdict = vivoVerdict(body.result);
  throw new VivoAuthError(String(body.result), `vivo auth refused (${body.result}): ${desc}`, verdict === "retry");
}

// authTokens shared by every provider of this process, per endpoint and credential; a token is used
// for `refreshAfterMs` after its fetch.
const cache = new TokenCache(0);

// Forgets every cached token (tests).
export function clearVivoTokens() {
  cache.clear();
}

// The cache of one credential on one endpoint.
export class VivoTokens implements CredentialTokens {
  private readonly key: string;

  constructor(
    private readonly http: VendorHttps,
    private readonly secret: VivoSecret,
    baseUrl: string,
    private readonly refreshAfterMs: number,
  ) {
    const digest = createHash("sha256").update(`${secret.appKey}\n${secret.appSecret}`).digest("hex");
    this.key = `${baseUrl}|${secret.appId}|${digest}`;
  }

  // A usable token: the cached one while fresh, else one fetch shared by every concurrent caller.
  // A refusal of the credential becomes a ProviderConfigurationError.
  async get(): Promise<string> {
    const fetch = async () => ({
      value: await fetchVivoToken(this.http, this.secret),
      expiresAt: Date.now() + this.refreshAfterMs,
    });
    try {
      return await cache.get(this.key, fetch);
    } catch (error) {
      if (error instanceof VivoAuthError && !error.retryable)
        throw new ProviderConfigurationError(`VIVO_${error.code}`, error.message);
      throw error;
    }
  }

  // Drops `token` if it is still the cached one (vivo refused it), so the next get() fetches anew.
  invalidate(token: string) {
    cache.invalidate(this.key, token);
  }
}
