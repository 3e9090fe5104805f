// The test send's texts exist in both languages with the same keys and placeholders, the Chinese ones
// translated (not English copies), and every outcome the server answers has a label.
import { describe, expect, it } from "vitest";
import { loadMessages } from "@/i18n/messages";

type Tree = { [key: string]: string | Tree };

function leaves(tree: Tree, prefix = ""): Map<string, string> {
  const out = new Map<string, string>();
  for (const [key, value] of Object.entries(tree)) {
    if (typeof value === "string") out.set(`${prefix}${key}`, value);
    else for (const [k, v] of leaves(value, `${prefix}${key}.`)) out.set(k, v);
  }
  return out;
}

const placeholders = (text: string) => [...text.matchAll(/\{(\w+)/g)].map((m) => m[1]).sort();

describe("test send messages", () => {
  it("have the same keys and placeholders in en and zh-CN, translated", async () => {
    const en = leaves((await loadMessages("en")).testSend as Tree);
    const zh = leaves((await loadMessages("zh-CN")).testSend as Tree);
    expect([...zh.keys()].sort()).toEqual([...en.keys()].sort());
    for (const [key, text] of en) {
      const chinese = zh.get(key)!;
      expect(placeholders(chinese), key).toEqual(placeholders(text));
      // A few keys are names or quotes that read the same (MQTT, a quoted title).
      if (/[A-Za-z]{3}/.test(text.replace(/\{\w+\}/g, ""))) expect(chinese, key).toMatch(/[\u4e00-\u9fff]/);
    }
  });

  it("label every outcome", async () => {
    for (const locale of ["en", "zh-CN"] as const) {
      const outcome = ((await loadMessages(locale)).testSend as Tree).outcome as Tree;
      expect(Object.keys(outcome).sort()).toEqual(["failed", "invalid_token", "retry", "sent", "unreachable"]);
    }
  });
});
