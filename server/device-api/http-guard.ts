// Requests Herald's HTTP server refuses before Next.js sees them, with a 4xx instead of the 500 Next.js
// answers for them:
// - a Host header that is not a host (Next.js builds a URL from it and throws);
// - a server action (POST with a Next-Action header) whose Origin is another host: Next.js refuses it
//   too, but by throwing, so a forged cross-site action looked like a server fault. This compares the
//   same things Next.js compares (the Origin's host against X-Forwarded-Host, else Host) and answers 403.
import "server-only";
import type { IncomingMessage } from "node:http";

// A DNS name or IPv4 address, or a bracketed IPv6 address, with an optional port.
const hostHeader = /^(?:[A-Za-z0-9](?:[A-Za-z0-9.-]{0,251}[A-Za-z0-9])?|\[[0-9A-Fa-f:.]{2,45}\])(?::\d{1,5})?$/;

export interface Refusal {
  status: 400 | 403;
  title: string;
  detail: string;
}

function first(value: string | string[] | undefined): string | undefined {
  const text = Array.isArray(value) ? value[0] : value;
  return text?.split(",")[0]?.trim() || undefined;
}

export function refuseBeforeNext(req: IncomingMessage): Refusal | null {
  const host = req.headers.host;
  if (host !== undefined && !hostHeader.test(host))
    return { status: 400, title: "Bad request", detail: "The Host header is not a valid host." };
  if ((req.method ?? "GET").toUpperCase() !== "POST" || req.headers["next-action"] === undefined) return null;
  const origin = first(req.headers.origin);
  if (origin === undefined) return null;
  let originHost: string | null;
  try {
    originHost = new URL(origin).host;
  } catch {
    originHost = null;
  }
  const expected = first(req.headers["x-forwarded-host"]) ?? host;
  if (originHost !== null && expected !== undefined && originHost === expected) return null;
  return { status: 403, title: "Forbidden", detail: "The request's Origin does not match this server." };
}
