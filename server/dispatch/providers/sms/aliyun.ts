// Alibaba Cloud SMS (阿里云短信服务) through its official SDK, @alicloud/dysmsapi20170525 4.x: one SendSms
// per signal (RPC API 2017-05-25, POST https://dysmsapi.aliyuncs.com/ with the AccessKey's HMAC-SHA1
// signature, SignatureVersion 1.0), the app's sign name and template, the signal in the template's one
// variable. SendSms answers HTTP 200 with Code "OK" and a BizId, or an isv.* Code for a refused message;
// a bad AccessKey or signature is an HTTP 4xx the SDK throws. Codes:
// https://help.aliyun.com/zh/sms/developer-reference/api-error-codes
import DysmsapiExport, * as $Dysmsapi from "@alicloud/dysmsapi20170525";
import * as $OpenApi from "@alicloud/openapi-core";
import type { AliyunSmsSecret } from "@/lib/channels/sms";
import { ProviderConfigurationError } from "@/server/dispatch/providers/types";
import type { SmsOutgoing, SmsResult, SmsSender } from "./types";
import { mapLimited, type SmsEndpoint } from "./endpoint";

const aliyunHost = "dysmsapi.aliyuncs.com";

// The SDK's client class: Node's ESM loader hands over the CommonJS exports object (class on .default),
// bundlers the class itself.
const Dysmsapi = (DysmsapiExport as unknown as { default?: typeof DysmsapiExport }).default ?? DysmsapiExport;
type Dysmsapi = InstanceType<typeof DysmsapiExport>;

export interface AliyunSettings {
  endpoint: SmsEndpoint;
  // SendSms calls in flight at once (the API allows 5,000 per second per account).
  concurrency?: number;
  timeoutMs?: number;
}

// Codes that say the message itself is refused for good.
const failedCodes = new Set([
  "isv.MOBILE_NUMBER_ILLEGAL",
  "isv.MOBILE_COUNT_OVER_LIMIT",
  "isv.PARAM_LENGTH_LIMIT",
  "isv.PARAM_NOT_SUPPORT_URL",
  "isv.INVALID_JSON_PARAM",
  "isv.EXTEND_CODE_ERROR",
  "isv.DOMESTIC_NUMBER_NOT_SUPPORTED",
]);
// Codes that say the app's Alibaba Cloud account, sign name or template cannot send at all.
const configurationCodes = new Set([
  "isv.SMS_SIGNATURE_ILLEGAL",
  "isv.SMS_SIGN_ILLEGAL",
  "isv.SMS_TEMPLATE_ILLEGAL",
  "isv.TEMPLATE_MISSING_PARAMETERS",
  "isv.TEMPLATE_PARAMS_ILLEGAL",
  "isv.ACCOUNT_NOT_EXISTS",
  "isv.ACCOUNT_ABNORMAL",
  "isv.AMOUNT_NOT_ENOUGH",
  "isv.OUT_OF_SERVICE",
  "isv.PRODUCT_UN_SUBSCRIPT",
  "isv.PRODUCT_UNSUBSCRIBE",
  "isv.RAM_PERMISSION_DENY",
  "isv.DENY_IP_RANGE",
  "SignatureDoesNotMatch",
  "InvalidAccessKeyId.NotFound",
  "InvalidAccessKeyId.Inactive",
  "Forbidden.RAM",
  "Forbidden.AccessKeyDisabled",
  "IncompleteSignature",
  "SignatureNonceUsed",
  "InvalidTimeStamp.Expired",
]);

// What SendSms's Code means for one message.
export function classifyAliyunCode(id: bigint, code: string, message: string): SmsResult {
  if (configurationCodes.has(code))
    throw new ProviderConfigurationError(code, `Alibaba Cloud SMS refused the request: ${message}`);
  if (/BLACK/i.test(code)) return { id, status: "opted_out", errorCode: code };
  // Per-number frequency control (1 a minute, 5 an hour, 10 a day by default): try again later.
  if (code === "isv.BUSINESS_LIMIT_CONTROL" || code === "isv.DAY_LIMIT_CONTROL")
    return { id, status: "retry", errorCode: code, retryAfterMs: 60_000 };
  if (
    /^(Throttling|ServiceUnavailable|InternalError)/.test(code) ||
    code === "isp.SYSTEM_ERROR" ||
    code === "isp.RAM_PERMISSION_DENY"
  )
    return { id, status: "retry", errorCode: code, retryAfterMs: 10_000 };
  if (failedCodes.has(code) || code.startsWith("isv.")) return { id, status: "failed", errorCode: code };
  return { id, status: "retry", errorCode: code, retryAfterMs: 30_000 };
}

// The number as SendSms takes it: a mainland number without +86, any other with its calling code, no "+".
export function aliyunPhoneNumber(e164: string): string {
  return e164.startsWith("+86") ? e164.slice(3) : e164.replace(/^\+/, "");
}

// An SDK client for the secret talking to the endpoint (its host and port; https unless it says http).
export function aliyunClient(secret: AliyunSmsSecret, endpoint: SmsEndpoint, timeoutMs = 15_000): Dysmsapi {
  const url = endpoint.baseUrl ? new URL(endpoint.baseUrl) : null;
  return new Dysmsapi(
    new $OpenApi.$OpenApiUtil.Config({
      accessKeyId: secret.accessKeyId,
      accessKeySecret: secret.accessKeySecret,
      endpoint: url ? url.host : aliyunHost,
      protocol: url ? url.protocol.replace(":", "") : "https",
      // The RPC signature of the SMS API's documentation (HMAC-SHA1 over the sorted parameters).
      signatureAlgorithm: "v2",
      readTimeout: timeoutMs,
      connectTimeout: Math.min(timeoutMs, 5_000),
      ...(endpoint.ca ? { ca: String(endpoint.ca) } : {}),
    }),
  );
}

// An SDK failure (thrown): its Code and message.
export function aliyunFailure(error: unknown): { code: string; message: string; statusCode: number } {
  const failure = error as { code?: unknown; message?: unknown; statusCode?: unknown; data?: unknown };
  const data = (failure.data ?? {}) as { Code?: unknown; Message?: unknown };
  const code = typeof data.Code === "string" ? data.Code : typeof failure.code === "string" ? failure.code : "NETWORK";
  const message = typeof data.Message === "string" ? data.Message : String(failure.message ?? error);
  return { code, message, statusCode: typeof failure.statusCode === "number" ? failure.statusCode : 0 };
}

// The Alibaba Cloud SMS sender of an app.
export function createAliyunSender(secret: AliyunSmsSecret, settings: AliyunSettings): SmsSender {
  const client = aliyunClient(secret, settings.endpoint, settings.timeoutMs);
  return {
    provider: "aliyun",
    send: (messages: SmsOutgoing[]) =>
      mapLimited(messages, settings.concurrency ?? 16, async (message): Promise<SmsResult> => {
        try {
          const answer = await client.sendSms(
            new $Dysmsapi.SendSmsRequest({
              phoneNumbers: aliyunPhoneNumber(message.to),
              signName: secret.signName,
              templateCode: secret.templateCode,
              templateParam: JSON.stringify({ [secret.templateParam]: message.body }),
              outId: String(message.id),
            }),
          );
          const body = answer.body;
          if (body?.code === "OK" && body.bizId)
            return { id: message.id, status: "sent", providerMessageId: body.bizId };
          return classifyAliyunCode(message.id, body?.code ?? "EMPTY_ANSWER", body?.message ?? "");
        } catch (error) {
          if (error instanceof ProviderConfigurationError) throw error;
          const failure = aliyunFailure(error);
          if (failure.statusCode >= 500)
            return { id: message.id, status: "retry", errorCode: failure.code, retryAfterMs: 10_000 };
          return classifyAliyunCode(message.id, failure.code, failure.message);
        }
      }),
  };
}

// "Test credentials": QuerySmsSignList, a read-only call that needs a valid AccessKey and its
// signature (and the SMS permission) and sends nothing; the app's sign name must be in the list.
export async function verifyAliyunCredential(
  secret: AliyunSmsSecret,
  endpoint: SmsEndpoint,
): Promise<{ ok: true } | { ok: false; code: string; message: string }> {
  try {
    const answer = await aliyunClient(secret, endpoint, 10_000).querySmsSignList(
      new $Dysmsapi.QuerySmsSignListRequest({ pageIndex: 1, pageSize: 50 }),
    );
    const body = answer.body;
    if (body?.code !== "OK") return { ok: false, code: body?.code ?? "EMPTY_ANSWER", message: body?.message ?? "" };
    const names = (body.smsSignList ?? []).map((sign) => sign.signName);
    if (!names.includes(secret.signName))
      return { ok: false, code: "SIGN_NAME_UNKNOWN", message: `The account has no sign name "${secret.signName}".` };
    return { ok: true };
  } catch (error) {
    const failure = aliyunFailure(error);
    return { ok: false, code: failure.code, message: failure.message };
  }
}
