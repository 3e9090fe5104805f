// The one wrapper for /api/v1 route handlers: API-key auth -> per-app rate limit -> handler, with
// every failure mapped to problem+json by problemFor (unexpected errors are logged with their stack,
// rate-limited, and answered with a bare 500; refusals are logged by the router without one).
import "server-only";
import { countRateLimited } from "@/server/ops/metrics";
import { logFault } from "@/server/log-limit";
import { authenticateApp, type ApiApp } from "./api-key-auth";
import { ApiProblem, problemFor, problemResponse } from "./problem";
import { apiRateLimiter, type RateLimitDecision } from "./rate-limiter";

export interface ApiContext<P> {
  request: Request;
  app: ApiApp;
  params: P;
}

type RouteContext<P> = { params: Promise<P> };

function rateLimitHeaders(decision: RateLimitDecision): Record<string, string> {
  return { "RateLimit-Limit": String(decision.limit), "RateLimit-Remaining": String(decision.remaining) };
}

function internalError(error: unknown, request: Request): Response {
  // The method only: the path of a receipt or SMS callback carries its secret.
  logFault("device-api:500", error, { method: request.method }, "device API request failed");
  return problemResponse(new ApiProblem("internal-error", "Something went wrong on our side. Please retry later."));
}

// A JSON response (never cached: device state changes).
export function jsonResponse(data: unknown, status = 200): Response {
  return new Response(JSON.stringify(data), {
    status,
    headers: { "Content-Type": "application/json", "Cache-Control": "no-store" },
  });
}

// Wraps an authenticated, rate-limited route handler.
export function apiRoute<P = Record<string, never>>(handler: (ctx: ApiContext<P>) => Promise<Response>) {
  return async (request: Request, context: RouteContext<P>): Promise<Response> => {
    let limitHeaders: Record<string, string> = {};
    try {
      const app = await authenticateApp(request.headers);
      const decision = apiRateLimiter().take(app.id);
      limitHeaders = rateLimitHeaders(decision);
      if (!decision.allowed) {
        countRateLimited("device_api");
        throw new ApiProblem(
          "rate-limited",
          `This app's API key is over its rate limit; retry in ${decision.retryAfterSeconds} s.`,
          undefined,
          {
            "Retry-After": String(decision.retryAfterSeconds),
          },
        );
      }
      const response = await handler({ request, app, params: await context.params });
      for (const [name, value] of Object.entries(limitHeaders)) response.headers.set(name, value);
      return response;
    } catch (error) {
      const problem = problemFor(error);
      if (problem) return problemResponse(problem, limitHeaders);
      return internalError(error, request);
    }
  };
}

// Wraps a public route handler (no key, no rate limit) with the same error mapping.
export function publicApiRoute(handler: (request: Request) => Promise<Response>) {
  return async (request: Request): Promise<Response> => {
    try {
      return await handler(request);
    } catch (error) {
      const problem = problemFor(error);
      if (problem) return problemResponse(problem);
      return internalError(error, request);
    }
  };
}
