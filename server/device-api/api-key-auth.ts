// Device API authentication: the app's API key from `Authorization: Bearer <key>` or `X-Api-Key`,
// looked up (and cached) by server/apps/api-keys.ts.
import "server-only";
import { findAppByApiKey, type ApiKeyApp } from "@/server/apps/api-keys";
import { apiKeyPrefix } from "@/server/crypto";
import { ApiProblem } from "./problem";

// The app a request acts for; every device query is scoped by its id.
export type ApiApp = ApiKeyApp;

// The key a request carries, or null. A Bearer credential wins over X-Api-Key when both are sent.
export function readApiKey(headers: Headers): string | null {
  const bearer = /^Bearer\s+(\S+)\s*$/i.exec(headers.get("authorization") ?? "");
  if (bearer) return bearer[1];
  return headers.get("x-api-key")?.trim() || null;
}

function unauthorized(detail: string): ApiProblem {
  return new ApiProblem("unauthorized", detail, undefined, { "WWW-Authenticate": 'Bearer realm="herald"' });
}

// The app owning the request's key; throws a 401 problem when the key is missing or wrong.
export async function authenticateApp(headers: Headers): Promise<ApiApp> {
  const key = readApiKey(headers);
  if (!key) throw unauthorized("Send the app's API key as `Authorization: Bearer <key>` or `X-Api-Key: <key>`.");
  if (!apiKeyPrefix(key)) throw unauthorized("The API key is not valid.");
  const app = await findAppByApiKey(key);
  if (!app) throw unauthorized("The API key is not valid.");
  return app;
}
