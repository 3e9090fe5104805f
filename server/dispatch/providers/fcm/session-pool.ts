// HTTP/2 sessions to FCM kept open across sendEach() calls. firebase-admin opens (TLS handshake,
// SETTINGS exchange) and closes one session per call; with a pool each call gets a lease that sends
// its requests on the least-busy open session, and closing the lease leaves the session open.
import { EventEmitter } from "node:events";
import type http2 from "node:http2";

interface PooledSession {
  session: http2.ClientHttp2Session;
  active: number;
  usable: boolean;
}

// FCM serves about 100 concurrent streams per connection; another session opens beyond that.
const streamsPerSession = 100;
// An idle session is closed after this long (FCM itself drops idle connections after a few minutes).
const idleMs = 60_000;

// firebase-admin sends `:scheme: https:` (Node's URL protocol, colon included); Google tolerates it,
// Node's HTTP/2 server (our fake) resets the stream. Normalised for every FCM request.
export function normaliseHeaders(headers: http2.OutgoingHttpHeaders | undefined) {
  if (headers && headers[":scheme"] === "https:") headers[":scheme"] = "https";
  return headers;
}

// What a lease reports its streams to: the call in progress (call.ts FcmCall), which watches them
// for Retry-After, deadlines and abort. An interface here so the pool does not depend on the call.
export interface StreamWatcher {
  track(stream: http2.ClientHttp2Stream): void;
}

export class SessionPool {
  private sessions: PooledSession[] = [];
  private closed = false;

  constructor(
    private readonly maxSessions: number,
    private readonly connect: () => http2.ClientHttp2Session,
  ) {}

  // What firebase-admin gets from http2.connect() for one call.
  lease(watcher: StreamWatcher): http2.ClientHttp2Session {
    return new SessionLease(this, watcher) as unknown as http2.ClientHttp2Session;
  }

  // Opens a stream on the least-busy usable session, opening a session when all are full.
  request(
    headers: http2.OutgoingHttpHeaders | undefined,
    options?: http2.ClientSessionRequestOptions,
  ): http2.ClientHttp2Stream {
    this.sessions = this.sessions.filter((entry) => entry.usable && !entry.session.closed && !entry.session.destroyed);
    let best: PooledSession | undefined;
    for (const entry of this.sessions) if (!best || entry.active < best.active) best = entry;
    if (!best || (best.active >= streamsPerSession && this.sessions.length < this.maxSessions)) best = this.open();
    const entry = best;
    const stream = entry.session.request(normaliseHeaders(headers), options);
    entry.active += 1;
    stream.once("close", () => void (entry.active -= 1));
    return stream;
  }

  private open(): PooledSession {
    if (this.closed) throw new Error("FCM session pool is closed");
    const session = this.connect();
    const entry: PooledSession = { session, active: 0, usable: true };
    // A failed or retiring session takes no new streams; its open streams fail or finish on their own.
    session.on("error", () => void (entry.usable = false));
    session.on("goaway", () => void (entry.usable = false));
    session.on("close", () => void (entry.usable = false));
    session.setTimeout(idleMs, () => {
      if (entry.active === 0) session.close();
    });
    this.sessions.push(entry);
    return entry;
  }

  // Number of sessions currently open (for tests and diagnostics).
  get size() {
    return this.sessions.filter((entry) => entry.usable).length;
  }

  close() {
    this.closed = true;
    for (const entry of this.sessions) entry.session.close();
    this.sessions = [];
  }
}

// The part of ClientHttp2Session firebase-admin's Http2SessionHandler uses: request(), closed,
// close() and the goaway/error/close events (pool sessions never hand their errors to a lease: the
// streams on them fail one by one, and firebase-admin reports those per message).
class SessionLease extends EventEmitter {
  closed = false;

  constructor(
    private readonly pool: SessionPool,
    private readonly watcher: StreamWatcher,
  ) {
    super();
  }

  request(headers?: http2.OutgoingHttpHeaders, options?: http2.ClientSessionRequestOptions) {
    const stream = this.pool.request(headers, options);
    this.watcher.track(stream);
    return stream;
  }

  close() {
    if (this.closed) return;
    this.closed = true;
    setImmediate(() => this.emit("close"));
  }
}
