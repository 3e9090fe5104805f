// Which texts hold control characters: paths of strings and keys, tab and line breaks allowed.
import { describe, expect, it } from "vitest";
import { controlCharacterPaths } from "@/lib/text/control-characters";

describe("controlCharacterPaths", () => {
  it("names each string and key with a control character", () => {
    expect(
      controlCharacterPaths({
        a: "fine\tline\r\nbreaks",
        b: "nul\u0000",
        c: [1, "ok", "bell\u0007", { d: "del\u007f" }],
        ["key\u001b"]: "value",
        e: null,
      }),
    ).toEqual(["b", "c.2", "c.3.d", "key\u001b"]);
  });

  it("answers the value itself as the empty path, and stops at the limit", () => {
    expect(controlCharacterPaths("\u0000")).toEqual([""]);
    expect(
      controlCharacterPaths(
        Array.from({ length: 50 }, () => "\u0001"),
        3,
      ),
    ).toHaveLength(3);
    expect(controlCharacterPaths({ text: "中文 emoji 😀 and \u00a0 no-break space" })).toEqual([]);
  });
});
