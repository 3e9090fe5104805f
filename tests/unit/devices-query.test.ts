// The Devices page's query string: valid filters are kept, invalid ones dropped and named, links round-trip.
import { describe, expect, it } from "vitest";
import { escapeLike } from "@/server/devices/filters";
import { deviceListHref, encodeCursor, parseDeviceListQuery, setTestInput } from "@/server/devices/schema";

const app = "0b7d6c1e-7f43-4f53-9d2a-4a4b0f6f7a11";
const device = "a3c1e2d4-5b6f-4a7b-8c9d-0e1f2a3b4c5d";

describe("parseDeviceListQuery", () => {
  it("keeps valid filters", () => {
    const { query, ignored } = parseDeviceListQuery({
      app,
      tag: ["sports", "city:berlin"],
      platform: "ios",
      channel: "apns",
      status: "active",
      locale: "zh",
      active: "dormant90",
      test: "1",
      q: "abcd",
    });
    expect(ignored).toEqual([]);
    expect(query.appId).toBe(app);
    expect(query.filters).toEqual({
      tags: ["sports", "city:berlin"],
      platform: "ios",
      channel: "apns",
      status: "active",
      locale: "zh",
      active: "dormant90",
      testOnly: true,
      search: "abcd",
    });
  });

  it("splits comma-separated tags and drops duplicates", () => {
    expect(parseDeviceListQuery({ tag: "sports, vip,sports" }).query.filters.tags).toEqual(["sports", "vip"]);
  });

  it("ignores invalid values and names them instead of failing", () => {
    const { query, ignored } = parseDeviceListQuery({
      app: "nope",
      platform: "symbian",
      status: ["deleted"],
      locale: "z",
      active: "1y",
      tag: ["ok", "bad tag!"],
      after: "garbage",
      q: "x",
    });
    expect(ignored.sort()).toEqual(["active", "after", "app", "locale", "platform", "q", "status", "tag"]);
    expect(query.filters).toEqual({
      tags: ["ok"],
      testOnly: false,
      platform: undefined,
      channel: undefined,
      status: undefined,
      locale: undefined,
      active: undefined,
      search: undefined,
    });
    expect(query.after).toBeUndefined();
  });

  it("reads keyset cursors and round-trips a link", () => {
    const at = new Date("2026-11-20T10:00:00.123Z");
    const cursor = encodeCursor({ lastActiveAt: at, id: device });
    const href = deviceListHref(app, { tags: ["a", "b"], platform: "web", testOnly: true }, { after: cursor, page: 3 });
    const params: Record<string, string[]> = {};
    new URL(href, "http://x").searchParams.forEach((v, k) => (params[k] ??= []).push(v));
    const { query } = parseDeviceListQuery(params);
    expect(query.after).toEqual({ lastActiveAt: at, id: device });
    expect(query.page).toBe(3);
    expect(query.filters.tags).toEqual(["a", "b"]);
  });
});

describe("setTestInput", () => {
  it("accepts one id from a form and 'true'/'false'", () => {
    expect(setTestInput.parse({ appId: app, deviceIds: device, isTest: "false" })).toEqual({
      appId: app,
      deviceIds: [device],
      isTest: false,
    });
  });
  it("refuses an empty list, more than 500 ids and non-UUIDs", () => {
    expect(setTestInput.safeParse({ appId: app, deviceIds: [], isTest: true }).success).toBe(false);
    expect(setTestInput.safeParse({ appId: app, deviceIds: Array(501).fill(device), isTest: true }).success).toBe(
      false,
    );
    expect(setTestInput.safeParse({ appId: app, deviceIds: ["1"], isTest: true }).success).toBe(false);
  });
});

describe("escapeLike", () => {
  it("escapes LIKE wildcards and the escape character", () => {
    expect(escapeLike("a_b%c\\d")).toBe("a\\_b\\%c\\\\d");
  });
});
