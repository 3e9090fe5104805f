// Secrets at rest: AES-256-GCM under HERALD_ENCRYPTION_KEY, and API keys that are stored hashed.
import { createCipheriv, createDecipheriv, createHash, createHmac, randomBytes, timingSafeEqual } from "node:crypto";

function encryptionKey(): Buffer {
  const raw = process.env.HERALD_ENCRYPTION_KEY;
  if (!raw) throw new Error("HERALD_ENCRYPTION_KEY is not set (32 bytes, base64 or hex)");
  const key = /^[0-9a-f]{64}$/i.test(raw) ? Buffer.from(raw, "hex") : Buffer.from(raw, "base64");
  if (key.length !== 32) throw new Error("HERALD_ENCRYPTION_KEY must decode to exactly 32 bytes");
  return key;
}

// A secret of Herald's own for `label` (HMAC-SHA256 under HERALD_ENCRYPTION_KEY), the same in every process and
// never stored: e.g. the per-app secrets in the vendors' receipt URLs (server/receipts/receipt-urls.ts).
export function derivedSecret(label: string): Buffer {
  return createHmac("sha256", encryptionKey()).update(`herald:${label}`).digest();
}

// Whether two strings are equal, in time that does not depend on where they differ.
export function sameText(a: string, b: string): boolean {
  const left = createHash("sha256").update(a).digest();
  const right = createHash("sha256").update(b).digest();
  return timingSafeEqual(left, right);
}

// Seals a JSON value as "v1.<iv>.<tag>.<ciphertext>" (base64url parts). `context` is bound as
// associated data, so a sealed value copied to another row or app does not open.
export function seal(value: unknown, context: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", encryptionKey(), iv);
  cipher.setAAD(Buffer.from(context));
  const body = Buffer.concat([cipher.update(JSON.stringify(value), "utf8"), cipher.final()]);
  return ["v1", iv, cipher.getAuthTag(), body]
    .map((p) => (typeof p === "string" ? p : p.toString("base64url")))
    .join(".");
}

export function unseal<T = unknown>(sealed: string, context: string): T {
  const [version, iv, tag, body] = sealed.split(".");
  if (version !== "v1" || !iv || !tag || body === undefined) throw new Error("not a sealed value");
  const decipher = createDecipheriv("aes-256-gcm", encryptionKey(), Buffer.from(iv, "base64url"));
  decipher.setAAD(Buffer.from(context));
  decipher.setAuthTag(Buffer.from(tag, "base64url"));
  const text = Buffer.concat([decipher.update(Buffer.from(body, "base64url")), decipher.final()]).toString("utf8");
  return JSON.parse(text) as T;
}

const alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";

function randomText(length: number): string {
  const bytes = randomBytes(length);
  let out = "";
  for (const byte of bytes) out += alphabet[byte % alphabet.length];
  return out;
}

// A new app API key: "hk_<prefix>_<secret>". The prefix is stored in clear for lookup and display.
export function newApiKey(): { key: string; prefix: string; hash: string } {
  const prefix = `hk_${randomText(10)}`;
  const key = `${prefix}_${randomBytes(24).toString("base64url")}`;
  return { key, prefix, hash: hashApiKey(key) };
}

// API keys carry 192 random bits, so a plain SHA-256 is enough (no password stretching needed).
export function hashApiKey(key: string): string {
  return createHash("sha256").update(key).digest("hex");
}

export function apiKeyPrefix(key: string): string | null {
  const match = /^(hk_[A-Za-z0-9]{10})_[A-Za-z0-9_-]{20,}$/.exec(key);
  return match ? match[1] : null;
}

export function sameHash(a: string, b: string): boolean {
  const left = Buffer.from(a, "hex");
  const right = Buffer.from(b, "hex");
  return left.length === right.length && timingSafeEqual(left, right);
}
