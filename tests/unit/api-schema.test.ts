// Validators of the public device API: tags, locale, time zone, installation id and body rules.
import { describe, expect, it } from "vitest";
import {
  canonicalTimeZone,
  localeSchema,
  patchTagsSchema,
  registerDeviceSchema,
  tagListSchema,
  timeZoneSchema,
} from "@/server/device-api/device-schema";
import { isJsonMediaType } from "@/server/device-api/read-json";
import { zodFieldIssues as zodProblemErrors } from "@/server/errors";

const valid = {
  installationId: "0B6F7C1E-3F0A-4D7E-9A51-2C4D8E6F1A23",
  platform: "ios",
  channel: "apns",
  token: "abc0".repeat(16),
};

function paths(input: unknown, schema: typeof registerDeviceSchema | typeof patchTagsSchema = registerDeviceSchema) {
  const result = schema.safeParse(input);
  return result.success ? [] : zodProblemErrors(result.error).map((e) => e.path);
}

describe("tags", () => {
  it("trims, lower-cases and de-duplicates in first-seen order", () => {
    expect(tagListSchema.parse([" VIP ", "beta", "vip", "Beta", "城市-上海"])).toEqual(["vip", "beta", "城市-上海"]);
  });

  it("refuses empty, long, control-character and non-string tags with the index in the path", () => {
    expect(paths({ ...valid, tags: ["ok", " "] })).toEqual(["tags.1"]);
    expect(paths({ ...valid, tags: ["x".repeat(65)] })).toEqual(["tags.0"]);
    expect(paths({ ...valid, tags: ["x".repeat(64)] })).toEqual([]);
    expect(paths({ ...valid, tags: ["a\nb"] })).toEqual(["tags.0"]);
    expect(paths({ ...valid, tags: ["a", 3] })).toEqual(["tags.1"]);
  });

  it("accepts 100 tags and refuses 101", () => {
    expect(paths({ ...valid, tags: Array.from({ length: 100 }, (_, i) => `t${i}`) })).toEqual([]);
    expect(paths({ ...valid, tags: Array.from({ length: 101 }, (_, i) => `t${i}`) })).toEqual(["tags"]);
  });
});

describe("locale and time zone", () => {
  it("stores the canonical BCP 47 form", () => {
    expect(localeSchema.parse("zh-cn")).toBe("zh-CN");
    expect(localeSchema.parse("EN")).toBe("en");
    expect(localeSchema.safeParse("en_US").success).toBe(false);
    expect(localeSchema.safeParse("").success).toBe(false);
  });

  it("accepts IANA zones and UTC in any case, refuses the rest", () => {
    expect(timeZoneSchema.parse("asia/shanghai")).toBe("Asia/Shanghai");
    expect(timeZoneSchema.parse("UTC")).toBe("UTC");
    expect(timeZoneSchema.parse("utc")).toBe("UTC");
    expect(canonicalTimeZone("Asia/Kolkata")).not.toBeNull();
    expect(timeZoneSchema.safeParse("Mars/Olympus").success).toBe(false);
    expect(timeZoneSchema.safeParse("+08:00").success).toBe(false);
  });
});

describe("registerDeviceSchema", () => {
  it("lower-cases the installation id and needs a token except for mqtt and poll", () => {
    expect(registerDeviceSchema.parse(valid).installationId).toBe("0b6f7c1e-3f0a-4d7e-9a51-2c4d8e6f1a23");
    expect(paths({ ...valid, token: undefined })).toEqual(["token"]);
    expect(paths({ ...valid, platform: "android", channel: "mqtt", token: undefined })).toEqual([]);
    expect(paths({ ...valid, platform: "web", channel: "poll", token: undefined })).toEqual([]);
  });

  it("refuses unknown fields (isTest included), bad ids and wrong types with their paths", () => {
    expect(paths({ ...valid, isTest: true, extra: 1 })).toEqual(["isTest", "extra"]);
    expect(paths({ ...valid, installationId: "123" })).toEqual(["installationId"]);
    expect(paths({ ...valid, platform: "symbian", appVersion: 3 })).toEqual(["platform", "appVersion"]);
    expect(paths({ ...valid, appVersion: "x".repeat(33) })).toEqual(["appVersion"]);
    expect(paths({ ...valid, token: "x".repeat(4097) })).toEqual(["token"]);
  });
});

describe("patchTagsSchema", () => {
  it("allows add/remove or set, not both, and not nothing", () => {
    expect(paths({ add: ["a"], remove: ["b"] }, patchTagsSchema)).toEqual([]);
    expect(paths({ set: [] }, patchTagsSchema)).toEqual([]);
    expect(paths({ set: ["a"], remove: ["b"] }, patchTagsSchema)).toEqual(["set"]);
    expect(paths({}, patchTagsSchema)).toEqual([""]);
    expect(paths({ add: ["a"], other: 1 }, patchTagsSchema)).toEqual(["other"]);
  });
});

describe("isJsonMediaType", () => {
  it("accepts JSON media types with parameters only", () => {
    expect(isJsonMediaType("application/json")).toBe(true);
    expect(isJsonMediaType("Application/JSON; charset=utf-8")).toBe(true);
    expect(isJsonMediaType("application/merge-patch+json")).toBe(true);
    expect(isJsonMediaType("text/plain")).toBe(false);
    expect(isJsonMediaType("application/x-www-form-urlencoded")).toBe(false);
    expect(isJsonMediaType(null)).toBe(false);
  });
});
