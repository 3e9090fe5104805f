// The app page's credential card says when a send through the key last succeeded and last failed,
// in English and Chinese: "Failing" with the provider's error only while no success came after the
// refusal; once a later send succeeded, "Configured", the last failure kept as a quiet line.
import { createElement } from "react";
import { describe, expect, it } from "vitest";
import { CredentialCard } from "@/components/apps/credential-card";
import type { CredentialView } from "@/server/apps/queries";
import { renderWithMessages } from "../support/render-intl";

const appId = "0b6f7c1e-3f0a-4d7e-9a51-2c4d8e6f1a23";
const base: CredentialView = {
  channel: "fcm",
  summary: { projectId: "herald-demo" },
  configuredAt: new Date("2026-12-01T08:00:00Z"),
  configuredBy: "admin@example.com",
  lastError: null,
  lastErrorAt: null,
  lastSucceededAt: null,
  failing: false,
};
const error = "fcm: FCM refused the app's configuration (INVALID_CREDENTIAL): invalid_grant";
const render = (locale: "en" | "zh-CN", credential: CredentialView) =>
  renderWithMessages(locale, createElement(CredentialCard, { appId, channel: "fcm", credential, canManage: false }));
const text = (html: string) => html.replace(/<[^>]+>/g, "").replace(/&#x27;/g, "'");

describe("credential card: last success and last failure", () => {
  it("a key that never sent says so", async () => {
    expect(text(await render("en", base))).toContain("No successful send with this credential yet");
    expect(text(await render("zh-CN", base))).toContain("此凭据尚无成功发送记录");
  });

  it("failing: the badge, the refusal with its time and error, and the last success before it", async () => {
    const failing: CredentialView = {
      ...base,
      lastError: error,
      lastErrorAt: new Date("2026-12-05T10:30:00Z"),
      lastSucceededAt: new Date("2026-12-04T09:15:00Z"),
      failing: true,
    };
    const en = text(await render("en", failing));
    expect(en).toContain("Failing");
    expect(en).toContain("The provider refused this credential (Dec 5, 2026, 10:30 AM UTC):");
    expect(en).toContain(error);
    expect(en).toContain("Last sent successfully: Dec 4, 2026, 9:15 AM");
    const zh = text(await render("zh-CN", failing));
    expect(zh).toContain("出错");
    expect(zh).toContain("推送服务拒绝了此凭据（2026年12月5日 10:30 UTC）：");
    expect(zh).toContain("最近一次发送成功：2026年12月4日 09:15");
  });

  it("recovered: configured, the last success after the failure, the failure kept with its error", async () => {
    const recovered: CredentialView = {
      ...base,
      lastError: error,
      lastErrorAt: new Date("2026-12-05T10:30:00Z"),
      lastSucceededAt: new Date("2026-12-06T11:00:00Z"),
      failing: false,
    };
    const en = text(await render("en", recovered));
    expect(en).toContain("Configured");
    expect(en).not.toContain("Failing");
    expect(en).not.toContain("The provider refused this credential");
    expect(en).toContain("Last sent successfully: Dec 6, 2026, 11:00 AM");
    expect(en).toContain(`Last failed: Dec 5, 2026, 10:30 AM UTC ${error}`);
    const zh = text(await render("zh-CN", recovered));
    expect(zh).toContain("已配置");
    expect(zh).not.toContain("出错");
    expect(zh).toContain("最近一次发送成功：2026年12月6日 11:00");
    expect(zh).toContain("最近一次失败：2026年12月5日 10:30");
  });
});
