// Which app an API key belongs to, for the device API. Lookups are cached in memory (valid keys
// 30 s, unknown keys 5 s) so registrations don't read the App table on every request. Consequence:
// a rotated or deleted key keeps working for at most 30 s in each process that has it cached.
import "server-only";
import { apiKeyPrefix, hashApiKey, sameHash } from "@/server/crypto";
import { db } from "@/server/db";

// The app a key belongs to.
export interface ApiKeyApp {
  id: string;
  name: string;
}

export const apiKeyCacheTtlMs = 30_000;
export const apiKeyNegativeTtlMs = 5_000;
const maxCachedKeys = 10_000;

interface CacheEntry {
  // A pending or finished lookup: concurrent first requests for one key share one query.
  app: Promise<ApiKeyApp | null>;
  expiresAt: number;
}

// Keyed by the SHA-256 of the key, so the cache holds no key in clear.
const cache = new Map<string, CacheEntry>();

// Forgets every cached lookup (tests, or after rotating a key inside this process).
export function clearApiKeyCache(): void {
  cache.clear();
}

async function lookUp(key: string, hash: string): Promise<ApiKeyApp | null> {
  const prefix = apiKeyPrefix(key);
  if (!prefix) return null;
  const app = await db.app.findUnique({
    where: { apiKeyPrefix: prefix },
    select: { id: true, name: true, apiKeyHash: true },
  });
  if (!app || !sameHash(app.apiKeyHash, hash)) return null;
  return { id: app.id, name: app.name };
}

// The app owning `key`, or null when no app has it. Malformed keys never reach the database or
// the cache.
export async function findAppByApiKey(key: string): Promise<ApiKeyApp | null> {
  if (!apiKeyPrefix(key)) return null;
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
  return entry.app;
}
