// The Chinese page walker's finder (tests/support/untranslated.ts) flags what it should and lets
// product names, the users' own words and quoted code pass.
import { describe, expect, it } from "vitest";
import { untranslatedFindings } from "../support/untranslated";

const options = { namespaces: ["audit", "campaigns", "common"], stored: ["Typhoon warning raised to red"] };
const find = (...texts: Parameters<typeof untranslatedFindings>[0]) => untranslatedFindings(texts, options);

describe("untranslated text finder", () => {
  it("flags message keys and action codes", () => {
    expect(find("audit.columns.time")).toHaveLength(1);
    expect(find("操作 campaigns.submit")).toEqual(['message key or action code "campaigns.submit"']);
    expect(find({ text: "credentials.save", code: true })).toHaveLength(1);
  });

  it("flags transitions between raw values, model names and English sentences", () => {
    expect(find("状态：draft → pending_approval").join()).toMatch(/raw value in a transition/);
    expect(find("对象 ProviderCredential").join()).toMatch(/model name "ProviderCredential"/);
    expect(find("This page could not be found.").join()).toMatch(/English/);
    expect(find("Web")).toHaveLength(1);
  });

  it("lets Chinese, product names, stored names, addresses and quoted code pass", () => {
    expect(find("状态：草稿 → 待审批")).toEqual([]);
    expect(find("通过 FCM、APNs 和 HMS 推送到 Android 与 iOS 设备")).toEqual([]);
    expect(find("Typhoon warning raised to red 已完成")).toEqual([]);
    expect(find("联系 ops@herald.test 或打开 https://example.com/help")).toEqual([]);
    expect(find("示例：tag:vip and not tag:churned and lastActive>30d。")).toEqual([]);
    expect(find({ text: "select something from somewhere", code: true })).toEqual([]);
    expect(find("b6f4d7e2-0c1a-4b9e-9f00-1234567890ab")).toEqual([]);
    expect(find("服务商消息 ID：msg-0b0b3c2d-0", "UNREGISTERED", "iOS Bundle ID")).toEqual([]);
  });
});
