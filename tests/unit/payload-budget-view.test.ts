// The payload meters render in both languages: one accessible meter per usable vendor, the worst
// variant and locale named, and the over-limit state announced.
import { createElement } from "react";
import { describe, expect, it } from "vitest";
import { PayloadBudget } from "@/components/campaigns/payload-budget";
import type { BudgetCampaign } from "@/lib/campaigns/payload";
import { renderWithMessages } from "../support/render-intl";

const campaign = (body: string, channels: string[] = []): BudgetCampaign => ({
  variants: [
    { key: "A", content: { en: { title: "Sale", body: "Short" } } },
    { key: "B", content: { "zh-CN": { title: "促销", body } } },
  ],
  delivery: { priority: "normal", channels },
});

describe("PayloadBudget", () => {
  it("shows a meter per vendor with the worst variant (English)", async () => {
    const html = await renderWithMessages("en", createElement(PayloadBudget, campaign("好".repeat(20))));
    expect(html.match(/role="meter"/g)).toHaveLength(6);
    expect(html).toContain("Largest: variant B, zh-CN");
    expect(html).toContain("Xiaomi Push title");
    expect(html).toContain("Every message fits");
    expect(html).not.toContain("over the limit");
  });

  it("marks the Xiaomi body over its limit and says saving is blocked (Chinese)", async () => {
    const html = await renderWithMessages("zh-CN", createElement(PayloadBudget, campaign("好".repeat(129))));
    expect(html).toContain("129 / 128 个字符");
    expect(html).toContain("超出上限");
    expect(html).toContain("有 1 项超出上限");
    expect(html).toMatch(/aria-valuenow="128"/);
  });

  it("only lists the campaign's channels, and says so when none has a limit", async () => {
    expect(
      (await renderWithMessages("en", createElement(PayloadBudget, campaign("x", ["apns"])))).match(/role="meter"/g),
    ).toHaveLength(1);
    expect(await renderWithMessages("en", createElement(PayloadBudget, campaign("x", ["mqtt"])))).toContain(
      "limits the message size",
    );
  });
});
