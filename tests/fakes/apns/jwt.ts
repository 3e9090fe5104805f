// The provider authentication token check of the fake APNs server (developer.apple.com "Establishing
// a token-based connection to APNs"): a JWT with header {alg: "ES256", kid: <key id>} and claims
// {iss: <team id>, iat: <seconds>}, signed with the team's .p8 key (ES256: ECDSA P-256 + SHA-256, the
// signature as r||s), sent as `authorization: bearer <jwt>`. APNs refuses a token older than one hour
// (403 ExpiredProviderToken), a bad signature, unknown key or wrong team (403 InvalidProviderToken)
// and a missing one (403 MissingProviderToken).
import { createPublicKey, verify, type KeyObject } from "node:crypto";
import type { FakeApnsKey } from "./behaviour";

export type JwtVerdict =
  | { ok: true; key: FakeApnsKey; iat: number }
  | { ok: false; reason: "MissingProviderToken" | "InvalidProviderToken" | "ExpiredProviderToken" };

const base64url = (text: string) => Buffer.from(text, "base64url");

function parsePart(text: string | undefined): Record<string, unknown> | null {
  if (!text) return null;
  try {
    const value = JSON.parse(base64url(text).toString("utf8")) as unknown;
    return typeof value === "object" && value !== null ? (value as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

// Checks JWTs against the registered keys; remembers each signature it verified (APNs too reuses a
// token for up to an hour, so one signature check per token, not per push).
export class JwtChecker {
  private readonly publicKeys = new Map<string, { key: FakeApnsKey; object: KeyObject }>();
  private readonly verified = new Map<string, { key: FakeApnsKey; iat: number } | null>();
  // Distinct tokens seen (a test sees node-apn refresh its token).
  readonly seen = new Set<string>();
  // Tokens treated as past their hour (a test ages the tokens it has seen without waiting).
  private readonly aged = new Set<string>();

  // Every token seen so far counts as older than an hour from now on.
  ageSeen() {
    for (const jwt of this.seen) this.aged.add(jwt);
  }

  register(key: FakeApnsKey) {
    this.publicKeys.set(key.keyId, { key, object: createPublicKey(key.pem) });
    this.verified.clear();
  }

  keys(): FakeApnsKey[] {
    return [...this.publicKeys.values()].map((entry) => entry.key);
  }

  reset(keys: FakeApnsKey[]) {
    this.publicKeys.clear();
    this.verified.clear();
    this.seen.clear();
    this.aged.clear();
    for (const key of keys) this.register(key);
  }

  check(authorization: string | undefined, nowSeconds: number, maxAgeSeconds: number): JwtVerdict {
    const match = /^bearer (\S+)$/i.exec(authorization ?? "");
    if (!match) return { ok: false, reason: "MissingProviderToken" };
    const jwt = match[1]!;
    let known = this.verified.get(jwt);
    if (known === undefined) {
      known = this.verifySignature(jwt);
      if (this.verified.size > 10_000) this.verified.clear();
      this.verified.set(jwt, known);
      this.seen.add(jwt);
    }
    if (!known) return { ok: false, reason: "InvalidProviderToken" };
    // A token from the future (beyond a minute of clock drift) is refused as invalid.
    if (known.iat > nowSeconds + 60) return { ok: false, reason: "InvalidProviderToken" };
    if (nowSeconds - known.iat > maxAgeSeconds || this.aged.has(jwt))
      return { ok: false, reason: "ExpiredProviderToken" };
    return { ok: true, key: known.key, iat: known.iat };
  }

  private verifySignature(jwt: string): { key: FakeApnsKey; iat: number } | null {
    const [headerText, claimsText, signatureText, extra] = jwt.split(".");
    if (extra !== undefined || !signatureText) return null;
    const header = parsePart(headerText);
    const claims = parsePart(claimsText);
    if (!header || !claims || header.alg !== "ES256" || typeof header.kid !== "string") return null;
    const entry = this.publicKeys.get(header.kid);
    if (!entry || claims.iss !== entry.key.teamId || typeof claims.iat !== "number") return null;
    const signature = base64url(signatureText);
    if (signature.length !== 64) return null;
    const valid = verify(
      "sha256",
      Buffer.from(`${headerText}.${claimsText}`),
      { key: entry.object, dsaEncoding: "ieee-p1363" },
      signature,
    );
    return valid ? { key: entry.key, iat: claims.iat } : null;
  }
}
