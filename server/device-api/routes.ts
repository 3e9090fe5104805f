// The device API's routing table and dispatcher. Both entry points use it: the catch-all Next.js
// route (app/api/v1/[...path]/route.ts) and Herald's HTTP server (http-server.ts), which answers
// /api/v1 without Next.js's request pipeline because registrations are the hottest path.
import "server-only";
import {
  openApiHandler,
  patchTagsHandler,
  readDeviceHandler,
  readInboxHandler,
  recordEventsHandler,
  registerDeviceHandler,
  removeAddressHandler,
  unsubscribeDeviceHandler,
  putPhoneNumberHandler,
  deletePhoneNumberHandler,
  vapidPublicKeyHandler,
} from "./handlers";
import { ApiProblem, problemResponse } from "./problem";
import { receiptUrlCheckHandler, vendorReceiptHandler } from "./receipts";
import { aliyunReportHandler, aliyunUpHandler, twilioInboundHandler, twilioStatusHandler } from "./sms-webhooks";
import { receiptChannels } from "@/server/receipts/receipt-urls";
import { apiHeaders, forwardedProtoHeader, servedOverHttps } from "@/lib/security/headers";
import { logRefusal } from "@/server/log-limit";

type Handler = (request: Request, context: { params: Promise<Record<string, string>> }) => Promise<Response>;
export type Method = "GET" | "POST" | "PATCH" | "PUT" | "DELETE";

export interface ApiRoute {
  // The OpenAPI path template, e.g. "/devices/{installationId}/tags" (relative to /api/v1).
  path: string;
  methods: Partial<Record<Method, Handler>>;
}

export const apiRoutes: ApiRoute[] = [
  { path: "/devices", methods: { POST: registerDeviceHandler as Handler } },
  {
    path: "/devices/{installationId}",
    methods: { GET: readDeviceHandler as Handler, DELETE: unsubscribeDeviceHandler as Handler },
  },
  { path: "/devices/{installationId}/tags", methods: { PATCH: patchTagsHandler as Handler } },
  { path: "/devices/{installationId}/addresses/{channel}", methods: { DELETE: removeAddressHandler as Handler } },
  {
    path: "/devices/{installationId}/phone",
    methods: { PUT: putPhoneNumberHandler as Handler, DELETE: deletePhoneNumberHandler as Handler },
  },
  { path: "/devices/{installationId}/inbox", methods: { GET: readInboxHandler as Handler } },
  { path: "/events", methods: { POST: recordEventsHandler as Handler } },
  { path: "/webpush/vapid-public-key", methods: { GET: vapidPublicKeyHandler as Handler } },
  { path: "/openapi.json", methods: { GET: openApiHandler as Handler } },
  // The vendors' receipt callbacks, one endpoint per vendor (receipts.ts).
  ...receiptChannels.map((channel) => ({
    path: `/receipts/${channel}/{appId}/{secret}`,
    methods: { POST: vendorReceiptHandler(channel) as Handler, GET: receiptUrlCheckHandler(channel) as Handler },
  })),
  // The SMS providers' callbacks (sms-webhooks.ts).
  { path: "/sms/twilio/{appId}/status", methods: { POST: twilioStatusHandler as Handler } },
  { path: "/sms/twilio/{appId}/inbound", methods: { POST: twilioInboundHandler as Handler } },
  { path: "/sms/aliyun/{appId}/{secret}/report", methods: { POST: aliyunReportHandler as Handler } },
  { path: "/sms/aliyun/{appId}/{secret}/up", methods: { POST: aliyunUpHandler as Handler } },
];

export const apiPrefix = "/api/v1";

const compiled = apiRoutes.map((route) => {
  const names: string[] = [];
  const source = route.path.replace(/[.]/g, "\\.").replace(/\{(\w+)\}/g, (_, name: string) => {
    names.push(name);
    return "([^/]+)";
  });
  return { route, names, pattern: new RegExp(`^${source}/?$`) };
});

// The route template a path belongs to ("/devices/{installationId}"), "unmatched" for none: the bounded
// label under which /metrics counts a request (never the raw path, which holds ids).
export function apiRouteTemplate(pathname: string): string {
  const relative = pathname.startsWith(apiPrefix) ? pathname.slice(apiPrefix.length) : pathname;
  return compiled.find(({ pattern }) => pattern.test(relative))?.route.path ?? "unmatched";
}

// Browsers may call the device API from a site's own origin (a Web Push site's page and service
// worker: herald-sw.js). Every answer allows any origin: the API authenticates by the app's key in a
// header, never by cookies, so a foreign page learns nothing it could not fetch with the key anyway.
const corsHeaders = {
  "Access-Control-Allow-Origin": "*",
  "Access-Control-Expose-Headers": "Retry-After, RateLimit-Limit, RateLimit-Remaining, RateLimit-Reset, ETag",
};
const preflightHeaders = {
  ...corsHeaders,
  "Access-Control-Allow-Methods": "GET, POST, PATCH, PUT, DELETE",
  "Access-Control-Allow-Headers": "Authorization, X-Api-Key, Content-Type, If-None-Match",
  "Access-Control-Max-Age": "86400",
};

// Answers one /api/v1 request (a CORS preflight at once), with the CORS and security headers on every
// answer (HSTS when served over HTTPS: lib/security/headers.ts).
// A refusal (4xx) is logged as one line per request, rate-limited, with the route's template rather
// than the path (receipt and SMS callback paths carry secrets); faults are logged where they happen.
export async function handleApiRequest(request: Request): Promise<Response> {
  const secure = servedOverHttps(process.env.NEXTAUTH_URL, request.headers.get(forwardedProtoHeader));
  if (request.method === "OPTIONS")
    return new Response(null, { status: 204, headers: { ...preflightHeaders, ...apiHeaders(secure) } });
  const { response, route } = await routeApiRequest(request);
  for (const [name, value] of Object.entries({ ...corsHeaders, ...apiHeaders(secure) }))
    response.headers.set(name, value);
  const status = response.status;
  if (status >= 400 && status < 500) {
    const fields = { method: request.method, route: route ?? "(none)", status };
    logRefusal(`device-api:${status}`, fields, "device API request refused", refusalLevel(status));
  }
  return response;
}

// Refused credentials and forbidden requests are worth a warning; the other mistakes are routine.
export function refusalLevel(status: number): "info" | "warn" {
  return status === 401 || status === 403 ? "warn" : "info";
}

// The matching handler's answer, or a 404 / 405 problem, and the matched route's template.
async function routeApiRequest(request: Request): Promise<{ response: Response; route: string | null }> {
  const pathname = new URL(request.url).pathname;
  const relative = pathname.startsWith(apiPrefix) ? pathname.slice(apiPrefix.length) : pathname;
  for (const { route, names, pattern } of compiled) {
    const match = pattern.exec(relative);
    if (!match) continue;
    const answer = (response: Response) => ({ response, route: route.path });
    const handler = route.methods[request.method as Method];
    if (!handler) {
      const allow = Object.keys(route.methods).join(", ");
      return answer(
        problemResponse(
          new ApiProblem("method-not-allowed", `${request.method} is not supported here; use ${allow}.`, undefined, {
            Allow: allow,
          }),
        ),
      );
    }
    const params: Record<string, string> = {};
    try {
      names.forEach((name, i) => (params[name] = decodeURIComponent(match[i + 1])));
    } catch {
      return answer(problemResponse(new ApiProblem("invalid-parameter", "The path is not correctly percent-encoded.")));
    }
    return answer(await handler(request, { params: Promise.resolve(params) }));
  }
  const response = problemResponse(
    new ApiProblem("not-found", `There is no ${pathname} in the device API; see ${apiPrefix}/openapi.json.`),
  );
  return { response, route: null };
}
