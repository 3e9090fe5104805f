// The visual builder renders the rows of an expression in both languages, and refuses (with the
// reason and the way out) what it cannot show, without touching the text.
import { createElement } from "react";
import { describe, expect, it } from "vitest";
import { SegmentBuilder } from "@/components/segments/segment-builder";
import { renderWithMessages } from "../support/render-intl";

const noop = () => undefined;

describe("SegmentBuilder", () => {
  it("shows one row per condition and the or as a group (English)", async () => {
    const html = await renderWithMessages(
      "en",
      createElement(SegmentBuilder, {
        value: "tag:vip and not tag:churned and (platform:android or platform:ios) and lastActive>30d",
        onChange: noop,
      }),
    );
    expect(html.match(/aria-label="Tag"/g)).toHaveLength(2);
    expect(html).toContain('aria-label="Group of conditions"');
    expect(html).toMatch(/<option value="not" selected="">is not<\/option>/);
    expect(html).toMatch(/<option value="any" selected="">Match any of these conditions<\/option>/);
    expect(html).toContain('value="churned"');
  });

  it("says when it cannot show an expression and offers the text editor (Chinese)", async () => {
    const html = await renderWithMessages(
      "zh-CN",
      createElement(SegmentBuilder, { value: "not not tag:a", onChange: noop, onEditAsText: noop }),
    );
    expect(html).toContain("not not");
    expect(html).toContain("以文本方式编辑");
    const broken = await renderWithMessages(
      "zh-CN",
      createElement(SegmentBuilder, { value: "tag:a and (", onChange: noop }),
    );
    expect(broken).toContain("表达式有错误");
    expect(broken).not.toContain("<button");
  });

  it("an empty expression is the whole app", async () => {
    expect(await renderWithMessages("en", createElement(SegmentBuilder, { value: "", onChange: noop }))).toContain(
      "every device of the app",
    );
  });
});
