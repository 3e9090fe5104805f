// One HTTPS request with Node's own client (FACTS.md: no well-kept Node server client exists for
// Huawei or Honor push), shared by the HMS and Honor adapters: a keep-alive agent per provider that
// trusts an extra CA when pointed at a loopback fake, a deadline per request, and early abort.
import https from "node:https";

// Where a vendor's traffic goes: its token URL, its API origin and the CA to trust (tests only).
export interface VendorEndpoint {
  authUrl: string;
  apiUrl: string;
  ca?: string | Buffer;
}

// A vendor's answer: the HTTP status, the headers Herald reads and the body as text.
export interface HttpAnswer {
  status: number;
  retryAfter: string | undefined;
  text: string;
}

// Network trouble (refused, reset, timeout, aborted): nothing was answered, so the request may be retried.
export class NetworkError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = "NetworkError";
  }
}

// A keep-alive agent for one provider (sockets to the vendor are reused across batches).
export function vendorAgent(endpoint: VendorEndpoint, maxSockets: number): https.Agent {
  return new https.Agent({ keepAlive: true, maxSockets, ...(endpoint.ca ? { ca: endpoint.ca } : {}) });
}

export interface PostOptions {
  agent: https.Agent;
  headers: Record<string, string>;
  timeoutMs: number;
  signal?: AbortSignal;
}

// POSTs `body` to `url` and resolves with the answer, whatever its status; rejects with NetworkError only.
export function post(url: string, body: string, options: PostOptions): Promise<HttpAnswer> {
  return new Promise((resolve, reject) => {
    if (options.signal?.aborted) return reject(new NetworkError("aborted", "aborted before sending"));
    const request = https.request(url, {
      method: "POST",
      agent: options.agent,
      headers: { ...options.headers, "content-length": String(Buffer.byteLength(body)) },
    });
    const fail = (code: string, message: string) => {
      request.destroy();
      reject(new NetworkError(code, message));
    };
    const timer = setTimeout(() => fail("timeout", `no answer within ${options.timeoutMs} ms`), options.timeoutMs);
    const onAbort = () => fail("aborted", "aborted");
    options.signal?.addEventListener("abort", onAbort, { once: true });
    const done = () => {
      clearTimeout(timer);
      options.signal?.removeEventListener("abort", onAbort);
    };
    request.on("error", (error: NodeJS.ErrnoException) => {
      done();
      reject(new NetworkError(error.code ?? "network", error.message));
    });
    request.on("response", (response) => {
      const chunks: Buffer[] = [];
      response.on("data", (chunk: Buffer) => chunks.push(chunk));
      response.on("error", (error: NodeJS.ErrnoException) => {
        done();
        reject(new NetworkError(error.code ?? "network", error.message));
      });
      response.on("end", () => {
        done();
        const retryAfter = response.headers["retry-after"];
        resolve({
          status: response.statusCode ?? 0,
          retryAfter: Array.isArray(retryAfter) ? retryAfter[0] : retryAfter,
          text: Buffer.concat(chunks).toString("utf8"),
        });
      });
    });
    request.end(body);
  });
}

// Seconds or an HTTP date, as milliseconds from now; undefined when absent or unreadable.
export function retryAfterMs(value: string | undefined, now = Date.now()): number | undefined {
  if (!value) return undefined;
  if (/^\s*\d+\s*$/.test(value)) return Number(value) * 1000;
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

// Parses a JSON body; undefined when it is not JSON (a proxy's HTML error page, an empty 503).
export function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}
