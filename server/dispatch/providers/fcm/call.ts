// One sendEach() call as the transport sees it: the HTTP/2 streams firebase-admin opened for it, the
// longest Retry-After any of them was answered with, a per-request deadline and early abort.
// firebase-admin keeps none of this: its errors carry no headers, and its 15 s timeout is fixed.
import type http2 from "node:http2";
import { currentFcmEndpoint, type FcmEndpoint } from "./endpoint";
import type { SessionPool } from "./session-pool";

type SetTimeout = (ms: number, callback?: () => void) => void;

// Seconds or an HTTP date, as milliseconds from now; undefined when unreadable.
export function parseRetryAfter(value: string | string[] | undefined, now = Date.now()): number | undefined {
  const text = Array.isArray(value) ? value[0] : value;
  if (!text) return undefined;
  if (/^\s*\d+\s*$/.test(text)) return Number(text) * 1000;
  const date = Date.parse(text);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

// How long requests already sent may still answer after an abort (pause, cancel): FCM answers in
// milliseconds, so this only bounds how long a hung request holds a paused batch.
export const abortGraceMs = 1000;

export class FcmCall {
  private readonly streams = new Set<http2.ClientHttp2Stream>();
  // Each stream's own setTimeout (re-arms firebase-admin's timeout with another deadline).
  private readonly rearm = new WeakMap<http2.ClientHttp2Stream, (ms: number) => void>();
  // The longest Retry-After seen on any answer of this call (FCM's quota and overload are per project, not per token).
  retryAfterMs: number | undefined;
  aborted = false;

  constructor(
    // Pooled sessions to send on, or null for firebase-admin's own session per call.
    readonly pool: SessionPool | null,
    // Deadline per request; firebase-admin's own (15 s) when larger.
    readonly timeoutMs: number,
    // Where this call's sessions connect (the provider's project decides: simulator-endpoint.ts).
    readonly endpoint: () => FcmEndpoint | null = currentFcmEndpoint,
  ) {}

  // Watches a stream firebase-admin opened for this call.
  track(stream: http2.ClientHttp2Stream) {
    this.streams.add(stream);
    let failed = false;
    let answered = false;
    stream.on("error", () => void (failed = true));
    stream.once("close", () => {
      this.streams.delete(stream);
      // A stream cut off with its connection (peer gone, socket reset) or ended by the peer without an
      // answer closes without an error; firebase-admin then waits for the answer forever. Give it the error it missed.
      if (!failed && (!answered || !stream.readableEnded)) {
        stream.emit(
          "error",
          Object.assign(new Error(`FCM stream closed before its answer (HTTP/2 code ${stream.rstCode})`), {
            code: "ERR_HTTP2_STREAM_CANCEL",
          }),
        );
      }
    });
    stream.once("response", (headers) => {
      answered = true;
      const wait = parseRetryAfter(headers["retry-after"]);
      if (wait !== undefined) this.retryAfterMs = Math.max(this.retryAfterMs ?? 0, wait);
    });
    // firebase-admin arms its timeout with req.setTimeout(15000, onTimeout) right after opening the
    // stream; shortening it here keeps its own timeout path (destroy the stream, ETIMEDOUT) intact.
    const original = stream.setTimeout.bind(stream) as SetTimeout;
    this.rearm.set(stream, (ms) => original(ms));
    (stream as unknown as { setTimeout: SetTimeout }).setTimeout = (ms, callback) =>
      original(this.aborted ? 1 : Math.min(ms, this.timeoutMs), callback);
  }

  // Ends every unanswered request of the call within `abortGraceMs`, through firebase-admin's timeout
  // path, so its sendEach() settles soon with the answers it had by then. Not at once: a request on
  // the wire may already be accepted, its answer waiting in the socket behind a busy event loop; cut
  // off, it would be reported unsent and sent again on resume (a whole batch of duplicates, measured).
  abort() {
    this.aborted = true;
    for (const stream of this.streams) this.rearm.get(stream)?.(Math.min(abortGraceMs, this.timeoutMs));
  }
}
