// Device API authentication: the app's API key from `Authorization: Bearer <key>` or `X-Api-Key`.
// Lookups are cached in memory (valid keys 30 s, unknown keys 5 s) so registrations don't read the
// App table on every request. Consequence: a rotated or deleted key keeps working for at most
// 30 s in each process that has it cached.
import "server-only";
import { apiKeyPrefix, hashApiKey, sameHash } from "@/server/crypto";
import { db } from "@/server/db";
import { ApiProblem } from "./problem";

// The app a request acts for; every device query is scoped by its id.
export interface ApiApp {
  id: string;
  name: string;
}

export const apiKeyCacheTtlMs = 30_000;
export const apiKeyNegativeTtlMs = 5_000;
const maxCachedKeys = 10_000;

interface CacheEntry {
  // A pending or finished lookup: concurrent first requests for one key share one query.
  app: Promise<ApiApp | null>;
  expiresAt: number;
}

// Keyed by the SHA-256 of the key, so the cache holds no key in clear.
const cache = new Map<string, CacheEntry>();

// Forgets every cached lookup (tests, or after rotating a key inside this process).
export function clearApiKeyCache(): void {
  cache.clear();
}

// The key a request carries, or null. A Bearer credential wins over X-Api-Key when both are sent.
export function readApiKey(headers: Headers): string | null {
  const bearer = /^Bearer\s+(\S+)\s*$/i.exec(headers.get("authorization") ?? "");
  if (bearer) return bearer[1];
  return headers.get("x-api-key")?.trim() || null;
}

async function lookUp(key: string, hash: string): Promise<ApiApp | null> {
  const prefix = apiKeyPrefix(key);
  if (!prefix) return null;
  const app = await db.app.findUnique({ where: { apiKeyPrefix: prefix }, select: { id: true, name: true, apiKeyHash: true } });
  if (!app || !sameHash(app.apiKeyHash, hash)) return null;
  return { id: app.id, name: app.name };
}

function unauthorized(detail: string): ApiProblem {
  return new ApiProblem("unauthorized", detail, undefined, { "WWW-Authenticate": 'Bearer realm="herald"' });
}

// The app owning the request's key; throws a 401 problem when the key is missing or wrong.
export async function authenticateApp(headers: Headers): Promise<ApiApp> {
  const key = readApiKey(headers);
  if (!key) throw unauthorized("Send the app's API key as `Authorization: Bearer <key>` or `X-Api-Key: <key>`.");
  // Malformed keys never reach the database or the cache.
  if (!apiKeyPrefix(key)) throw unauthorized("The API key is not valid.");
  const hash = hashApiKey(key);
  const now = Date.now();
  let entry = cache.get(hash);
  if (!entry || entry.expiresAt <= now) {
    if (cache.size >= maxCachedKeys) cache.clear();
    const lookup = lookUp(key, hash);
    const created: CacheEntry = { app: lookup, expiresAt: now + apiKeyCacheTtlMs };
    entry = created;
    cache.set(hash, created);
    // Unknown keys are remembered briefly; a failed lookup (database down) not at all.
    lookup.then(
      (app) => {
        if (!app) created.expiresAt = Date.now() + apiKeyNegativeTtlMs;
      },
      () => {
        if (cache.get(hash) === created) cache.delete(hash);
      },
    );
  }
  const app = await entry.app;
  if (!app) throw unauthorized("The API key is not valid.");
  return app;
}
