// The sign-in form's callbackUrl: only paths on Herald's own origin survive (issue [4/5] item 1).
import { describe, expect, it } from "vitest";
import { safeCallbackPath } from "@/lib/auth/callback-path";

const origin = "https://herald.example";

describe("safeCallbackPath", () => {
  it.each([
    "/%5Chost/x",
    "/%5chost/x",
    "/\\host/x",
    "/%09/host",
    "/%0A/host",
    "/\t/host",
    "/\n/host",
    "/\\/host",
    "//host/x",
    "/%2F/host",
    "/%252F%252Fhost",
    "https://evil.example/x",
    "javascript:alert(1)",
    "x/y",
    "",
    "/%E0%A4%A",
  ])("refuses %j", (value) => {
    expect(safeCallbackPath(value, origin)).toBe("/");
  });

  it("keeps a same-origin path with its query and fragment", () => {
    expect(safeCallbackPath("/campaigns/new?type=news#audience", origin)).toBe("/campaigns/new?type=news#audience");
    expect(safeCallbackPath("/analytics?app=a%20b", origin)).toBe("/analytics?app=a%20b");
  });

  it("answers the fallback it is given", () => {
    expect(safeCallbackPath(null, origin, "/campaigns")).toBe("/campaigns");
    expect(safeCallbackPath("//evil.example", origin, "/campaigns")).toBe("/campaigns");
  });
});
