// One OPPO Push API call with the app's auth token (auth.ts), and the adapter's settings. The token
// goes as the form field auth_token (and the auth_token header, as the SDKs send it); code 11 (invalid
// auth_token) drops it, fetches a new one and sends the request again, once (token-cache.ts). The answer's data may be
// JSON or a string holding JSON (developmentDoc 11234 / 11236 show the one and type the other).
import type { OppoSecret } from "@/lib/channels/oppo";
import {
  parseJson,
  parseJsonObject,
  postForm,
  vendorEndpointFromEnv,
  type VendorEndpoint,
  type VendorSettings,
} from "../vendor-https";
import { withTokenRefresh } from "../token-cache";
import { oppoTokens } from "./auth";
import { classifyOppoCode, type OppoOutcome } from "./message";

// OPPO's mainland host (devices outside China: https://api-intl.push.oppomobile.com).
export const oppoDefaultEndpoint: VendorEndpoint = { baseUrl: "https://api.push.oppomobile.com" };
export const oppoUnicastPath = "/server/v1/message/notification/unicast";
export const oppoBatchPath = "/server/v1/message/notification/unicast_batch";

// The adapter's settings, handed in by the dispatcher's wiring.
// Where OPPO Push is: HERALD_OPPO_ENDPOINT / HERALD_OPPO_CA_FILE point it at a fake.
export interface OppoSettings extends VendorSettings {
  // Receipt callback URL (call_back_url, with the campaign id as call_back_parameter); none without HERALD_PUBLIC_URL.
  callbackUrl?: string;
}

// The settings the dispatcher's wiring passes in from its environment: HERALD_OPPO_ENDPOINT and
// HERALD_OPPO_CA_FILE point the adapter at a stand-in (a loopback fake); unset, the vendor's host.
export function oppoSettingsFromEnv(env: Record<string, string | undefined>): Partial<OppoSettings> {
  return { endpoint: vendorEndpointFromEnv("oppo", oppoDefaultEndpoint.baseUrl, env) };
}

// The settings in force when none are given.
export const oppoDefaults: OppoSettings = { endpoint: oppoDefaultEndpoint, timeoutMs: 15_000, concurrency: 8 };

// One answer: what its code means, and its per-item results or message id.
export type OppoAnswer = {
  outcome: OppoOutcome;
  message: string;
  items?: Array<Record<string, unknown>>;
  messageId?: string;
};

// OPPO's message id, a string or (in older answers) a number.
export const idOf = (value: unknown) =>
  typeof value === "string" || typeof value === "number" ? String(value) : undefined;

// One request with the current token; code 11 refreshes the token and sends again, once.
export async function oppoRequest(
  config: OppoSettings,
  secret: OppoSecret,
  path: string,
  fields: Record<string, string>,
  signal?: AbortSignal,
): Promise<OppoAnswer> {
  const answer = await withTokenRefresh(
    oppoTokens(config.endpoint, secret, config.timeoutMs),
    async (token): Promise<OppoAnswer> => {
      const answer = await postForm(
        config.endpoint,
        path,
        { ...fields, auth_token: token },
        {
          headers: { auth_token: token },
          timeoutMs: config.timeoutMs,
          signal,
        },
      );
      const body = parseJsonObject(answer.text);
      if (answer.status >= 500 || !body)
        return { outcome: { kind: "retry", errorCode: `HTTP_${answer.status}` }, message: "" };
      const code = Number(body.code);
      const message = typeof body.message === "string" ? body.message : "";
      const outcome = classifyOppoCode(Number.isFinite(code) ? code : -1, message);
      if (outcome.kind === "reauth") return { outcome, message };
      // The document types data as a string holding JSON and shows it as JSON: both are read.
      const data = typeof body.data === "string" ? parseJson(body.data) : body.data;
      if (Array.isArray(data)) return { outcome, message, items: data as Array<Record<string, unknown>> };
      const messageId = idOf((data as { messageId?: unknown } | undefined)?.messageId);
      return { outcome, message, ...(messageId ? { messageId } : {}) };
    },
    (answer) => answer.outcome.kind === "reauth",
  );
  // A fresh token refused too: try again later.
  if (answer.outcome.kind === "reauth")
    return { outcome: { kind: "retry", errorCode: answer.outcome.errorCode }, message: answer.message };
  return answer;
}
