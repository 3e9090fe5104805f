// Where the sign-in form may send the browser afterwards: a path on Herald's own origin, never another
// host. A prefix check ("starts with / but not //") is not enough: browsers and the URL parser treat a
// backslash as a slash and drop tabs and newlines, so "/\host", "/%5Chost" (once decoded by a router),
// "/\t/host" and "/\/host" all become "//host". This decodes the value until it stops changing, refuses
// backslashes and control characters outright, then resolves it with the URL parser against Herald's
// origin and keeps it only when the origin is unchanged. Isomorphic.

const controlOrBackslash = /[\u0000-\u001f\u007f\\]/;

export function safeCallbackPath(value: string | null | undefined, origin: string, fallback = "/"): string {
  if (!value || value.length > 2048 || !value.startsWith("/")) return fallback;
  let decoded = value;
  for (let i = 0; i < 5; i += 1) {
    let next: string;
    try {
      next = decodeURIComponent(decoded);
    } catch {
      return fallback;
    }
    if (next === decoded) break;
    decoded = next;
  }
  if (controlOrBackslash.test(decoded) || decoded.startsWith("//")) return fallback;
  let url: URL;
  try {
    url = new URL(value, origin);
  } catch {
    return fallback;
  }
  if (url.origin !== new URL(origin).origin) return fallback;
  return `${url.pathname}${url.search}${url.hash}`;
}
