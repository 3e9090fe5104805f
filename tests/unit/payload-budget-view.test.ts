// The payload meters render in both languages: one accessible meter per usable vendor, the worst
// variant and locale named, the over-limit state announced, and text a vendor cuts short told apart
// from a message a vendor refuses.
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
  it("shows a meter per vendor limit with the worst variant (English)", async () => {
    const html = await renderWithMessages("en", createElement(PayloadBudget, campaign("好".repeat(20))));
    // FCM, APNs, Web Push, Huawei, Honor, JPush; Xiaomi, OPPO, vivo title and body; OPPO and vivo data.
    expect(html.match(/role="meter"/g)).toHaveLength(14);
    expect(html).toContain("Largest: variant B, zh-CN");
    expect(html).toContain("Xiaomi Push title");
    expect(html).toContain("vivo Push data");
    expect(html).toContain("Every message fits");
    expect(html).not.toContain("over the limit");
    expect(html).not.toContain("longer than it shows");
  });

  it("says a body over the phone makers' lengths must be fixed before submitting (Chinese)", async () => {
    const html = await renderWithMessages("zh-CN", createElement(PayloadBudget, campaign("好".repeat(129))));
    expect(html).toContain("129 / 127 个字符");
    expect(html).toContain("129 / 100 个字符");
    expect(html).toContain("最多显示 127 个字符");
    expect(html).toContain("有 3 处文字超出推送服务可显示的长度：提交前请缩短、添加简短版本或不使用该服务");
    expect(html).not.toContain("超出大小上限");
    expect(html).toMatch(/aria-valuenow="127"/);
  });

  it("marks a message over a size limit and says submitting waits for the fix (English)", async () => {
    const html = await renderWithMessages("en", createElement(PayloadBudget, campaign("好".repeat(1500), ["fcm"])));
    expect(html).toContain("over the limit");
    expect(html).toContain("1 size limit is exceeded: fix before submitting.");
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
