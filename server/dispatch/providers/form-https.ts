// Posts an application/x-www-form-urlencoded body over HTTPS with Node's own client and reads the
// answer as text, for the vendors that take forms (Xiaomi MiPush, OPPO Push). No well-kept Node
// server client exists for either (only app-side plugins), so their adapters use this. Also reads a
// vendor's endpoint override (a loopback fake in tests) from an environment the caller hands in.
import { readFileSync } from "node:fs";
import https from "node:https";

// Where a vendor's API is: its base URL and, for a stand-in, the CA certificate to trust.
export interface VendorEndpoint {
  baseUrl: string;
  ca?: string | Buffer;
}

// The answer of one request: HTTP status, headers and body text.
export interface FormAnswer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

// A network failure, timeout or abort before any answer: nothing is known about the request's fate.
export class FormRequestError extends Error {
  constructor(
    readonly code: "NETWORK" | "TIMEOUT" | "ABORTED",
    message: string,
  ) {
    super(message);
    this.name = "FormRequestError";
  }
}

// One keep-alive agent per endpoint (and CA), shared by every provider instance of the process.
const agents = new Map<string, https.Agent>();
function agentFor(endpoint: VendorEndpoint): https.Agent {
  const key = `${endpoint.baseUrl}|${endpoint.ca ? String(endpoint.ca) : ""}`;
  let agent = agents.get(key);
  if (!agent) {
    agent = new https.Agent({ keepAlive: true, maxSockets: 64, ...(endpoint.ca ? { ca: endpoint.ca } : {}) });
    agents.set(key, agent);
  }
  return agent;
}

// Encodes fields as a form body; undefined values are left out.
export function formBody(fields: Record<string, string | number | undefined>): string {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(fields)) if (value !== undefined) params.append(name, String(value));
  return params.toString();
}

// POSTs `fields` to `path` under the endpoint's base URL.
export function postForm(
  endpoint: VendorEndpoint,
  path: string,
  fields: Record<string, string | number | undefined>,
  options: { headers?: Record<string, string>; timeoutMs: number; signal?: AbortSignal },
): Promise<FormAnswer> {
  const body = formBody(fields);
  const url = new URL(path, endpoint.baseUrl.endsWith("/") ? endpoint.baseUrl : `${endpoint.baseUrl}/`);
  return new Promise<FormAnswer>((resolve, reject) => {
    if (options.signal?.aborted) return reject(new FormRequestError("ABORTED", "aborted before sending"));
    const request = https.request(
      url,
      {
        method: "POST",
        agent: agentFor(endpoint),
        headers: {
          "content-type": "application/x-www-form-urlencoded;charset=UTF-8",
          "content-length": Buffer.byteLength(body),
          ...options.headers,
        },
        timeout: options.timeoutMs,
      },
      (response) => {
        const chunks: Buffer[] = [];
        response.on("data", (chunk: Buffer) => chunks.push(chunk));
        response.on("error", (error) => reject(new FormRequestError("NETWORK", error.message)));
        response.on("end", () =>
          resolve({
            status: response.statusCode ?? 0,
            headers: response.headers,
            body: Buffer.concat(chunks).toString("utf8"),
          }),
        );
      },
    );
    const onAbort = () => request.destroy(new FormRequestError("ABORTED", "aborted"));
    options.signal?.addEventListener("abort", onAbort, { once: true });
    request.on("timeout", () =>
      request.destroy(new FormRequestError("TIMEOUT", `no answer in ${options.timeoutMs} ms`)),
    );
    request.on("error", (error) =>
      reject(error instanceof FormRequestError ? error : new FormRequestError("NETWORK", error.message)),
    );
    request.on("close", () => options.signal?.removeEventListener("abort", onAbort));
    request.end(body);
  });
}

// Parses a JSON answer body; null when it is not JSON (a proxy's HTML error page, an empty 5xx).
export function parseJson(text: string): Record<string, unknown> | null {
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === "object" && value !== null && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : null;
  } catch {
    return null;
  }
}

// A vendor's endpoint from HERALD_<ID>_ENDPOINT and HERALD_<ID>_CA_FILE in `env` (the dispatcher's
// wiring passes process.env), or undefined when unset (the adapter then uses the vendor's host).
export function endpointFromEnv(id: string, env: Record<string, string | undefined>): VendorEndpoint | undefined {
  const prefix = `HERALD_${id.toUpperCase()}`;
  const baseUrl = env[`${prefix}_ENDPOINT`];
  if (!baseUrl) return undefined;
  const caFile = env[`${prefix}_CA_FILE`];
  return { baseUrl, ...(caFile ? { ca: readFileSync(caFile) } : {}) };
}

// Milliseconds until the next midnight in China (UTC+8), when the vendors' daily quotas reset.
export function untilChinaMidnightMs(nowMs = Date.now()): number {
  const dayMs = 86_400_000;
  const offsetMs = 8 * 3_600_000;
  return dayMs - ((nowMs + offsetMs) % dayMs);
}

// A 31-bit notification id from a text (a collapse key or campaign id): same text, same id, so a
// later push with it replaces the shown one (Xiaomi notify_id, OPPO notify_id).
export function notifyIdOf(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193);
  return (hash >>> 0) & 0x7fffffff;
}

// Cuts a text to at most `max` characters (code points: the vendors count a Chinese character or an
// emoji as one), marking the cut with an ellipsis.
export function clip(text: string, max: number): string {
  const chars = Array.from(text);
  return chars.length <= max ? text : `${chars.slice(0, max - 1).join("")}…`;
}
