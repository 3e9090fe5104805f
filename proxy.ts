// Next.js's request proxy (Next 16's name for middleware): every console response gets the
// Content-Security-Policy with a fresh nonce, set on the request too, where Next.js reads it and puts
// the nonce on its own scripts (pages are rendered per request anyway: the locale comes from a
// cookie), plus Permissions-Policy and, when served over HTTPS, HSTS (lib/security/headers.ts).
// Not here: the device API (its own headers in server/device-api/routes.ts), Next's static files, and
// the Web Push service worker, which sites copy and serve themselves.
import { NextResponse, type NextRequest } from "next/server";
import { consoleHeaders, consolePolicy, forwardedProtoHeader, newNonce, servedOverHttps } from "@/lib/security/headers";

export function proxy(request: NextRequest) {
  const nonce = newNonce();
  const secure = servedOverHttps(process.env.NEXTAUTH_URL, request.headers.get(forwardedProtoHeader));
  const policy = consolePolicy(nonce, { dev: process.env.NODE_ENV === "development", secure });
  const headers = new Headers(request.headers);
  headers.set("x-nonce", nonce);
  headers.set("content-security-policy", policy);
  const response = NextResponse.next({ request: { headers } });
  response.headers.set("Content-Security-Policy", policy);
  for (const [name, value] of Object.entries(consoleHeaders(secure))) response.headers.set(name, value);
  return response;
}

export const config = {
  matcher: ["/((?!api/v1|_next/static|_next/image|favicon\\.ico|herald-sw\\.js).*)"],
};
