// POST /api/v1/receipts/<vendor>/{appId}/{secret}: the phone makers' and JPush's receipt callbacks, one
// endpoint per vendor (server/receipts/vendors/*). No API key: the vendor authenticates by the app's
// unguessable receipt secret in the path (server/receipts/receipt-urls.ts; 403 when wrong, before the body
// is read) and, where the vendor signs or sends credentials, by those too (401 when wrong). A body the
// vendor's schema refuses is a 400 invalid-receipt problem and records nothing; an accepted one is
// recorded (server/receipts/record-vendor-receipts.ts, idempotent) and answered as the vendor expects.
// GET on the same URL answers the URL checks some consoles make (Jiguang: echo `echostr`).
import "server-only";
import { loadCredential } from "@/server/apps/credentials";
import { log } from "@/server/log";
import { isReceiptSecret, type ReceiptChannel } from "@/server/receipts/receipt-urls";
import { recordVendorReceipts } from "@/server/receipts/record-vendor-receipts";
import { receiptVendors } from "@/server/receipts/vendors";
import { jsonResponse, publicApiRoute } from "./api-route";
import { ApiProblem } from "./problem";
import { maxRequestBodyBytes, readBodyText } from "./read-json";

type ReceiptParams = { appId: string; secret: string };
type RouteContext = { params: Promise<ReceiptParams> };

const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

// The app of a receipt URL whose secret is right; 403 otherwise (an unknown app id included: the
// answer tells nothing about which apps exist).
function checkUrl(channel: ReceiptChannel, params: ReceiptParams): string {
  const appId = params.appId.toLowerCase();
  if (!uuid.test(appId) || !isReceiptSecret(appId, channel, params.secret))
    throw new ApiProblem("forbidden-receipt-url", "This receipt URL is not valid; copy it again from Herald.");
  return appId;
}

function mediaOf(contentType: string | null): string {
  return (contentType ?? "").split(";")[0]!.trim().toLowerCase();
}

// The POST handler of one vendor's receipts.
export function vendorReceiptHandler(channel: ReceiptChannel) {
  const vendor = receiptVendors[channel];
  return (request: Request, context: RouteContext) =>
    publicApiRoute(async () => {
      const appId = checkUrl(channel, await context.params);
      if (mediaOf(request.headers.get("content-type")) !== vendor.media)
        throw new ApiProblem("unsupported-media-type", `${vendor.name} receipts are sent as ${vendor.media}.`);
      const text = await readBodyText(request, maxRequestBodyBytes);
      // JPush's Basic credentials are the app's own JPush key and secret.
      const credential = channel === "jpush" ? await loadCredential(appId, "jpush") : null;
      const verdict = vendor.authenticate({ appId, headers: request.headers, text, credential });
      if (verdict === "invalid")
        throw new ApiProblem("invalid-signature", `The ${vendor.name} signature or credentials are wrong.`);
      const receipts = vendor.read(text);
      const tally = await recordVendorReceipts(appId, channel, receipts);
      log.debug({ appId, channel, ...tally }, "vendor receipts recorded");
      return jsonResponse(vendor.answer.body, vendor.answer.status);
    })(request);
}

// The GET handler: a console's check that the URL answers (echoes `echostr` when given).
export function receiptUrlCheckHandler(channel: ReceiptChannel) {
  return (request: Request, context: RouteContext) =>
    publicApiRoute(async () => {
      checkUrl(channel, await context.params);
      const echo = new URL(request.url).searchParams.get("echostr");
      if (echo !== null && (echo.length > 128 || !/^[\x21-\x7e]*$/.test(echo)))
        throw new ApiProblem("invalid-query", "echostr must be at most 128 printable characters.");
      return new Response(echo ?? "ok", {
        status: 200,
        headers: { "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store" },
      });
    })(request);
}
