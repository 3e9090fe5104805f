// The app page's credential card shows where a vendor's receipts go, in both languages: Huawei's URL
// with the console's user name and key, the per-push vendors' URL; nothing without a receipt setup.
import { createElement } from "react";
import { beforeAll, describe, expect, it } from "vitest";
import { CredentialCard } from "@/components/apps/credential-card";
import type { CredentialView } from "@/server/apps/queries";
import { receiptSetup } from "@/server/receipts/receipt-urls";
import { renderWithMessages } from "../support/render-intl";

beforeAll(() => {
  process.env.HERALD_ENCRYPTION_KEY ??= Buffer.alloc(32, 5).toString("base64");
});

const appId = "0b6f7c1e-3f0a-4d7e-9a51-2c4d8e6f1a23";
const credential = (channel: CredentialView["channel"]): CredentialView => ({
  channel,
  summary: { appId: "104433559" },
  configuredAt: new Date("2026-12-01T08:00:00Z"),
  configuredBy: "admin@example.com",
  lastError: null,
  lastErrorAt: null,
  lastSucceededAt: null,
  failing: false,
});

describe("receipt setup on the credential card", () => {
  it("is null without HERALD_PUBLIC_URL, and names the console vendors and Huawei's key otherwise", () => {
    expect(receiptSetup(appId, {})).toBeNull();
    const setup = receiptSetup(appId, { HERALD_PUBLIC_URL: "https://push.example.com" })!;
    expect(setup.hms).toMatchObject({ console: true, user: "herald", key: expect.stringMatching(/^[\w-]{32}$/) });
    expect(setup.honor).toMatchObject({ console: true });
    expect(setup.honor.key).toBeUndefined();
    expect(setup.xiaomi).toMatchObject({ console: false, url: expect.stringContaining("/api/v1/receipts/xiaomi/") });
  });

  it("shows the URL, user name and key to enter in Huawei's console (English and Chinese)", async () => {
    const setup = receiptSetup(appId, { HERALD_PUBLIC_URL: "https://push.example.com" })!;
    const props = { appId, channel: "hms" as const, credential: credential("hms"), canManage: true };
    const en = await renderWithMessages("en", createElement(CredentialCard, { ...props, receipts: setup.hms }));
    expect(en).toContain("enter this URL in the vendor");
    expect(en).toContain(setup.hms.url);
    expect(en).toContain(setup.hms.key!);
    const zh = await renderWithMessages("zh-CN", createElement(CredentialCard, { ...props, receipts: setup.hms }));
    expect(zh).toContain("回执地址");
    expect(zh).toContain("密钥");
    const none = await renderWithMessages("en", createElement(CredentialCard, props));
    expect(none).not.toContain("Receipt URL");
  });

  it("says Herald sends the URL with each push for Xiaomi", async () => {
    const setup = receiptSetup(appId, { HERALD_PUBLIC_URL: "https://push.example.com" })!;
    const html = await renderWithMessages(
      "en",
      createElement(CredentialCard, {
        appId,
        channel: "xiaomi",
        credential: credential("xiaomi"),
        canManage: false,
        receipts: setup.xiaomi,
      }),
    );
    expect(html).toContain("Herald asks for them with every push");
    expect(html).not.toContain("User name");
  });
});
