// The one HTTPS client of the phone makers' adapters (Huawei, Honor, Xiaomi, OPPO, vivo, JPush). None
// of these vendors has a well-kept Node server client (FACTS.md), so the adapters use Node's own https:
// a keep-alive agent that trusts an extra CA when pointed at a loopback fake, a deadline per request,
// early abort, JSON and form bodies, the answer handed back whatever its status. Also the settings
// shape every such adapter shares, the environment override the dispatcher's wiring reads, and the
// time to midnight in China, when the vendors' daily quotas start again.
import { readFileSync } from "node:fs";
import https from "node:https";

// Where a vendor's traffic goes: its API's base URL, its token URL when it has a separate one (Huawei,
// Honor OAuth) and the CA certificate to trust (a loopback fake's, in tests).
export interface VendorEndpoint {
  baseUrl: string;
  authUrl?: string;
  ca?: string | Buffer;
}

// The knobs every vendor adapter takes; each adds its own.
export interface VendorSettings {
  endpoint: VendorEndpoint;
  // Deadline per HTTP request in milliseconds.
  timeoutMs: number;
  // send() calls one worker may have in flight per credential (limits.concurrency).
  concurrency: number;
}

// One answer: the HTTP status, its headers, Retry-After and the body as text.
export interface VendorAnswer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  retryAfter: string | undefined;
  text: string;
}

// The request never got an answer, so it may be retried: `aborted`, `TIMEOUT`, or `NETWORK` (refused,
// reset, TLS failure; the system's code is in `cause`).
export class VendorNetworkError extends Error {
  constructor(
    readonly code: "aborted" | "TIMEOUT" | "NETWORK",
    message: string,
    readonly cause?: string,
  ) {
    super(message);
    this.name = "VendorNetworkError";
  }
}

// A keep-alive agent (sockets to the vendor are reused across batches), trusting the endpoint's CA.
export function vendorAgent(endpoint: VendorEndpoint, maxSockets: number): https.Agent {
  return new https.Agent({ keepAlive: true, maxSockets, ...(endpoint.ca ? { ca: endpoint.ca } : {}) });
}

// One agent per endpoint (and CA) shared by every provider of the process (the form vendors').
const sharedAgents = new Map<string, https.Agent>();
export function sharedVendorAgent(endpoint: VendorEndpoint, maxSockets = 64): https.Agent {
  const key = `${endpoint.baseUrl}|${endpoint.ca ? String(endpoint.ca) : ""}`;
  let agent = sharedAgents.get(key);
  if (!agent) sharedAgents.set(key, (agent = vendorAgent(endpoint, maxSockets)));
  return agent;
}

// `path` under the endpoint's base URL.
export function vendorUrl(endpoint: VendorEndpoint, path: string): URL {
  return new URL(path.replace(/^\//, ""), endpoint.baseUrl.replace(/\/?$/, "/"));
}

export interface PostOptions {
  agent: https.Agent;
  headers: Record<string, string>;
  timeoutMs: number;
  signal?: AbortSignal;
}

// POSTs `body` to `url` and resolves with the answer, whatever its status; rejects with VendorNetworkError only.
export function post(url: string | URL, body: string | Buffer, options: PostOptions): Promise<VendorAnswer> {
  return new Promise((resolve, reject) => {
    if (options.signal?.aborted) return reject(new VendorNetworkError("aborted", "aborted before sending"));
    const request = https.request(url, {
      method: "POST",
      agent: options.agent,
      headers: { ...options.headers, "content-length": String(Buffer.byteLength(body)) },
    });
    let settled = false;
    const settle = (finish: () => void) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      options.signal?.removeEventListener("abort", onAbort);
      finish();
    };
    const fail = (error: VendorNetworkError) =>
      settle(() => {
        request.destroy();
        reject(error);
      });
    const timer = setTimeout(
      () => fail(new VendorNetworkError("TIMEOUT", `no answer within ${options.timeoutMs} ms`)),
      options.timeoutMs,
    );
    const onAbort = () => fail(new VendorNetworkError("aborted", "aborted"));
    options.signal?.addEventListener("abort", onAbort, { once: true });
    const network = (error: NodeJS.ErrnoException) =>
      fail(new VendorNetworkError("NETWORK", error.message, error.code));
    request.on("error", network);
    request.on("response", (response) => {
      const chunks: Buffer[] = [];
      response.on("data", (chunk: Buffer) => chunks.push(chunk));
      response.on("error", network);
      response.on("end", () =>
        settle(() => {
          const retryAfter = response.headers["retry-after"];
          resolve({
            status: response.statusCode ?? 0,
            headers: response.headers,
            retryAfter: Array.isArray(retryAfter) ? retryAfter[0] : retryAfter,
            text: Buffer.concat(chunks).toString("utf8"),
          });
        }),
      );
    });
    request.end(body);
  });
}

// Encodes fields as an application/x-www-form-urlencoded body; undefined values are left out.
export function formBody(fields: Record<string, string | number | undefined>): string {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(fields)) if (value !== undefined) params.append(name, String(value));
  return params.toString();
}

// POSTs `fields` as a form to `path` under the endpoint (the process's shared agent for it).
export function postForm(
  endpoint: VendorEndpoint,
  path: string,
  fields: Record<string, string | number | undefined>,
  options: { headers?: Record<string, string>; timeoutMs: number; signal?: AbortSignal },
): Promise<VendorAnswer> {
  return post(vendorUrl(endpoint, path), formBody(fields), {
    agent: sharedVendorAgent(endpoint),
    timeoutMs: options.timeoutMs,
    signal: options.signal,
    headers: { "content-type": "application/x-www-form-urlencoded;charset=UTF-8", ...options.headers },
  });
}

// A JSON answer: the answer and its body parsed (null when empty or not JSON).
export type VendorJsonAnswer = VendorAnswer & { body: unknown };

// A JSON client bound to one endpoint, with its own keep-alive agent.
export class VendorHttps {
  private readonly agent: https.Agent;

  constructor(
    private readonly endpoint: VendorEndpoint,
    private readonly timeoutMs: number,
    maxSockets = 16,
  ) {
    this.agent = vendorAgent(endpoint, maxSockets);
  }

  // POSTs `body` as JSON to `path` under the base URL with the extra headers.
  async post(path: string, body: unknown, headers: Record<string, string> = {}, signal?: AbortSignal) {
    const answer = await post(vendorUrl(this.endpoint, path), JSON.stringify(body), {
      agent: this.agent,
      timeoutMs: this.timeoutMs,
      signal,
      headers: { "content-type": "application/json;charset=utf-8", accept: "application/json", ...headers },
    });
    return { ...answer, body: answer.text ? (parseJson(answer.text) ?? null) : null } as VendorJsonAnswer;
  }

  // Closes the kept-alive connections.
  close() {
    this.agent.destroy();
  }
}

// Parses a JSON body; undefined when it is not JSON (a proxy's HTML error page, an empty 503).
export function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

// Parses a JSON object body; null when it is not one.
export function parseJsonObject(text: string): Record<string, unknown> | null {
  const value = parseJson(text);
  return typeof value === "object" && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : null;
}

// Retry-After (seconds or an HTTP date) as milliseconds from now; undefined when absent or unreadable.
export function retryAfterMs(value: string | undefined, now = Date.now()): number | undefined {
  if (!value) return undefined;
  if (/^\s*\d+\s*$/.test(value)) return Number(value) * 1000;
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

// The whole milliseconds until the next midnight in China (UTC+8), when the vendors' daily quotas
// start again: the same day fan-out counts the makers' per-device caps in (lib/routing/vendor-quotas.ts).
export { msUntilChinaMidnight } from "@/lib/routing/vendor-quotas";

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

// Whether `env` overrides the vendor's endpoint (the settings-from-env functions return {} otherwise).
export function hasEndpointOverride(id: string, env: Record<string, string | undefined>): boolean {
  return Boolean(env[`HERALD_${id.toUpperCase()}_ENDPOINT`]);
}
