// Sign-in throttling over real HTTP (issue [4/5] items 2 and 3). A guesser connecting from 127.0.0.3
// writes a new X-Forwarded-For address into every attempt: it is still counted by its socket's address
// and locked after five failures, and that lock does not keep the account's owner, connecting from
// 127.0.0.1, out.
import { request } from "node:http";
import { describe, expect, inject, it } from "vitest";
import { throttleRules } from "@/server/auth/throttle";

const baseUrl = new URL(inject("baseUrl"));

function call(
  method: string,
  path: string,
  options: { from: string; headers?: Record<string, string>; body?: string },
): Promise<{ status: number; cookies: string[]; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: "127.0.0.1",
        port: baseUrl.port,
        method,
        path,
        localAddress: options.from,
        headers: { host: baseUrl.host, ...options.headers },
      },
      (res) => {
        let body = "";
        res.setEncoding("utf8");
        res.on("data", (chunk: string) => (body += chunk));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, cookies: res.headers["set-cookie"] ?? [], body }));
      },
    );
    req.on("error", reject);
    req.end(options.body);
  });
}

// One next-auth credentials attempt as the sign-in form makes it; answers the error next-auth reports
// (null when it signed in).
async function attempt(email: string, password: string, from: string, spoofed?: string): Promise<string | null> {
  const csrf = await call("GET", "/api/auth/csrf", { from });
  const { csrfToken } = JSON.parse(csrf.body) as { csrfToken: string };
  const answer = await call("POST", "/api/auth/callback/credentials", {
    from,
    headers: {
      "content-type": "application/x-www-form-urlencoded",
      cookie: csrf.cookies.map((c) => c.split(";")[0]).join("; "),
      ...(spoofed ? { "x-forwarded-for": spoofed } : {}),
    },
    body: new URLSearchParams({ csrfToken, email, password, json: "true" }).toString(),
  });
  expect(answer.status).toBeLessThan(500);
  const { url } = JSON.parse(answer.body) as { url: string };
  return new URL(url, baseUrl).searchParams.get("error");
}

describe("sign-in throttling over HTTP", () => {
  it("locks the guesser's socket address however X-Forwarded-For changes, and not the owner", async () => {
    const email = inject("adminEmail");
    for (let i = 0; i < throttleRules.pair.limit; i++) {
      expect(await attempt(email, `guess-${i}`, "127.0.0.3", `198.51.100.${i + 1}`)).toBe("CredentialsSignin");
    }
    expect(await attempt(email, "one more", "127.0.0.3", "198.51.100.99")).toMatch(/^locked:\d+$/);
    // The owner signs in from their own address (after the email's slowing wait).
    expect(await attempt(email, inject("adminPassword"), "127.0.0.1")).toBeNull();
  });
});
