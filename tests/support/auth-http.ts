// Staff sign-in over plain HTTP, as the sign-in form does it through next-auth's endpoints, for tests
// that need a session cookie or a chosen client address without a browser.
import { request } from "node:http";
import { expect } from "vitest";

export interface HttpAnswer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  cookies: string[];
  body: string;
}

// One request to Herald at `baseUrl`, from the local address `from` (any 127.0.0.0/8 address).
export function call(
  baseUrl: string,
  method: string,
  path: string,
  options: { from?: string; headers?: Record<string, string>; body?: string } = {},
): Promise<HttpAnswer> {
  const base = new URL(baseUrl);
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: "127.0.0.1",
        port: base.port,
        method,
        path,
        localAddress: options.from ?? "127.0.0.1",
        headers: { host: base.host, ...options.headers },
      },
      (res) => {
        let body = "";
        res.setEncoding("utf8");
        res.on("data", (chunk: string) => (body += chunk));
        res.on("end", () =>
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            cookies: res.headers["set-cookie"] ?? [],
            body,
          }),
        );
      },
    );
    req.on("error", reject);
    req.end(options.body);
  });
}

// "name=value; name2=value2" from Set-Cookie lines (attributes dropped).
export const cookieHeader = (cookies: string[]) => cookies.map((c) => c.split(";")[0]).join("; ");

// next-auth's form POST with its CSRF token: answers the error next-auth reports (null when signed in)
// and the cookies it set.
export async function credentialsSignIn(
  baseUrl: string,
  email: string,
  password: string,
  options: { from?: string; headers?: Record<string, string> } = {},
): Promise<{ error: string | null; cookies: string[] }> {
  const csrf = await call(baseUrl, "GET", "/api/auth/csrf", { from: options.from });
  const { csrfToken } = JSON.parse(csrf.body) as { csrfToken: string };
  const answer = await call(baseUrl, "POST", "/api/auth/callback/credentials", {
    from: options.from,
    headers: {
      "content-type": "application/x-www-form-urlencoded",
      cookie: cookieHeader(csrf.cookies),
      ...options.headers,
    },
    body: new URLSearchParams({ csrfToken, email, password, json: "true" }).toString(),
  });
  expect(answer.status).toBeLessThan(500);
  const { url } = JSON.parse(answer.body) as { url: string };
  return { error: new URL(url, baseUrl).searchParams.get("error"), cookies: [...csrf.cookies, ...answer.cookies] };
}
