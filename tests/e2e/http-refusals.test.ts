// Requests from a client's mistake or an attacker get a 4xx from Herald's server, never a 500
// (issue [4/5] items 5 and 6): TRACE and made-up methods on the device API, a malformed Host header,
// a server action posted with another site's Origin.
import { request } from "node:http";
import { describe, expect, inject, it } from "vitest";

const baseUrl = new URL(inject("baseUrl"));

function raw(
  method: string,
  path: string,
  headers: Record<string, string>,
  body = "",
): Promise<{ status: number; type: string | undefined; allow: string | undefined; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(
      { host: baseUrl.hostname, port: baseUrl.port, method, path, headers, setHost: !("host" in headers) },
      (res) => {
        let text = "";
        res.setEncoding("utf8");
        res.on("data", (chunk: string) => (text += chunk));
        res.on("end", () =>
          resolve({
            status: res.statusCode ?? 0,
            type: res.headers["content-type"],
            allow: res.headers.allow,
            body: text,
          }),
        );
      },
    );
    req.on("error", reject);
    req.end(body);
  });
}

describe("HTTP refusals", () => {
  it.each(["TRACE", "PROPFIND"])("answers %s on a device API route with 405 problem+json", async (method) => {
    const answer = await raw(method, "/api/v1/devices", {});
    expect(answer.status).toBe(405);
    expect(answer.type).toMatch(/^application\/problem\+json/);
    expect(JSON.parse(answer.body)).toMatchObject({ status: 405 });
    expect(answer.allow).toContain("POST");
  });

  it("routes a device API request with a malformed Host header as usual (no key: 401)", async () => {
    const answer = await raw(
      "POST",
      "/api/v1/devices",
      { host: "bad host\\x", "content-type": "application/json" },
      "{}",
    );
    expect(answer.status).toBe(401);
    expect(answer.type).toMatch(/^application\/problem\+json/);
  });

  it("answers a console request with a malformed Host header with 400", async () => {
    const answer = await raw("GET", "/login", { host: "bad host\\x" });
    expect(answer.status).toBe(400);
    expect(JSON.parse(answer.body)).toMatchObject({ status: 400 });
  });

  it("refuses a server action posted with another site's Origin with 403", async () => {
    const answer = await raw(
      "POST",
      "/campaigns",
      { origin: "https://evil.example", "next-action": "0".repeat(42), "content-type": "text/plain;charset=UTF-8" },
      "[]",
    );
    expect(answer.status).toBe(403);
    expect(JSON.parse(answer.body)).toMatchObject({ status: 403 });
  });

  it("lets a same-origin server action through to Next.js", async () => {
    const answer = await raw(
      "POST",
      "/campaigns",
      { origin: baseUrl.origin, "next-action": "0".repeat(42), "content-type": "text/plain;charset=UTF-8" },
      "[]",
    );
    expect(answer.status).not.toBe(403);
    expect(answer.status).toBeLessThan(500);
  });
});
