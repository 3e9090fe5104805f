// The app page's APNs credential: its card shows the summary (key id, team, bundle id, environment)
// and never the key, and its form fields carry their labels, hints and environments, in English and
// Simplified Chinese (a missing message fails the render).
import { createElement } from "react";
import { describe, expect, it } from "vitest";
import { CredentialCard } from "@/components/apps/credential-card";
import { credentialFields } from "@/components/apps/credential-fields";
import type { CredentialView } from "@/server/apps/queries";
import { renderWithMessages } from "../support/render-intl";

const credential: CredentialView = {
  channel: "apns",
  summary: { keyId: "ABC123DEFG", teamId: "TEAM123456", bundleId: "com.example.news", environment: "sandbox" },
  configuredAt: new Date("2026-12-01T08:00:00Z"),
  configuredBy: "admin@example.com",
  lastError: null,
  lastErrorAt: null,
  lastSucceededAt: null,
  failing: false,
};
const props = { appId: "0b6f7c1e-3f0a-4d7e-9a51-2c4d8e6f1a23", channel: "apns" as const, credential, canManage: true };

describe("APNs credential card", () => {
  it.each([
    ["en", ["Key ID", "Team ID", "Bundle ID", "Environment", "Test credentials"]],
    ["zh-CN", ["密钥 ID", "团队 ID", "Bundle ID", "环境"]],
  ] as const)("shows the summary in %s", async (locale, labels) => {
    const html = await renderWithMessages(locale, createElement(CredentialCard, props));
    for (const label of [...labels, "ABC123DEFG", "TEAM123456", "com.example.news", "sandbox"])
      expect(html).toContain(label);
    expect(html).not.toContain("PRIVATE KEY");
  });

  it.each([
    ["en", ["Signing key (.p8)", "Key ID", "Team ID", "Leave empty to use the app&#x27;s iOS bundle ID", "Sandbox"]],
    ["zh-CN", ["签名密钥（.p8）", "密钥 ID", "团队 ID", "留空则使用应用的 iOS Bundle ID", "沙盒（开发）"]],
  ] as const)("draws the form fields in %s", async (locale, texts) => {
    const html = await renderWithMessages(locale, createElement(credentialFields.apns, { errors: () => undefined }));
    for (const text of texts) expect(html).toContain(text);
    for (const name of ["key", "keyId", "teamId", "bundleId", "environment"]) expect(html).toContain(`name="${name}"`);
    expect(html).toContain('value="production"');
  });
});
