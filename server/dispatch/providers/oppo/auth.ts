// OPPO Push's auth token: POST /server/v1/auth with the form fields app_key, timestamp (ms) and
// sign = hex(sha256(app_key + timestamp + master_secret)), answered {code: 0, data: {auth_token,
// create_time}}; the token lives 24 hours and goes with each call as the form field auth_token
// (open.oppomobile.com developmentDoc 11234 "common parameters and return codes", copies in GitHub
// code; iswangwenbin/pushapi AuthReq). Tokens are cached per AppKey for the process, refreshed an
// hour before they expire, fetched once for concurrent senders, and dropped when OPPO answers
// code 11 (invalid auth_token) so the caller can fetch a fresh one once (token-cache.ts).
import { createHash } from "node:crypto";
import type { OppoSecret } from "@/lib/channels/oppo";
import { TokenCache, type CredentialTokens, type IssuedToken } from "../token-cache";
import { parseJsonObject, postForm, VendorNetworkError, type VendorEndpoint } from "../vendor-https";

export const oppoAuthPath = "/server/v1/auth";
// OPPO's token lifetime, and how long before its end Herald stops using one.
export const oppoTokenLifetimeMs = 24 * 3_600_000;
const refreshMarginMs = 3_600_000;

// The auth call failed: `configuration` when the AppKey / MasterSecret are wrong, else transient.
export class OppoAuthError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly configuration: boolean,
  ) {
    super(message);
    this.name = "OppoAuthError";
  }
}

// The signature of an auth request.
export function oppoSign(appKey: string, timestamp: number, masterSecret: string): string {
  return createHash("sha256").update(`${appKey}${timestamp}${masterSecret}`).digest("hex");
}

// Codes of the auth answer that mean the credential is wrong (14/15 AppKey, 16 sign, 28 app disabled,
// 30 no API permission).
const configurationCodes = new Set([14, 15, 16, 28, 30]);

// Fetches a new token (no cache): what verifyOppoCredential and the cache call.
export async function fetchOppoToken(
  endpoint: VendorEndpoint,
  secret: OppoSecret,
  timeoutMs: number,
  nowMs = Date.now(),
): Promise<IssuedToken> {
  const timestamp = nowMs;
  let answer;
  try {
    answer = await postForm(
      endpoint,
      oppoAuthPath,
      { app_key: secret.appKey, timestamp, sign: oppoSign(secret.appKey, timestamp, secret.masterSecret) },
      { timeoutMs },
    );
  } catch (error) {
    const code = error instanceof VendorNetworkError ? error.code : "NETWORK";
    throw new OppoAuthError(code, `OPPO auth request failed: ${(error as Error).message}`, false);
  }
  const body = parseJsonObject(answer.text);
  if (answer.status >= 500 || !body)
    throw new OppoAuthError(`HTTP_${answer.status}`, `OPPO auth answered HTTP ${answer.status}`, false);
  const code = Number(body.code);
  const data = body.data as { auth_token?: unknown; create_time?: unknown } | undefined;
  if (code === 0 && typeof data?.auth_token === "string") {
    const created = Number(data.create_time);
    const from = Number.isFinite(created) && created > 0 ? Math.min(created, nowMs) : nowMs;
    return { value: data.auth_token, expiresAt: from + oppoTokenLifetimeMs };
  }
  const message = typeof body.message === "string" ? body.message : "";
  throw new OppoAuthError(
    String(Number.isFinite(code) ? code : "UNKNOWN"),
    `OPPO refused the auth request (code ${body.code}${message ? `: ${message}` : ""}).`,
    configurationCodes.has(code),
  );
}

// Tokens shared by every OPPO provider of the process, per endpoint and credential.
const cache = new TokenCache(refreshMarginMs);
const keyOf = (endpoint: VendorEndpoint, secret: OppoSecret) =>
  `${endpoint.baseUrl}|${secret.appKey}|${createHash("sha256").update(secret.masterSecret).digest("hex")}`;

// The tokens of one credential on one endpoint.
export function oppoTokens(endpoint: VendorEndpoint, secret: OppoSecret, timeoutMs: number): CredentialTokens {
  return cache.for(keyOf(endpoint, secret), () => fetchOppoToken(endpoint, secret, timeoutMs));
}

// Empties the cache (tests).
export function clearOppoTokens() {
  cache.clear();
}
