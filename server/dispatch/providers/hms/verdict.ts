// What a Huawei-style vendor's answer means for the tokens of one request, and how a request is sent
// with an OAuth access token that may expire mid-send: shared by the HMS and Honor adapters.
import type https from "node:https";
import type { SendResult } from "../types";
import { CredentialRefused, type TokenSource, TokenUnavailable } from "../oauth-token";
import { withTokenRefresh } from "../token-cache";
import { post, VendorNetworkError, type VendorAnswer } from "../vendor-https";

export type Verdict =
  // Sent to every token but those in `invalid` (token -> error code).
  | { kind: "sent"; requestId: string | undefined; invalid: Map<string, string> }
  // Every token is invalid.
  | { kind: "all_invalid"; code: string }
  // The access token expired or was refused: refresh once and send again.
  | { kind: "token_expired"; code: string }
  // Nothing was sent; try again later (flow control, server trouble, network).
  | { kind: "retry"; code: string; retryAfterMs?: number }
  // This message can never be sent as it is (too large, bad field).
  | { kind: "failed"; code: string }
  // The app's setup is wrong: the campaign pauses until staff fix it.
  | { kind: "configuration"; code: string; message: string };

// A verdict after the one refresh: never token_expired.
export type FinalVerdict = Exclude<Verdict, { kind: "token_expired" }>;

// One vendor client: the agent, the token source, where to send and how to read the answer.
export interface VendorClient {
  agent: https.Agent;
  tokens: TokenSource;
  sendUrl: string;
  timeoutMs: number;
  // Headers besides authorization (Honor adds its timestamp per request).
  headers: () => Record<string, string>;
  read: (answer: Pick<VendorAnswer, "status" | "retryAfter" | "text">) => Verdict;
  // What a second expiry right after a refresh means (a fresh token refused: the credential).
  refusedAfterRefresh: (code: string) => FinalVerdict;
}

// Sends one request body with a valid access token, refreshing it once when the vendor says it expired.
export async function sendWithToken(client: VendorClient, body: string, signal?: AbortSignal): Promise<FinalVerdict> {
  try {
    const verdict = await withTokenRefresh(
      client.tokens,
      async (token): Promise<Verdict> => {
        try {
          const answer = await post(client.sendUrl, body, {
            agent: client.agent,
            timeoutMs: client.timeoutMs,
            signal,
            headers: { ...client.headers(), authorization: `Bearer ${token}` },
          });
          return client.read(answer);
        } catch (error) {
          if (error instanceof VendorNetworkError) return { kind: "retry", code: error.code };
          throw error;
        }
      },
      (verdict) => verdict.kind === "token_expired",
    );
    return verdict.kind === "token_expired" ? client.refusedAfterRefresh(verdict.code) : verdict;
  } catch (error) {
    // The token endpoint: a refused credential pauses the campaign, an unreachable one retries.
    if (error instanceof CredentialRefused) return { kind: "configuration", code: error.code, message: error.message };
    if (error instanceof TokenUnavailable) return { kind: "retry", code: error.code };
    throw error;
  }
}

// The result of one token under a verdict (configuration verdicts are thrown by the caller instead).
export function resultOf(verdict: Exclude<FinalVerdict, { kind: "configuration" }>) {
  return (token: string, deliveryId: string): SendResult => {
    switch (verdict.kind) {
      case "sent": {
        const invalid = verdict.invalid.get(token);
        if (invalid) return { deliveryId, outcome: "invalid_token", errorCode: invalid };
        return { deliveryId, outcome: "sent", ...(verdict.requestId ? { providerMessageId: verdict.requestId } : {}) };
      }
      case "all_invalid":
        return { deliveryId, outcome: "invalid_token", errorCode: verdict.code };
      case "failed":
        return { deliveryId, outcome: "failed", errorCode: verdict.code };
      case "retry":
        return {
          deliveryId,
          outcome: "retry",
          errorCode: verdict.code,
          ...(verdict.retryAfterMs !== undefined ? { retryAfterMs: verdict.retryAfterMs } : {}),
        };
    }
  };
}

// The answer of a "test credentials" check.
export type CredentialCheck = { ok: true } | { ok: false; code: string; message: string };

// Fetches one access token: the check the "test credentials" button runs.
export async function checkTokenFetch(tokens: TokenSource): Promise<CredentialCheck> {
  try {
    await tokens.get();
    return { ok: true };
  } catch (error) {
    if (error instanceof CredentialRefused || error instanceof TokenUnavailable)
      return { ok: false, code: error.code, message: error.message };
    throw error;
  }
}
