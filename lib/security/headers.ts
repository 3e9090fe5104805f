// The security headers Herald answers with, in one place: the console's Content-Security-Policy (a
// fresh nonce per request, set by proxy.ts), its Permissions-Policy, HSTS when served over HTTPS, and
// the headers that fit the device API (JSON only: nothing may run, nothing may frame it).
//
// Scripts: only those carrying the request's nonce ('strict-dynamic' lets them load Next's chunks),
// so an injected <script> or inline handler never runs. Styles: stylesheets from Herald itself and
// <style> elements with the nonce; style *attributes* stay allowed ('unsafe-inline' for style-src-attr
// only) because the console sets computed widths and colours inline (progress bars, split bars, the
// charts' SVG), which React renders as style="" on the server and no nonce can cover. A style attribute
// cannot run script, so this keeps CSP's protection against injected code. Images: any https source,
// because a campaign's notification preview shows the image URL staff entered.

// Herald's HTTP server writes here whether the request reached it over HTTPS (directly or through a
// trusted proxy: server/auth/client-address.ts), replacing whatever a client sent under this name.
export const forwardedProtoHeader = "x-herald-forwarded-proto";

// Two years, subdomains included: the preload list's minimum, and what OWASP suggests.
export const hstsValue = "max-age=63072000; includeSubDomains";

// Powerful browser features the console never uses, all off.
export const permissionsPolicy = [
  "accelerometer=()",
  "autoplay=()",
  "camera=()",
  "display-capture=()",
  "geolocation=()",
  "gyroscope=()",
  "magnetometer=()",
  "microphone=()",
  "midi=()",
  "payment=()",
  "usb=()",
  "browsing-topics=()",
].join(", ");

// Whether a request is served over HTTPS: the public URL says so (NEXTAUTH_URL https), or Herald's
// server saw it arrive over TLS or from a trusted proxy that says the client used https.
export function servedOverHttps(publicUrl: string | undefined, forwardedProto: string | null | undefined): boolean {
  return (publicUrl ?? "").toLowerCase().startsWith("https://") || forwardedProto === "https";
}

// A nonce: 16 random bytes, base64.
export function newNonce(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return btoa(String.fromCharCode(...bytes));
}

// The console's policy for one response. `dev`: Next's development server evaluates code (React's
// debugging) and so needs 'unsafe-eval'; production never does.
export function consolePolicy(nonce: string, options: { dev: boolean; secure: boolean }): string {
  const directives = [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${options.dev ? " 'unsafe-eval'" : ""}`,
    // Browsers without the -elem/-attr directives fall back to this one.
    "style-src 'self' 'unsafe-inline'",
    `style-src-elem 'self' 'nonce-${nonce}'`,
    "style-src-attr 'unsafe-inline'",
    "img-src 'self' data: blob: https:",
    "font-src 'self' data:",
    "connect-src 'self'",
    "worker-src 'self'",
    "manifest-src 'self'",
    "frame-src 'none'",
    "object-src 'none'",
    "base-uri 'self'",
    "frame-ancestors 'none'",
    "form-action 'self'",
  ];
  if (options.secure) directives.push("upgrade-insecure-requests");
  return directives.join("; ");
}

// The console's headers besides the CSP (nosniff, X-Frame-Options and Referrer-Policy come from
// next.config.js for every path, static files included).
export function consoleHeaders(secure: boolean): Record<string, string> {
  return {
    "Permissions-Policy": permissionsPolicy,
    "Cross-Origin-Opener-Policy": "same-origin",
    ...(secure ? { "Strict-Transport-Security": hstsValue } : {}),
  };
}

// The device API's headers: JSON answers for any origin (CORS * stays, routes.ts), which no browser
// should render, run or frame, and whose URLs (receipt callbacks carry secrets) no Referer repeats.
export function apiHeaders(secure: boolean): Record<string, string> {
  return {
    "Content-Security-Policy": "default-src 'none'; frame-ancestors 'none'",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    ...(secure ? { "Strict-Transport-Security": hstsValue } : {}),
  };
}
