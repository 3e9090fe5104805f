// A flood of bad requests cannot flood the log (issue [4/5] item 5): every refusal of a client's mistake
// (bad JSON, a missing key, TRACE, a server action without a session or with bad input, an unreadable
// auth cookie, lines posted to next-auth's /api/auth/_log) is one line without a stack trace, and each
// kind of line is rate-limited, with one "N similar lines suppressed" line for the rest. Faults of ours
// keep their stack, rate-limited the same way. The server's own logger writes into a buffer here.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { Writable } from "node:stream";
import NextAuth from "next-auth";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { z } from "zod";
import { defineAction } from "@/server/action";
import { authOptions } from "@/server/auth/options";
import { serveApiRequest } from "@/server/device-api/http-adapter";
import { log, logTo } from "@/server/log";
import { logLimiter } from "@/server/log-limit";
import { createApp, createUser } from "../support/fixtures";

const limit = 30;
const flood = 200;

interface Line {
  level: number;
  msg: string;
  kind?: string;
  suppressed?: number;
  err?: { stack?: string };
  [field: string]: unknown;
}

let lines: Line[] = [];
let restore: () => void;
const previousLevel = log.level;
let server: Server;
let base = "";
let apiKey = "";

beforeAll(async () => {
  expect(Number(process.env.HERALD_LOG_LIMIT ?? limit)).toBe(limit);
  restore = logTo(
    new Writable({
      write(chunk: Buffer, _encoding, done) {
        for (const text of chunk.toString().split("\n")) if (text) lines.push(JSON.parse(text) as Line);
        done();
      },
    }),
  );
  log.level = "info";
  apiKey = (await createApp()).apiKey;
  server = createServer((req, res) => void serveApiRequest(req, res));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/v1`;
});

afterAll(async () => {
  log.level = previousLevel;
  restore?.();
  await new Promise((resolve) => server?.close(resolve));
});

let startedAt = 0;
beforeEach(() => {
  logLimiter.flush();
  lines = [];
  startedAt = Date.now();
});

// The lines of one kind, and what the summary says was left out, after the summaries are written.
function linesOf(kind: string) {
  logLimiter.flush();
  const ofKind = lines.filter((line) => line.kind === kind);
  const summaries = ofKind.filter((line) => line.suppressed !== undefined);
  const written = ofKind.filter((line) => line.suppressed === undefined);
  return { written, suppressed: summaries.reduce((sum, line) => sum + line.suppressed!, 0), summaries };
}

// A flood's accounting: at most the limit written, plus what the bucket refilled while the test ran
// (`limit` per minute: a line or two on a busy machine), one summary line for the rest, and nothing
// lost from the count.
function expectBounded(kind: string, total = flood) {
  const { written, suppressed, summaries } = linesOf(kind);
  const refilled = Math.ceil(((Date.now() - startedAt) * limit) / 60_000);
  expect(written.length).toBeGreaterThanOrEqual(limit);
  expect(written.length).toBeLessThanOrEqual(limit + refilled);
  expect(summaries).toHaveLength(1);
  expect(summaries[0]!.msg).toBe(`${suppressed} similar lines suppressed`);
  expect(written.length + suppressed).toBe(total);
  return written;
}

function expectNoStack(written: Line[]) {
  for (const line of written) {
    expect(line.err).toBeUndefined();
    expect(JSON.stringify(line)).not.toMatch(/\bat .+:\d+:\d+/);
  }
}

async function times(n: number, send: (i: number) => Promise<unknown>) {
  for (let i = 0; i < n; i += 10) await Promise.all(Array.from({ length: 10 }, (_, j) => send(i + j)));
}

describe("device API floods", () => {
  it("logs malformed JSON as one info line per request, without a stack, bounded", async () => {
    await times(flood, async () => {
      const response = await fetch(`${base}/devices`, {
        method: "POST",
        headers: { authorization: `Bearer ${apiKey}`, "content-type": "application/json" },
        body: "{not json",
      });
      expect(response.status).toBe(400);
      await response.arrayBuffer();
    });
    const written = expectBounded("device-api:400");
    expectNoStack(written);
    expect(written[0]).toMatchObject({ level: 30, status: 400, method: "POST", route: "/devices" });
  });

  it("logs a missing key as a warning, and TRACE as info, both bounded and without a stack", async () => {
    await times(flood, async () => {
      const response = await fetch(`${base}/devices/x`);
      expect(response.status).toBe(401);
      await response.arrayBuffer();
    });
    expectNoStack(expectBounded("device-api:401"));
    expect(linesOf("device-api:401").written[0]).toMatchObject({ level: 40, route: "/devices/{installationId}" });

    const { request } = await import("node:http");
    const url = new URL(base);
    await times(flood, () => {
      return new Promise<void>((resolve, reject) => {
        const req = request({ host: url.hostname, port: url.port, path: "/api/v1/devices", method: "TRACE" }, (res) => {
          expect(res.statusCode).toBe(405);
          res.resume();
          res.on("end", resolve);
        });
        req.on("error", reject);
        req.end();
      });
    });
    expectNoStack(expectBounded("device-api:405"));
  });

  it("never logs a receipt callback's secret path", async () => {
    const response = await fetch(`${base}/receipts/hms/not-an-app/very-secret-part`, { method: "POST", body: "{}" });
    expect(response.status).toBeGreaterThanOrEqual(400);
    expect(response.status).toBeLessThan(500);
    const refused = lines.filter((line) => line.msg === "device API request refused");
    expect(refused).toHaveLength(1);
    expect(JSON.stringify(lines)).not.toContain("very-secret-part");
  });
});

describe("server action floods", () => {
  const refusing = defineAction(
    { name: "test.logFlood", permission: "campaigns.view", input: z.object({ n: z.int() }) },
    async () => 1,
  );
  const failing = defineAction(
    { name: "test.logFault", permission: "campaigns.view", input: z.object({}) },
    async (): Promise<number> => {
      throw new Error("a bug of ours");
    },
  );

  it("logs refusals (no session, bad input) without a stack, bounded per kind", async () => {
    const analyst = await createUser("analyst");
    await times(flood, async () => expect((await refusing.runAs(null, { n: 1 })).ok).toBe(false));
    await times(flood, async () => expect((await refusing.runAs(analyst, { n: "x" })).ok).toBe(false));
    const noSession = expectBounded("action:401");
    const badInput = expectBounded("action:400");
    expectNoStack([...noSession, ...badInput]);
    expect(noSession[0]).toMatchObject({ level: 40, action: "test.logFlood", status: 401 });
    expect(badInput[0]).toMatchObject({ level: 30, action: "test.logFlood", status: 400 });
  });

  it("keeps the stack of a fault, and bounds those lines too", async () => {
    const analyst = await createUser("analyst");
    await times(flood, async () => expect(await failing.runAs(analyst, {})).toMatchObject({ ok: false, status: 500 }));
    const written = expectBounded("action:test.logFault");
    for (const line of written) {
      expect(line.level).toBe(50);
      expect(line.err?.stack).toContain("a bug of ours");
    }
  });
});

describe("next-auth floods", () => {
  // next-auth's own Node handler (as an API route runs it), with a response that keeps the status.
  const auth = async (action: string, req: { method?: string; cookies?: object; body?: object }) => {
    const answer = { status: 0, headers: {} as Record<string, unknown> };
    const res = {
      status(code: number) {
        answer.status = code;
        return res;
      },
      setHeader(name: string, value: unknown) {
        answer.headers[name.toLowerCase()] = value;
        return res;
      },
      getHeader: (name: string) => answer.headers[name.toLowerCase()],
      end: () => res,
      json: () => res,
      send: () => res,
    };
    const request = { method: "GET", headers: {}, cookies: {}, query: { nextauth: [action] }, ...req };
    await NextAuth(request as never, res as never, authOptions);
    return answer;
  };

  it("logs an unreadable session cookie as one warning without a stack, bounded", async () => {
    await times(flood, async (i) => {
      const answer = await auth("session", { cookies: { "next-auth.session-token": `garbage.${i}.x.y.z` } });
      expect(answer.status).toBe(200);
    });
    const written = expectBounded("auth:bad-token");
    expectNoStack(written);
    expect(written[0]).toMatchObject({ level: 40, code: "JWT_SESSION_ERROR" });
    expect(lines.filter((line) => line.level >= 50)).toEqual([]);
  });

  it("bounds what anyone can post to /api/auth/_log, and logs it as info", async () => {
    await times(flood, async (i) => {
      await auth("_log", { method: "POST", body: { level: "error", code: `FORGED_${i}`, message: "x" } });
    });
    await times(flood, async () => {
      await auth("_log", { method: "POST", body: { level: "nonsense", code: "X" } });
    });
    const written = expectBounded("auth:client-log", 2 * flood);
    expectNoStack(written);
    expect(lines.filter((line) => line.level >= 50)).toEqual([]);
  });
});
