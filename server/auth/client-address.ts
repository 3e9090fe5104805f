// The address a staff request came from, for sign-in throttling. The socket's peer address, unless
// that peer is one of the proxies the operator listed in HERALD_TRUSTED_PROXIES (comma-separated IP
// addresses, e.g. a load balancer's): then the right-most X-Forwarded-For entry that is not itself a
// trusted proxy. A client can write anything into X-Forwarded-For, so without a trusted proxy in front
// the header is ignored (a spoofed address per attempt used to dodge the per-address lock).
// Herald's HTTP server (server/device-api/http-server.ts) computes it from the socket and passes it to
// Next.js in the `x-herald-client-address` header, replacing whatever a client sent under that name.
// The same trust decides whether a request counts as HTTPS (forwardedProto, below).
import "server-only";
import type { IncomingMessage } from "node:http";
import { isIP } from "node:net";
import { forwardedProtoHeader } from "@/lib/security/headers";

export const clientAddressHeader = "x-herald-client-address";

// "::ffff:10.0.0.1" and "10.0.0.1" are one address.
function normalise(address: string): string {
  const trimmed = address.trim().toLowerCase();
  return trimmed.startsWith("::ffff:") && isIP(trimmed.slice(7)) === 4 ? trimmed.slice(7) : trimmed;
}

export function trustedProxies(env: Record<string, string | undefined> = process.env): Set<string> {
  return new Set(
    (env.HERALD_TRUSTED_PROXIES ?? "")
      .split(",")
      .map((entry) => entry.trim())
      .filter((entry) => isIP(entry) !== 0)
      .map(normalise),
  );
}

export function clientAddress(
  socketAddress: string | undefined,
  forwardedFor: string | string[] | undefined,
  trusted: ReadonlySet<string>,
): string {
  const peer = socketAddress ? normalise(socketAddress) : "unknown";
  if (!trusted.has(peer)) return peer;
  const hops = (Array.isArray(forwardedFor) ? forwardedFor.join(",") : (forwardedFor ?? ""))
    .split(",")
    .map(normalise)
    .filter((hop) => hop !== "");
  for (let i = hops.length - 1; i >= 0; i -= 1) {
    const hop = hops[i]!;
    if (isIP(hop) === 0) return peer;
    if (!trusted.has(hop)) return hop;
  }
  return peer;
}

// "https" when the request came over TLS, or from a trusted proxy whose X-Forwarded-Proto says https
// (its last entry: the one the proxy next to Herald wrote); otherwise "http". Herald's server passes it
// on in the x-herald-forwarded-proto header (lib/security/headers.ts): it decides HSTS and whether
// next-auth's cookies are Secure.
export function forwardedProto(
  socket: { encrypted?: boolean; remoteAddress?: string },
  forwardedProtoHeader: string | string[] | undefined,
  trusted: ReadonlySet<string>,
): "https" | "http" {
  if (socket.encrypted === true) return "https";
  if (!socket.remoteAddress || !trusted.has(normalise(socket.remoteAddress))) return "http";
  const entries = (Array.isArray(forwardedProtoHeader) ? forwardedProtoHeader.join(",") : (forwardedProtoHeader ?? ""))
    .split(",")
    .map((entry) => entry.trim().toLowerCase())
    .filter((entry) => entry !== "");
  return entries.at(-1) === "https" ? "https" : "http";
}

// Writes what Herald's server knows from the socket onto the request, for Next.js and the device API:
// the client's address and whether it came over HTTPS, replacing whatever a client sent under these names.
export function stampRequest(req: IncomingMessage, trusted: ReadonlySet<string>): void {
  req.headers[clientAddressHeader] = clientAddress(req.socket.remoteAddress, req.headers["x-forwarded-for"], trusted);
  req.headers[forwardedProtoHeader] = forwardedProto(req.socket, req.headers["x-forwarded-proto"], trusted);
}
