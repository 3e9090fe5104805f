// Sealing of provider credentials and the shape of API keys.
import { beforeAll, describe, expect, it } from "vitest";
import { apiKeyPrefix, hashApiKey, newApiKey, sameHash, seal, unseal } from "@/server/crypto";

beforeAll(() => {
  process.env.HERALD_ENCRYPTION_KEY = Buffer.alloc(32, 3).toString("base64");
});

describe("seal / unseal", () => {
  it("round-trips JSON and never contains the plaintext", () => {
    const secret = { private_key: "-----BEGIN PRIVATE KEY-----abc", n: 1 };
    const sealed = seal(secret, "credential:app1:fcm");
    expect(sealed.startsWith("v1.")).toBe(true);
    expect(sealed).not.toContain("PRIVATE");
    expect(unseal(sealed, "credential:app1:fcm")).toEqual(secret);
  });

  it("uses a fresh IV each time", () => {
    expect(seal("x", "c")).not.toEqual(seal("x", "c"));
  });

  it("refuses a value sealed for another context", () => {
    const sealed = seal({ a: 1 }, "credential:app1:fcm");
    expect(() => unseal(sealed, "credential:app2:fcm")).toThrow();
  });

  it("refuses a tampered ciphertext", () => {
    const parts = seal({ a: 1 }, "c").split(".");
    const body = Buffer.from(parts[3], "base64url");
    body[0] ^= 1;
    parts[3] = body.toString("base64url");
    expect(() => unseal(parts.join("."), "c")).toThrow();
  });

  it("refuses to work with a key of the wrong length", () => {
    const saved = process.env.HERALD_ENCRYPTION_KEY;
    process.env.HERALD_ENCRYPTION_KEY = Buffer.alloc(16).toString("base64");
    expect(() => seal(1, "c")).toThrow(/32 bytes/);
    process.env.HERALD_ENCRYPTION_KEY = saved;
  });
});

describe("API keys", () => {
  it("have a lookup prefix and a hash that matches only the same key", () => {
    const { key, prefix, hash } = newApiKey();
    expect(key.startsWith(`${prefix}_`)).toBe(true);
    expect(apiKeyPrefix(key)).toBe(prefix);
    expect(sameHash(hashApiKey(key), hash)).toBe(true);
    expect(sameHash(hashApiKey(`${key}x`), hash)).toBe(false);
    expect(newApiKey().key).not.toBe(key);
  });

  it("reject malformed keys", () => {
    expect(apiKeyPrefix("")).toBeNull();
    expect(apiKeyPrefix("hk_short_x")).toBeNull();
    expect(apiKeyPrefix("Bearer hk_abcdefghij_" + "a".repeat(32))).toBeNull();
  });
});
