// The one place Herald steps into firebase-admin's HTTP/2 path. firebase-admin calls
// http2.connect("https://fcm.googleapis.com") once per sendEach(); this module wraps that function
// (for that authority only) so the session it gets can reach a loopback fake, sends a valid :scheme,
// reports its streams to the FcmCall running (timeouts, abort, Retry-After) and, when the provider
// pools sessions, is a lease on a session that stays open. Message building, validation, auth,
// request and response handling all stay firebase-admin's own.
import http2 from "node:http2";
import type { FcmCall } from "./call";
import { connectTls, currentFcmEndpoint, fcmHost, type FcmEndpoint } from "./endpoint";
import { normaliseHeaders } from "./session-pool";

type Connect = typeof http2.connect;

// Kept on globalThis so a module loaded twice (test runners) still shares one wrapper and one
// current call. A plain variable, not AsyncLocalStorage: firebase-admin connects synchronously inside
// sendEach(), and AsyncLocalStorage would turn on promise hooks for the whole process.
const holder = globalThis as { heraldHttp2Connect?: Connect; heraldFcmCall?: FcmCall };

// firebase-admin's own session options (it asks for these; a pooled session uses the same).
const sessionOptions: http2.SecureClientSessionOptions = { peerMaxConcurrentStreams: 100, ALPNProtocols: ["h2"] };

function isFcmAuthority(authority: unknown): boolean {
  const text = typeof authority === "string" ? authority : authority instanceof URL ? authority.href : "";
  return (
    text === `https://${fcmHost}` || text.startsWith(`https://${fcmHost}/`) || text.startsWith(`https://${fcmHost}:443`)
  );
}

// A real HTTP/2 session to FCM, or to the configured stand-in (TLS still checked for fcm.googleapis.com).
export function connectFcm(
  options: http2.SecureClientSessionOptions = sessionOptions,
  endpoint: FcmEndpoint | null = currentFcmEndpoint(),
): http2.ClientHttp2Session {
  const connect = holder.heraldHttp2Connect ?? http2.connect;
  if (!endpoint) return connect(`https://${fcmHost}`, options);
  return connect(`https://${fcmHost}`, { ...options, createConnection: () => connectTls(endpoint, fcmHost, ["h2"]) });
}

function patchedConnect(this: unknown, ...args: Parameters<Connect>): http2.ClientHttp2Session {
  const [authority, options] = args;
  if (!isFcmAuthority(authority)) return holder.heraldHttp2Connect!.apply(this, args);
  const call = holder.heraldFcmCall;
  if (call?.pool) return call.pool.lease(call);
  const session = connectFcm(
    { ...sessionOptions, ...(typeof options === "object" ? options : {}) },
    call ? call.endpoint() : currentFcmEndpoint(),
  );
  const request = session.request.bind(session);
  session.request = (headers, requestOptions) => {
    const stream = request(normaliseHeaders(headers), requestOptions);
    call?.track(stream);
    return stream;
  };
  return session;
}

// Wraps http2.connect once per process (idempotent; other authorities pass straight through).
export function installFcmTransport() {
  if (holder.heraldHttp2Connect) return;
  holder.heraldHttp2Connect = http2.connect;
  (http2 as { connect: Connect }).connect = patchedConnect as Connect;
}

// Runs firebase-admin's sendEach() with `call` as the call in progress while it connects: it calls
// http2.connect() before its first await, so the call is only current during that synchronous part.
export function withinCall<T>(call: FcmCall, send: () => T): T {
  installFcmTransport();
  const previous = holder.heraldFcmCall;
  holder.heraldFcmCall = call;
  try {
    return send();
  } finally {
    holder.heraldFcmCall = previous;
  }
}
