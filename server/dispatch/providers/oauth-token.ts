// OAuth 2.0 client credentials for Huawei and Honor (RFC 6749 §4.4): a form POST of grant_type,
// client_id and client_secret answered with {access_token, expires_in}. The token is cached until a
// minute before it expires, fetched once for concurrent callers, and dropped when the vendor says it
// expired (Huawei 80200003) so the caller refreshes once and retries (token-cache.ts).
// Sources: Huawei HMSCore-Guides oauth2-0000001212610981 (client mode) and hms-push-serverdemo-java
// url.properties (token URL); Honor: go-multipush honor/push.go and wildfirechat HonorPush.java.
import type https from "node:https";
import { TokenCache, type CredentialTokens, type IssuedToken } from "./token-cache";
import { parseJson, post, VendorNetworkError } from "./vendor-https";

// The vendor refused the credential (unknown client, wrong secret): staff must fix the app's settings.
export class CredentialRefused extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = "CredentialRefused";
  }
}

// The token endpoint is unreachable or failing (network, 5xx): try again later.
export class TokenUnavailable extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = "TokenUnavailable";
  }
}

// Renew this long before the vendor's expiry, so a token never expires in flight.
const marginMs = 60_000;

export interface TokenSourceOptions {
  url: string;
  clientId: string;
  clientSecret: string;
  agent: https.Agent;
  timeoutMs: number;
  now?: () => number;
}

// Fetches and caches one client's access token.
export class TokenSource implements CredentialTokens {
  private readonly cache: TokenCache;

  constructor(private readonly options: TokenSourceOptions) {
    this.cache = new TokenCache(marginMs, options.now);
  }

  // Tokens fetched so far (tests and diagnostics).
  get fetched() {
    return this.cache.fetched;
  }

  // A valid access token: the cached one, or a fresh one.
  get(): Promise<string> {
    return this.cache.get("", () => this.fetch());
  }

  // Forgets `value` (the vendor said it expired), unless a newer token already replaced it.
  invalidate(value: string) {
    this.cache.invalidate("", value);
  }

  private async fetch(): Promise<IssuedToken> {
    const { url, clientId, clientSecret, agent, timeoutMs } = this.options;
    const form = new URLSearchParams({
      grant_type: "client_credentials",
      client_id: clientId,
      client_secret: clientSecret,
    });
    let answer;
    try {
      answer = await post(url, form.toString(), {
        agent,
        timeoutMs,
        headers: { "content-type": "application/x-www-form-urlencoded" },
      });
    } catch (error) {
      const code = error instanceof VendorNetworkError ? error.code : "network";
      throw new TokenUnavailable(`TOKEN_${code.toUpperCase()}`, `token request failed: ${(error as Error).message}`);
    }
    const body = parseJson(answer.text) as
      { access_token?: unknown; expires_in?: unknown; error?: unknown; error_description?: unknown } | undefined;
    if (answer.status >= 500 || answer.status === 429 || answer.status === 0)
      throw new TokenUnavailable(`TOKEN_HTTP_${answer.status}`, `token endpoint answered HTTP ${answer.status}`);
    if (answer.status !== 200 || typeof body?.access_token !== "string" || !body.access_token) {
      const reason = body?.error_description ?? body?.error ?? answer.text.slice(0, 200);
      throw new CredentialRefused(
        "INVALID_CREDENTIAL",
        `the token endpoint refused the client id and secret (HTTP ${answer.status}): ${String(reason)}`,
      );
    }
    const seconds = typeof body.expires_in === "number" && body.expires_in > 0 ? body.expires_in : 3600;
    return { value: body.access_token, expiresAt: (this.options.now?.() ?? Date.now()) + seconds * 1000 };
  }
}
