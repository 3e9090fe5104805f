// Device API requests as an SDK sends them, for tests that call the router or a handler directly.

// A POST of `body` as JSON (a string is sent as it is, to test malformed bodies) with the app's key as
// a bearer token; `headers` adds to or replaces the usual ones.
export function jsonPost(url: string, body: unknown, key: string, headers: Record<string, string> = {}): Request {
  return new Request(url, {
    method: "POST",
    headers: { authorization: `Bearer ${key}`, "content-type": "application/json", ...headers },
    body: typeof body === "string" ? body : JSON.stringify(body),
  });
}
