// The OAuth 2.0 client-credentials endpoint both fakes serve (Huawei oauth2/v3/token, Honor
// auth/token): checks the form, refuses configured client ids, issues tokens with a lifetime, and
// remembers which client each token belongs to and when it expires, so a send can be checked.
import { randomBytes } from "node:crypto";
import type { FakeReply, FakeRequest } from "../loopback-fake";
import type { FakeRecords } from "./records";

export interface IssuedToken {
  clientId: string;
  expiresAt: number;
}

// The fake's issued tokens.
export class FakeTokens {
  private issued = new Map<string, IssuedToken>();

  // The token's grant, or undefined for a token this fake never issued.
  lookup(token: string): IssuedToken | undefined {
    return this.issued.get(token);
  }

  // Makes every token issued so far expired (the next send with one is answered "token expired").
  expireAll() {
    for (const grant of this.issued.values()) grant.expiresAt = 0;
  }

  reset() {
    this.issued.clear();
  }

  // Answers a token request. Refused clients get HTTP 400 with an OAuth error body [shape unconfirmed:
  // Huawei documents error / error_description; Herald's client only needs the status].
  grant(
    request: FakeRequest,
    options: { lifetimeSeconds: number; rejectClients: string[]; prefix: string },
    records: FakeRecords,
  ): FakeReply {
    const form = new URLSearchParams(request.text);
    const clientId = form.get("client_id") ?? "";
    const secret = form.get("client_secret") ?? "";
    if (!/application\/x-www-form-urlencoded/.test(String(request.headers["content-type"])))
      return {
        status: 400,
        body: JSON.stringify({ error: "invalid_request", error_description: "form body expected" }),
      };
    if (form.get("grant_type") !== "client_credentials")
      return {
        status: 400,
        body: JSON.stringify({ error: "unsupported_grant_type", error_description: "grant_type" }),
      };
    if (!clientId || !secret || options.rejectClients.includes(clientId))
      return { status: 400, body: JSON.stringify({ error: "invalid_client", error_description: "invalid client" }) };
    const token = `${options.prefix}${randomBytes(24).toString("base64url")}`;
    this.issued.set(token, { clientId, expiresAt: Date.now() + options.lifetimeSeconds * 1000 });
    records.tokenGranted();
    return {
      status: 200,
      body: JSON.stringify({ access_token: token, expires_in: options.lifetimeSeconds, token_type: "Bearer" }),
    };
  }
}

// The bearer token of a request, or undefined.
export function bearer(request: FakeRequest): string | undefined {
  const header = request.headers.authorization;
  const match = typeof header === "string" ? /^Bearer (.+)$/.exec(header) : null;
  return match?.[1];
}
