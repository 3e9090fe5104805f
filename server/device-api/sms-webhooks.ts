// The SMS providers' callbacks under /api/v1/sms/ (URLs in server/sms/webhook-urls.ts), no API key:
// - Twilio (status, inbound): X-Twilio-Signature checked with the app's own auth token against the URL
//   Twilio requested (HERALD_PUBLIC_URL + path when set, else the request's URL), 401 when wrong or
//   when the app has no Twilio credential; answers 204 (status) or an empty TwiML <Response/> (inbound).
// - Alibaba Cloud (report, up): the app's secret in the path (403 when wrong); answers {"code":0}.
// Bodies that are not the vendor's shape are a 400 invalid-receipt problem and change nothing; the same
// callback twice changes nothing twice (server/sms/webhooks.ts).
import "server-only";
import twilio from "twilio";
import type { z } from "zod";
import { loadCredential } from "@/server/apps/credentials";
import { log } from "@/server/log";
import { publicBaseUrl } from "@/server/receipts/receipt-urls";
import { isAliyunSmsSecret } from "@/server/sms/webhook-urls";
import {
  aliyunAnswer,
  aliyunReportSchema,
  aliyunUpSchema,
  twilioInboundSchema,
  twilioStatusSchema,
} from "@/server/sms/webhook-schemas";
import {
  aliyunE164,
  echoedMessageId,
  recordInboundSms,
  recordSmsStatusReports,
  type SmsStatusReport,
} from "@/server/sms/webhooks";
import { jsonResponse, publicApiRoute } from "./api-route";
import { ApiProblem } from "./problem";
import { maxRequestBodyBytes, readBodyText } from "./read-json";

type Params = { appId: string; secret?: string };
type RouteContext = { params: Promise<Params> };

const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

const mediaOf = (request: Request) => (request.headers.get("content-type") ?? "").split(";")[0]!.trim().toLowerCase();

function appIdOf(params: Params): string {
  const appId = params.appId.toLowerCase();
  if (!uuid.test(appId)) throw new ApiProblem("invalid-parameter", "The app id in the path must be a UUID.");
  return appId;
}

function parsed<S extends z.ZodType>(schema: S, value: unknown, vendor: string): z.output<S> {
  const result = schema.safeParse(value);
  if (!result.success) throw new ApiProblem("invalid-receipt", `This is not ${vendor}'s callback shape.`);
  return result.data;
}

// The form Twilio posted, once its signature is right for the app's auth token.
async function signedTwilioForm(request: Request, appId: string): Promise<Record<string, string>> {
  if (mediaOf(request) !== "application/x-www-form-urlencoded")
    throw new ApiProblem("unsupported-media-type", "Twilio posts application/x-www-form-urlencoded.");
  const text = await readBodyText(request, maxRequestBodyBytes);
  const params = Object.fromEntries(new URLSearchParams(text));
  const secret = await loadCredential(appId, "sms");
  const signature = request.headers.get("x-twilio-signature");
  const url = new URL(request.url);
  const base = publicBaseUrl();
  const signedUrl = base ? `${base}${url.pathname}${url.search}` : url.toString();
  if (
    !secret ||
    secret.provider !== "twilio" ||
    !signature ||
    !twilio.validateRequest(secret.authToken, signature, signedUrl, params) ||
    params.AccountSid !== secret.accountSid
  )
    throw new ApiProblem("invalid-signature", "The Twilio signature is wrong for this app.");
  return params;
}

const twilioReportable = new Set(["sent", "delivered", "undelivered", "failed"]);

// POST /api/v1/sms/twilio/{appId}/status
export const twilioStatusHandler = (request: Request, context: RouteContext) =>
  publicApiRoute(async () => {
    const appId = appIdOf(await context.params);
    const form = parsed(twilioStatusSchema, await signedTwilioForm(request, appId), "Twilio");
    if (twilioReportable.has(form.MessageStatus)) {
      const report: SmsStatusReport = {
        providerMessageId: form.MessageSid,
        messageId: echoedMessageId(new URL(request.url).searchParams.get("m")),
        status: form.MessageStatus as SmsStatusReport["status"],
        errorCode: form.ErrorCode ?? null,
        at: new Date(),
      };
      const changed = await recordSmsStatusReports(appId, [report]);
      log.debug({ appId, status: report.status, changed }, "Twilio status recorded");
    }
    return new Response(null, { status: 204 });
  })(request);

// POST /api/v1/sms/twilio/{appId}/inbound
export const twilioInboundHandler = (request: Request, context: RouteContext) =>
  publicApiRoute(async () => {
    const appId = appIdOf(await context.params);
    const form = parsed(twilioInboundSchema, await signedTwilioForm(request, appId), "Twilio");
    const verdict = await recordInboundSms(appId, "twilio", {
      from: form.From,
      body: form.Body,
      optOutType: form.OptOutType,
    });
    log.info({ appId, verdict }, "Twilio inbound SMS");
    // Twilio itself answers the STOP/START keywords; Herald adds no reply.
    return new Response('<?xml version="1.0" encoding="UTF-8"?><Response></Response>', {
      status: 200,
      headers: { "Content-Type": "text/xml; charset=utf-8", "Cache-Control": "no-store" },
    });
  })(request);

async function aliyunBody(request: Request, params: Params): Promise<{ appId: string; body: unknown }> {
  const appId = appIdOf(params);
  if (!params.secret || !isAliyunSmsSecret(appId, params.secret))
    throw new ApiProblem("forbidden-receipt-url", "This callback URL is not valid; copy it again from Herald.");
  if (mediaOf(request) !== "application/json")
    throw new ApiProblem("unsupported-media-type", "Alibaba Cloud SMS pushes application/json.");
  const text = await readBodyText(request, maxRequestBodyBytes);
  try {
    return { appId, body: JSON.parse(text) as unknown };
  } catch {
    throw new ApiProblem("malformed-json", "The request body is not valid JSON.");
  }
}

// POST /api/v1/sms/aliyun/{appId}/{secret}/report
export const aliyunReportHandler = (request: Request, context: RouteContext) =>
  publicApiRoute(async () => {
    const { appId, body } = await aliyunBody(request, await context.params);
    const reports = parsed(aliyunReportSchema, body, "Alibaba Cloud SMS");
    const changed = await recordSmsStatusReports(
      appId,
      reports.map((report) => ({
        providerMessageId: report.biz_id,
        messageId: echoedMessageId(report.out_id),
        status: report.success ? "delivered" : "undelivered",
        errorCode: report.success ? null : (report.err_code ?? null),
        at: new Date(),
      })),
    );
    log.debug({ appId, reports: reports.length, changed }, "Aliyun SMS reports recorded");
    return jsonResponse(aliyunAnswer);
  })(request);

// POST /api/v1/sms/aliyun/{appId}/{secret}/up
export const aliyunUpHandler = (request: Request, context: RouteContext) =>
  publicApiRoute(async () => {
    const { appId, body } = await aliyunBody(request, await context.params);
    const messages = parsed(aliyunUpSchema, body, "Alibaba Cloud SMS");
    for (const message of messages)
      await recordInboundSms(appId, "aliyun", { from: aliyunE164(message.phone_number), body: message.content });
    return jsonResponse(aliyunAnswer);
  })(request);
