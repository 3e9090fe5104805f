// The browser's half of Web Push, written from the RFCs for the fake push service: a subscription's
// keys (an ECDH P-256 pair and a 16-byte auth secret, as PushManager.subscribe() makes them), the
// decryption of an aes128gcm body with them (RFC 8188 content coding, RFC 8291 key derivation), and
// the check of a VAPID Authorization header (RFC 8292: `vapid t=<JWT>, k=<public key>`, ES256).
import { createECDH, createHmac, createDecipheriv, createPublicKey, randomBytes, verify, type ECDH } from "node:crypto";

// A subscription as the browser holds it: what it gives the site (endpoint, keys) and its secrets.
export interface BrowserSubscription {
  id: string;
  endpoint: string;
  keys: { p256dh: string; auth: string };
  ecdh: ECDH;
  authSecret: Buffer;
  // The VAPID public key the site subscribed with (applicationServerKey), when it gave one.
  applicationServerKey: string | null;
}

// New subscription keys: the browser's P-256 key pair and auth secret.
export function newSubscriptionKeys(): { ecdh: ECDH; authSecret: Buffer; keys: { p256dh: string; auth: string } } {
  const ecdh = createECDH("prime256v1");
  ecdh.generateKeys();
  const authSecret = randomBytes(16);
  return {
    ecdh,
    authSecret,
    keys: { p256dh: ecdh.getPublicKey().toString("base64url"), auth: authSecret.toString("base64url") },
  };
}

const hmac = (key: Buffer, data: Buffer) => createHmac("sha256", key).update(data).digest();

export class DecryptError extends Error {}

// The aes128gcm header (RFC 8188 §2.1): salt, record size, key id (RFC 8291: the sender's public key).
export function parseAes128gcmHeader(body: Buffer): {
  salt: Buffer;
  recordSize: number;
  senderKey: Buffer;
  headerLength: number;
} {
  if (body.length < 21) throw new DecryptError("body shorter than the aes128gcm header");
  const salt = body.subarray(0, 16);
  const recordSize = body.readUInt32BE(16);
  const idLength = body[20]!;
  if (idLength !== 65) throw new DecryptError(`keyid must be the sender's 65-byte public key (got ${idLength} bytes)`);
  if (recordSize < 18) throw new DecryptError(`record size ${recordSize} is below 18`);
  const senderKey = body.subarray(21, 21 + idLength);
  return { salt, recordSize, senderKey, headerLength: 21 + idLength };
}

// Decrypts an aes128gcm push body for the subscription (one or more records); the plaintext bytes.
export function decryptPush(body: Buffer, subscription: Pick<BrowserSubscription, "ecdh" | "authSecret">): Buffer {
  const { salt, recordSize, senderKey, headerLength } = parseAes128gcmHeader(body);
  let ecdhSecret: Buffer;
  try {
    ecdhSecret = subscription.ecdh.computeSecret(senderKey);
  } catch {
    throw new DecryptError("the sender's key is not a P-256 point");
  }
  const receiverKey = subscription.ecdh.getPublicKey();
  // RFC 8291 §3.4: IKM from the ECDH secret and the auth secret, bound to both public keys.
  const prkKey = hmac(subscription.authSecret, ecdhSecret);
  const keyInfo = Buffer.concat([Buffer.from("WebPush: info\0"), receiverKey, senderKey, Buffer.from([1])]);
  const ikm = hmac(prkKey, keyInfo);
  // RFC 8188 §2.2, §2.3: content encryption key and nonce from the salt.
  const prk = hmac(salt, ikm);
  const cek = hmac(prk, Buffer.from("Content-Encoding: aes128gcm\0\x01", "binary")).subarray(0, 16);
  const baseNonce = hmac(prk, Buffer.from("Content-Encoding: nonce\0\x01", "binary")).subarray(0, 12);
  const records = body.subarray(headerLength);
  if (records.length === 0) throw new DecryptError("no ciphertext");
  const out: Buffer[] = [];
  for (let offset = 0, seq = 0; offset < records.length; offset += recordSize, seq++) {
    const record = records.subarray(offset, offset + recordSize);
    if (record.length < 17) throw new DecryptError("record shorter than its tag");
    const nonce = Buffer.from(baseNonce);
    // The record's sequence number XORed into the nonce's low bytes (RFC 8188 §2.3).
    nonce.writeUInt32BE((nonce.readUInt32BE(8) ^ seq) >>> 0, 8);
    const decipher = createDecipheriv("aes-128-gcm", cek, nonce);
    decipher.setAuthTag(record.subarray(record.length - 16));
    let plain: Buffer;
    try {
      plain = Buffer.concat([decipher.update(record.subarray(0, record.length - 16)), decipher.final()]);
    } catch {
      throw new DecryptError("authentication failed: the body was not encrypted for this subscription");
    }
    // Padding: zeros after a delimiter, 0x02 in the last record and 0x01 in the others (RFC 8188 §2).
    let end = plain.length - 1;
    while (end >= 0 && plain[end] === 0) end--;
    const last = offset + recordSize >= records.length;
    if (end < 0 || plain[end] !== (last ? 2 : 1)) throw new DecryptError("bad padding delimiter");
    out.push(plain.subarray(0, end));
  }
  return Buffer.concat(out);
}

// The claims of a valid VAPID header, or why it is refused.
export type VapidCheck =
  | { ok: true; publicKey: string; claims: { aud: string; exp: number; sub: string } }
  | { ok: false; status: 401 | 403; reason: string };

function p256PublicKey(raw: Buffer) {
  return createPublicKey({
    key: {
      kty: "EC",
      crv: "P-256",
      x: raw.subarray(1, 33).toString("base64url"),
      y: raw.subarray(33, 65).toString("base64url"),
    },
    format: "jwk",
  });
}

// Checks `Authorization: vapid t=<JWT>, k=<key>` for a push to `origin` at `nowSeconds`: the JWT is
// ES256, signed by k, aud is the origin, exp is in the future and at most 24 hours away, sub is a
// mailto: or https: contact (RFC 8292 §2, §3; autopush answers 401 to each of these).
export function checkVapid(header: string | undefined, origin: string, nowSeconds: number): VapidCheck {
  const fail = (reason: string): VapidCheck => ({ ok: false, status: 401, reason });
  if (!header) return fail("missing Authorization header");
  const match = /^vapid\s+(.*)$/i.exec(header.trim());
  if (!match) return fail("Authorization scheme must be vapid");
  const params = new Map<string, string>();
  for (const part of match[1]!.split(",")) {
    const [name, ...value] = part.trim().split("=");
    if (name) params.set(name.trim().toLowerCase(), value.join("=").trim());
  }
  const token = params.get("t");
  const key = params.get("k");
  if (!token || !key) return fail("vapid needs t= and k=");
  const rawKey = Buffer.from(key, "base64url");
  if (rawKey.length !== 65 || rawKey[0] !== 4) return fail("k is not a P-256 public key");
  const parts = token.split(".");
  if (parts.length !== 3) return fail("t is not a JWT");
  let header_: { alg?: string }, claims: { aud?: unknown; exp?: unknown; sub?: unknown };
  try {
    header_ = JSON.parse(Buffer.from(parts[0]!, "base64url").toString("utf8")) as { alg?: string };
    claims = JSON.parse(Buffer.from(parts[1]!, "base64url").toString("utf8")) as typeof claims;
  } catch {
    return fail("JWT parts are not JSON");
  }
  if (header_.alg !== "ES256") return fail("JWT alg must be ES256");
  const signature = Buffer.from(parts[2]!, "base64url");
  if (signature.length !== 64) return fail("ES256 signature must be 64 bytes");
  let valid = false;
  try {
    valid = verify(
      "sha256",
      Buffer.from(`${parts[0]}.${parts[1]}`),
      { key: p256PublicKey(rawKey), dsaEncoding: "ieee-p1363" },
      signature,
    );
  } catch {
    valid = false;
  }
  if (!valid) return fail("JWT signature does not verify with k");
  if (claims.aud !== origin) return fail(`aud must be ${origin}`);
  if (typeof claims.exp !== "number" || claims.exp <= nowSeconds) return fail("JWT expired");
  if (claims.exp > nowSeconds + 24 * 3600) return fail("exp more than 24 hours ahead");
  if (typeof claims.sub !== "string" || !/^(mailto:|https:)/.test(claims.sub))
    return fail("sub must be mailto: or https:");
  return { ok: true, publicKey: key, claims: { aud: claims.aud, exp: claims.exp, sub: claims.sub } };
}
