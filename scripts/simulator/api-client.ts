// The simulator's HTTP client for Herald's device API: the app's key on every request, 429s waited
// out for their Retry-After, overloads and network errors retried with backoff. The key is never
// logged; errors name the path and status only.
import type { Registration } from "./population";

// An answer: status, headers and the parsed JSON body (null when there is none).
export interface ApiAnswer<T = unknown> {
  status: number;
  headers: Headers;
  body: T | null;
}

// One device event as POST /api/v1/events takes it.
export interface DeviceEvent {
  eventId: string;
  installationId: string;
  type: "received" | "opened" | "clicked" | "dismissed" | "app_open";
  campaignId?: string;
  messageId?: string;
  actionId?: string;
  occurredAt: string;
}

// What POST /api/v1/events answers with 200.
export interface EventBatchResult {
  accepted: number;
  duplicates: number;
  refused: { index: number; eventId: string | null; reason: string; detail: string }[];
}

const sleep = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve) => {
    if (signal?.aborted) return resolve();
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal?.removeEventListener("abort", done);
      resolve();
    }
    signal?.addEventListener("abort", done, { once: true });
  });

export { sleep };

// Seconds or an HTTP date, as milliseconds (1 s when absent or unreadable).
export function retryAfterMs(headers: Headers): number {
  const value = headers.get("retry-after");
  if (value && /^\d+$/.test(value.trim())) return Number(value) * 1000;
  const date = value ? Date.parse(value) : NaN;
  return Number.isNaN(date) ? 1000 : Math.max(0, date - Date.now());
}

function parseJson<T>(text: string): T | null {
  try {
    return text ? (JSON.parse(text) as T) : null;
  } catch {
    return null;
  }
}

// Statuses worth asking again: rate limited, overloaded or briefly unavailable.
const retryable = (status: number) => status === 429 || status === 502 || status === 503 || status === 504;

export class HeraldApi {
  readonly base: string;

  constructor(
    url: string,
    private readonly apiKey: string,
    private readonly signal?: AbortSignal,
  ) {
    const trimmed = url.replace(/\/+$/, "");
    this.base = trimmed.endsWith("/api/v1") ? trimmed : `${trimmed}/api/v1`;
  }

  // One request, retried up to `attempts` times on 429/5xx/network errors (Retry-After honoured).
  async request<T>(
    method: string,
    path: string,
    options: { body?: unknown; headers?: Record<string, string>; attempts?: number; signal?: AbortSignal } = {},
  ): Promise<ApiAnswer<T>> {
    const attempts = options.attempts ?? 6;
    const signal = options.signal ?? this.signal;
    for (let attempt = 1; ; attempt++) {
      let answer: ApiAnswer<T> | null = null;
      let failure: unknown = null;
      try {
        const response = await fetch(`${this.base}${path}`, {
          method,
          signal,
          headers: {
            authorization: `Bearer ${this.apiKey}`,
            ...(options.body !== undefined ? { "content-type": "application/json" } : {}),
            ...options.headers,
          },
          body: options.body === undefined ? undefined : JSON.stringify(options.body),
        });
        const text = await response.text();
        answer = { status: response.status, headers: response.headers, body: parseJson<T>(text) };
      } catch (error) {
        if (signal?.aborted) throw error;
        failure = error;
      }
      if (answer && !retryable(answer.status)) return answer;
      if (attempt >= attempts) {
        if (answer) return answer;
        throw new Error(`${method} ${path}: ${(failure as Error)?.message ?? failure}`);
      }
      const wait = answer
        ? answer.status === 429
          ? retryAfterMs(answer.headers)
          : 500 * 2 ** Math.min(attempt, 5)
        : 250 * 2 ** Math.min(attempt, 6);
      await sleep(wait * (0.8 + Math.random() * 0.4), signal);
      if (signal?.aborted) throw new Error("stopped");
    }
  }

  // POST /devices: 201 (new) or 200 (known) on success.
  register(registration: Registration): Promise<ApiAnswer> {
    return this.request("POST", "/devices", { body: registration, attempts: 8 });
  }

  // GET /webpush/vapid-public-key: the app's VAPID public key, as a site fetches it before subscribing.
  vapidPublicKey(): Promise<ApiAnswer<{ publicKey: string; subject: string }>> {
    return this.request("GET", "/webpush/vapid-public-key", { attempts: 4 });
  }

  // GET /devices/{id}/inbox, long-polling up to `waitSeconds`.
  inbox<T>(
    installationId: string,
    after: string | null,
    etag: string | null,
    waitSeconds: number,
    signal?: AbortSignal,
  ): Promise<ApiAnswer<T>> {
    const query = new URLSearchParams({ wait: String(waitSeconds), limit: "100" });
    if (after) query.set("after", after);
    return this.request<T>("GET", `/devices/${installationId}/inbox?${query}`, {
      headers: etag ? { "if-none-match": etag } : {},
      attempts: 1,
      signal,
    });
  }

  // POST /events, once: the caller keeps the batch and retries it with the same event ids.
  postEvents(events: DeviceEvent[]): Promise<ApiAnswer<EventBatchResult>> {
    return this.request<EventBatchResult>("POST", "/events", { body: { events }, attempts: 1 });
  }
}
