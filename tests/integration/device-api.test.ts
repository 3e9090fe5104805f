// The public device API end to end: route handlers called directly against a real PostgreSQL.
import { randomUUID } from "node:crypto";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { versionKey } from "@/lib/segments/ast";
import { handleApiRequest } from "@/server/device-api/routes";
import { clearApiKeyCache } from "@/server/apps/api-keys";
import { configureApiRateLimit } from "@/server/device-api/rate-limiter";
import { db } from "@/server/db";
import { jsonPost } from "../support/api-request";
import { createApp } from "../support/fixtures";

const base = "http://localhost/api/v1/devices";

// Every call goes through the API's router, as a real request does.
const route = (...args: [Request, unknown?]) => handleApiRequest(args[0]);
const [register, unsubscribe, readDevice, patchTags, openApi] = [route, route, route, route, route];
let keyA: string;
let keyB: string;
let appAId: string;

beforeAll(async () => {
  const a = await createApp();
  const b = await createApp();
  keyA = a.apiKey;
  keyB = b.apiKey;
  appAId = a.app.id;
});

afterEach(() => {
  configureApiRateLimit();
});

function post(body: unknown, key = keyA, headers: Record<string, string> = {}) {
  return register(jsonPost(base, body, key, headers), { params: Promise.resolve({}) });
}

function params(installationId: string) {
  return { params: Promise.resolve({ installationId }) };
}

function patch(installationId: string, body: unknown, key = keyA) {
  return patchTags(
    new Request(`${base}/${installationId}/tags`, {
      method: "PATCH",
      headers: { "x-api-key": key, "content-type": "application/json" },
      body: JSON.stringify(body),
    }),
    params(installationId),
  );
}

function get(installationId: string, key = keyA) {
  return readDevice(
    new Request(`${base}/${installationId}`, { headers: { authorization: `Bearer ${key}` } }),
    params(installationId),
  );
}

function remove(installationId: string, key = keyA) {
  return unsubscribe(
    new Request(`${base}/${installationId}`, { method: "DELETE", headers: { authorization: `Bearer ${key}` } }),
    params(installationId),
  );
}

function device(overrides: Record<string, unknown> = {}) {
  return {
    installationId: randomUUID(),
    platform: "android",
    channel: "fcm",
    token: `tok-${randomUUID()}`,
    locale: "zh-cn",
    timezone: "Asia/Shanghai",
    appVersion: "1.2.3",
    tags: ["VIP", " beta ", "vip"],
    ...overrides,
  };
}

async function expectProblem(response: Response, status: number, slug: string, path?: string) {
  expect(response.status).toBe(status);
  expect(response.headers.get("content-type")).toBe("application/problem+json");
  const body = await response.json();
  expect(body).toMatchObject({ type: `https://herald.dev/problems/${slug}`, status });
  expect(typeof body.title).toBe("string");
  expect(typeof body.detail).toBe("string");
  if (path !== undefined) expect(body.errors.map((e: { path: string }) => e.path)).toContain(path);
  return body;
}

describe("POST /api/v1/devices", () => {
  it("creates with 201, then updates with 200 and the same id, leaving one row", async () => {
    const body = device();
    const first = await post(body);
    expect(first.status).toBe(201);
    const created = await first.json();
    expect(created).toMatchObject({ installationId: body.installationId, created: true, status: "active" });
    expect(first.headers.get("ratelimit-limit")).toBe("2000");

    const stored = await db.device.findFirstOrThrow({ where: { appId: appAId, installationId: body.installationId } });
    expect(stored).toMatchObject({
      locale: "zh-CN",
      timezone: "Asia/Shanghai",
      tags: ["vip", "beta"],
      isTest: false,
      addresses: [{ channel: "fcm", token: body.token, status: "active" }],
      channelMask: 1,
    });

    const second = await post(body);
    expect(second.status).toBe(200);
    expect(await second.json()).toEqual({ ...created, created: false });
    const after = await db.device.findMany({ where: { appId: appAId, installationId: body.installationId } });
    expect(after).toHaveLength(1);
    const { updatedAt, lastActiveAt, ...rest } = after[0];
    const { updatedAt: u0, lastActiveAt: l0, ...rest0 } = stored;
    expect(rest).toEqual(rest0);
    expect(updatedAt.getTime()).toBeGreaterThanOrEqual(u0.getTime());
    expect(lastActiveAt.getTime()).toBeGreaterThanOrEqual(l0.getTime());
    expect(Math.abs(lastActiveAt.getTime() - Date.now())).toBeLessThan(60_000);
  });

  it("keeps omitted optional fields and replaces the token", async () => {
    const body = device();
    await post(body);
    const res = await post({
      installationId: body.installationId,
      platform: "android",
      channel: "fcm",
      token: "new-token",
    });
    expect(res.status).toBe(200);
    const stored = await db.device.findFirstOrThrow({ where: { appId: appAId, installationId: body.installationId } });
    expect(stored).toMatchObject({
      addresses: [{ channel: "fcm", token: "new-token", status: "active" }],
      tags: ["vip", "beta"],
      locale: "zh-CN",
      appVersion: "1.2.3",
    });
  });

  it(
    "stores the version's sortable key with it, keeps it when the version is omitted and clears it for an " +
      "unparseable one",
    async () => {
      const body = device({ appVersion: "5.10.0-rc1" });
      await post(body);
      const key = async () => {
        const [row] = await db.$queryRaw<
          { key: Uint8Array | null }[]
        >`select "appVersionKey" as key from "Device" where "appId" = ${appAId}::uuid
          and "installationId" = ${body.installationId}::uuid`;
        return row.key === null ? null : Buffer.from(row.key).toString("hex");
      };
      const hex = (parts: bigint[]) => Buffer.from(versionKey(parts)).toString("hex");
      expect(await key()).toBe(hex([5n, 10n]));
      await post({ installationId: body.installationId, platform: "android", channel: "fcm", token: "t2" });
      expect(await key()).toBe(hex([5n, 10n]));
      await post({ ...body, appVersion: "6.02" });
      expect(await key()).toBe(hex([6n, 2n]));
      await post({ ...body, appVersion: "beta" });
      expect(await key()).toBeNull();
    },
  );

  it("accepts tokenless channels and X-Api-Key", async () => {
    const res = await post({ installationId: randomUUID(), platform: "web", channel: "poll" }, "wrong", {
      authorization: "",
      "x-api-key": keyA,
    });
    expect(res.status).toBe(201);
  });

  it(
    "reactivates an unsubscribed device when it registers with a token, " + "not an invalid one with the same token",
    async () => {
      const body = device();
      await post(body);
      expect((await remove(body.installationId)).status).toBe(204);
      const again = await post(body);
      expect(await again.json()).toMatchObject({ created: false, status: "active" });

      // As dispatch leaves it after the vendor called the token dead.
      await db.device.updateMany({
        where: { appId: appAId, installationId: body.installationId },
        data: {
          status: "invalid",
          channelMask: 0,
          addresses: [{ channel: "fcm", token: body.token, status: "invalid", error: "UNREGISTERED" }],
        },
      });
      expect(await (await post(body)).json()).toMatchObject({ status: "invalid" });
      expect(await (await post({ ...body, token: "fresh-token" })).json()).toMatchObject({ status: "active" });
    },
  );

  it("leaves exactly one row after 20 concurrent identical registrations", async () => {
    const body = device();
    const responses = await Promise.all(Array.from({ length: 20 }, () => post(body)));
    const statuses = responses.map((r) => r.status).sort();
    expect(statuses.filter((s) => s === 201)).toHaveLength(1);
    expect(statuses.filter((s) => s === 200)).toHaveLength(19);
    expect(await db.device.count({ where: { appId: appAId, installationId: body.installationId } })).toBe(1);
  });

  it.each([
    ["bad uuid", { installationId: "not-a-uuid" }, "installationId"],
    ["bad platform", { platform: "symbian" }, "platform"],
    ["wrong type", { appVersion: 12 }, "appVersion"],
    ["unknown field", { isTest: true }, "isTest"],
    ["missing token", { token: undefined }, "token"],
    ["token too long", { token: "x".repeat(4097) }, "token"],
    ["APNs token not hex", { platform: "ios", channel: "apns", token: "not-an-apns-token" }, "token"],
    ["APNs token too short", { platform: "ios", addresses: [{ channel: "apns", token: "ab12" }] }, "addresses.0.token"],
    ["bad timezone", { timezone: "Mars/Olympus" }, "timezone"],
    ["bad locale", { locale: "en_US" }, "locale"],
    ["long tag", { tags: ["ok", "x".repeat(65)] }, "tags.1"],
    ["empty tag", { tags: ["   "] }, "tags.0"],
    ["control char in tag", { tags: ["a\u0007b"] }, "tags.0"],
    ["too many tags", { tags: Array.from({ length: 101 }, (_, i) => `t${i}`) }, "tags"],
  ])("422 for %s", async (_name, overrides, path) => {
    await expectProblem(await post(device(overrides)), 422, "invalid-body", path);
  });

  it("400 for malformed JSON and a non-object body", async () => {
    await expectProblem(await post("{ not json"), 400, "malformed-json");
    await expectProblem(await post(""), 400, "malformed-json");
    await expectProblem(await post("[1,2]"), 422, "invalid-body", "");
  });

  it("415 for a body that is not JSON", async () => {
    await expectProblem(
      await post(JSON.stringify(device()), keyA, { "content-type": "text/plain" }),
      415,
      "unsupported-media-type",
    );
  });

  it("413 for a body over 64 KB, by header, by a lying header and without a header", async () => {
    const big = JSON.stringify(device({ appVersion: "x".repeat(70_000) }));
    await expectProblem(await post(big), 413, "payload-too-large");
    await expectProblem(await post(big, keyA, { "content-length": "100" }), 413, "payload-too-large");
    const stream = new ReadableStream({
      start(controller) {
        for (let i = 0; i < 10; i++) controller.enqueue(new TextEncoder().encode("x".repeat(10_000)));
        controller.close();
      },
    });
    const request = new Request(base, {
      method: "POST",
      headers: { authorization: `Bearer ${keyA}`, "content-type": "application/json" },
      body: stream,
      duplex: "half",
    } as RequestInit);
    expect(request.headers.get("content-length")).toBeNull();
    await expectProblem(await register(request, { params: Promise.resolve({}) }), 413, "payload-too-large");
  });

  it("401 with WWW-Authenticate for a missing, malformed or wrong key", async () => {
    const wrong = `${keyA.slice(0, 14)}${"A".repeat(keyA.length - 14)}`;
    for (const response of [
      await register(
        new Request(base, { method: "POST", headers: { "content-type": "application/json" }, body: "{}" }),
        { params: Promise.resolve({}) },
      ),
      await post(device(), "hk_garbage"),
      await post(device(), wrong),
    ]) {
      await expectProblem(response, 401, "unauthorized");
      expect(response.headers.get("www-authenticate")).toMatch(/^Bearer/);
    }
  });

  it("stops accepting a rotated key once the cache is cleared (TTL elapsed)", async () => {
    const { app, apiKey } = await createApp();
    expect((await post(device(), apiKey)).status).toBe(201);
    await db.app.update({ where: { id: app.id }, data: { apiKeyHash: "0".repeat(64) } });
    clearApiKeyCache();
    await expectProblem(await post(device(), apiKey), 401, "unauthorized");
  });
});

describe("tags, read and unsubscribe", () => {
  it("adds, removes and sets tags", async () => {
    const body = device({ tags: ["a", "b"] });
    await post(body);
    let res = await patch(body.installationId, { add: ["C", "a", "d"], remove: ["b"] });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ installationId: body.installationId, tags: ["a", "c", "d"] });
    res = await patch(body.installationId, { remove: ["a", "zzz"] });
    expect((await res.json()).tags).toEqual(["c", "d"]);
    res = await patch(body.installationId, { set: ["x", "X", "y"] });
    expect((await res.json()).tags).toEqual(["x", "y"]);
    expect(
      (await db.device.findFirstOrThrow({ where: { appId: appAId, installationId: body.installationId } })).tags,
    ).toEqual(["x", "y"]);
  });

  it("refuses a patch that would pass 100 tags, and bad patches", async () => {
    const body = device({ tags: Array.from({ length: 60 }, (_, i) => `a${i}`) });
    await post(body);
    await expectProblem(
      await patch(body.installationId, { add: Array.from({ length: 41 }, (_, i) => `b${i}`) }),
      422,
      "too-many-tags",
      "add",
    );
    expect(
      (await db.device.findFirstOrThrow({ where: { appId: appAId, installationId: body.installationId } })).tags,
    ).toHaveLength(60);
    await expectProblem(await patch(body.installationId, { set: ["a"], add: ["b"] }), 422, "invalid-body", "set");
    await expectProblem(await patch(body.installationId, { add: ["x".repeat(65)] }), 422, "invalid-body", "add.0");
    await expectProblem(await patch(body.installationId, { rename: ["x"] }), 422, "invalid-body", "rename");
    await expectProblem(await patch(randomUUID(), { add: ["x"] }), 404, "not-found");
    await expectProblem(await patch("nope", { add: ["x"] }), 400, "invalid-parameter", "installationId");
  });

  it("reads a device's public fields without its token", async () => {
    const body = device();
    const { id } = await (await post(body)).json();
    const res = await get(body.installationId.toUpperCase());
    expect(res.status).toBe(200);
    const read = await res.json();
    expect(read).toMatchObject({
      id,
      installationId: body.installationId,
      platform: "android",
      addresses: [{ channel: "fcm", hasToken: true, status: "active", error: null, errorAt: null }],
      locale: "zh-CN",
      status: "active",
    });
    expect(JSON.stringify(read)).not.toContain(body.token);
    await expectProblem(await get(randomUUID()), 404, "not-found");
  });

  it("unsubscribes idempotently and clears the token", async () => {
    const body = device();
    await post(body);
    expect((await remove(body.installationId)).status).toBe(204);
    expect((await remove(body.installationId)).status).toBe(204);
    const stored = await db.device.findFirstOrThrow({ where: { appId: appAId, installationId: body.installationId } });
    expect(stored).toMatchObject({ status: "unsubscribed", addresses: [{ channel: "fcm", token: null }] });
    await expectProblem(await remove(randomUUID()), 404, "not-found");
  });

  it("never lets another app's key touch a device", async () => {
    const body = device();
    await post(body);
    await expectProblem(await get(body.installationId, keyB), 404, "not-found");
    await expectProblem(await patch(body.installationId, { set: [] }, keyB), 404, "not-found");
    await expectProblem(await remove(body.installationId, keyB), 404, "not-found");
    // Registering the same installation under app B makes B's own row; A's is untouched.
    expect((await post(body, keyB)).status).toBe(201);
    const rows = await db.device.findMany({ where: { installationId: body.installationId } });
    expect(rows).toHaveLength(2);
    expect(rows.find((r) => r.appId === appAId)).toMatchObject({ status: "active", tags: ["vip", "beta"] });
  });
});

describe("GET /api/v1/openapi.json", () => {
  it("serves the OpenAPI 3.1 document without a key", async () => {
    const res = await openApi(new Request("http://localhost/api/v1/openapi.json"));
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("application/json");
    expect(await res.json()).toMatchObject({
      openapi: "3.1.0",
      paths: { "/api/v1/devices": { post: { operationId: "registerDevice" } } },
    });
  });
});

describe("rate limit", () => {
  it("answers 429 with Retry-After once a key's bucket is empty, without affecting other keys", async () => {
    configureApiRateLimit({ ratePerSec: 1, burst: 2 });
    const id = randomUUID();
    await post(device({ installationId: id }));
    const second = await get(id);
    expect(second.status).toBe(200);
    expect(second.headers.get("ratelimit-remaining")).toBe("0");
    const limited = await get(id);
    await expectProblem(limited, 429, "rate-limited");
    expect(Number(limited.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
    expect(limited.headers.get("ratelimit-limit")).toBe("2");
    expect((await get(randomUUID(), keyB)).status).toBe(404);
  });

  describe("routing", () => {
    it(
      "answers an unknown path with a 404 problem and a " + "known path with the wrong method with 405 and Allow",
      async () => {
        await expectProblem(
          await route(
            new Request("http://localhost/api/v1/nothing-here", { headers: { authorization: `Bearer ${keyA}` } }),
          ),
          404,
          "not-found",
        );
        const wrong = await route(new Request(base, { method: "GET", headers: { authorization: `Bearer ${keyA}` } }));
        await expectProblem(wrong, 405, "method-not-allowed");
        expect(wrong.headers.get("allow")).toBe("POST");
      },
    );

    it("refuses a badly percent-encoded path parameter with 400", async () => {
      await expectProblem(
        await route(new Request(`${base}/%E0%A4%A`, { headers: { authorization: `Bearer ${keyA}` } })),
        400,
        "invalid-parameter",
      );
    });
  });
});
