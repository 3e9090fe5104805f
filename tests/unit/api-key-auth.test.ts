// Where the device API finds the API key in a request.
import { describe, expect, it } from "vitest";
import { readApiKey } from "@/server/device-api/api-key-auth";

const key = "hk_ABCDEFGHJK_abcdefghijklmnopqrstuvwxyz012345";

describe("readApiKey", () => {
  it("reads Authorization: Bearer and X-Api-Key", () => {
    expect(readApiKey(new Headers({ authorization: `Bearer ${key}` }))).toBe(key);
    expect(readApiKey(new Headers({ authorization: `bearer   ${key} ` }))).toBe(key);
    expect(readApiKey(new Headers({ "x-api-key": ` ${key} ` }))).toBe(key);
  });

  it("prefers Bearer, and falls back to X-Api-Key when Authorization is another scheme", () => {
    expect(readApiKey(new Headers({ authorization: `Bearer ${key}`, "x-api-key": "other" }))).toBe(key);
    expect(readApiKey(new Headers({ authorization: "Basic dXNlcjpwYXNz", "x-api-key": key }))).toBe(key);
  });

  it("answers null without a usable key", () => {
    expect(readApiKey(new Headers())).toBeNull();
    expect(readApiKey(new Headers({ authorization: "Bearer" }))).toBeNull();
    expect(readApiKey(new Headers({ authorization: "Basic dXNlcjpwYXNz" }))).toBeNull();
    expect(readApiKey(new Headers({ "x-api-key": "   " }))).toBeNull();
  });
});
