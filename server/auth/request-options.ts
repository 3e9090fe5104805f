// next-auth's options for the request being served: its cookies are `Secure` and carry the `__Secure-`
// (session, callback URL) and `__Host-` (CSRF) prefixes when the console is served over HTTPS, that
// is when NEXTAUTH_URL is https or Herald's server saw the request arrive over TLS or through a trusted
// proxy that says https (x-herald-forwarded-proto: server/auth/client-address.ts). next-auth alone
// decides from NEXTAUTH_URL only, which misses a TLS proxy in front of an http NEXTAUTH_URL.
// The sign-in route and every session read use these, so both agree on the cookies' names.
import "server-only";
import type { NextAuthOptions } from "next-auth";
import { headers } from "next/headers";
import { forwardedProtoHeader, servedOverHttps } from "@/lib/security/headers";
import { authOptions } from "./options";

export function authOptionsFor(secure: boolean): NextAuthOptions {
  return { ...authOptions, useSecureCookies: secure };
}

export async function authOptionsForRequest(): Promise<NextAuthOptions> {
  const proto = (await headers()).get(forwardedProtoHeader);
  return authOptionsFor(servedOverHttps(process.env.NEXTAUTH_URL, proto));
}
