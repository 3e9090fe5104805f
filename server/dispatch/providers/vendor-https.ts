// JSON over HTTPS with Node's own https module, for the vendors without a well-kept Node server
// client (vivo, JPush's official jpush-async is little used): one keep-alive agent per provider,
// an optional CA to trust (the loopback fakes' self-signed certificate), a deadline per request,
// and the answer's status, headers and parsed body handed back whatever the status.
import { readFileSync } from "node:fs";
import https from "node:https";

// Where a vendor adapter sends: the base URL (the vendor's host by default, a fake in tests) and
// the CA certificate to trust for it.
export interface VendorEndpoint {
  baseUrl: string;
  ca?: string | Buffer;
}

// One answer. `body` is the parsed JSON, or null when the body was empty or not JSON (`text` keeps it).
export interface VendorAnswer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: unknown;
  text: string;
}

// The request never got an answer (connection refused, reset, TLS failure, deadline): retryable.
export class VendorNetworkError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = "VendorNetworkError";
  }
}

// A small client bound to one endpoint.
export class VendorHttps {
  private readonly agent: https.Agent;

  constructor(
    private readonly endpoint: VendorEndpoint,
    private readonly timeoutMs: number,
    maxSockets = 16,
  ) {
    this.agent = new https.Agent({ keepAlive: true, maxSockets, ...(endpoint.ca ? { ca: endpoint.ca } : {}) });
  }

  // POSTs `body` (JSON) to `path` under the base URL with the extra headers.
  post(path: string, body: unknown, headers: Record<string, string> = {}, signal?: AbortSignal) {
    const payload = Buffer.from(JSON.stringify(body));
    const url = new URL(path.replace(/^\//, ""), this.endpoint.baseUrl.replace(/\/?$/, "/"));
    return new Promise<VendorAnswer>((resolve, reject) => {
      const request = https.request(
        url,
        {
          method: "POST",
          agent: this.agent,
          signal,
          timeout: this.timeoutMs,
          headers: {
            "content-type": "application/json;charset=utf-8",
            "content-length": String(payload.length),
            accept: "application/json",
            ...headers,
          },
        },
        (response) => {
          const chunks: Buffer[] = [];
          response.on("data", (chunk: Buffer) => chunks.push(chunk));
          response.on("error", (error) => reject(new VendorNetworkError("NETWORK", error.message)));
          response.on("end", () => {
            const text = Buffer.concat(chunks).toString("utf8");
            let parsed: unknown = null;
            try {
              parsed = text ? (JSON.parse(text) as unknown) : null;
            } catch {
              parsed = null;
            }
            resolve({ status: response.statusCode ?? 0, headers: response.headers, body: parsed, text });
          });
        },
      );
      request.on("timeout", () =>
        request.destroy(new VendorNetworkError("TIMEOUT", `no answer in ${this.timeoutMs} ms`)),
      );
      request.on("error", (error: Error & { code?: string }) =>
        reject(
          error instanceof VendorNetworkError
            ? error
            : new VendorNetworkError(
                error.name === "AbortError" ? "aborted" : (error.code ?? "NETWORK"),
                error.message,
              ),
        ),
      );
      request.end(payload);
    });
  }

  // Closes the kept-alive connections.
  close() {
    this.agent.destroy();
  }
}

// The whole milliseconds until the next midnight in China (UTC+8, no daylight saving), when the
// vendors' daily quotas start again.
export function msUntilChinaMidnight(now = Date.now()): number {
  const day = 86_400_000;
  const offset = 8 * 3_600_000;
  return day - ((now + offset) % day);
}

// The endpoint the dispatcher's wiring hands an adapter: HERALD_<ID>_ENDPOINT (a base URL, e.g. a
// loopback fake) and HERALD_<ID>_CA_FILE (the certificate to trust for it) from `env`, else the
// vendor's own host. Called by server/dispatch/channels.ts with process.env; adapters never read it.
export function vendorEndpointFromEnv(
  id: string,
  defaultBaseUrl: string,
  env: Record<string, string | undefined>,
): VendorEndpoint {
  const prefix = `HERALD_${id.toUpperCase()}`;
  const baseUrl = env[`${prefix}_ENDPOINT`] || defaultBaseUrl;
  const caFile = env[`${prefix}_CA_FILE`];
  return caFile ? { baseUrl, ca: readFileSync(caFile) } : { baseUrl };
}
