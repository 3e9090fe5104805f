// The app page's XMPP card: without a credential it says how to configure an XMPP server; with one it
// shows server, port, mode and domain (never the secret); the form shows the component's fields first.
// English and Simplified Chinese, every text from the message files (a missing key fails the render).
import { createElement } from "react";
import { describe, expect, it } from "vitest";
import { CredentialCard } from "@/components/apps/credential-card";
import { XmppFields } from "@/components/apps/xmpp-credential-fields";
import { parseCredential } from "@/lib/channels";
import type { CredentialView } from "@/server/apps/queries";
import { renderWithMessages } from "../support/render-intl";

const appId = "0b6f7c1e-3f0a-4d7e-9a51-2c4d8e6f1a23";

describe("XMPP credential card", () => {
  it("without a credential, says the channel is unavailable and how to configure one", async () => {
    const props = { appId, channel: "xmpp" as const, credential: null, canManage: false };
    const en = await renderWithMessages("en", createElement(CredentialCard, props));
    expect(en).toContain("XMPP channel is unavailable");
    expect(en).toContain("Prosody or ejabberd");
    const zh = await renderWithMessages("zh-CN", createElement(CredentialCard, props));
    expect(zh).toContain("XMPP 通道不可用");
  });

  it("with one, shows server, port, mode and component domain under translated labels", async () => {
    const parsed = parseCredential("xmpp", {
      host: "xmpp.example.com",
      mode: "component",
      tls: "none",
      domain: "push.example.com",
      componentSecret: "very-secret",
    });
    if (!parsed.ok) throw parsed.error;
    const credential: CredentialView = {
      channel: "xmpp",
      summary: parsed.summary,
      configuredAt: new Date("2026-12-01T08:00:00Z"),
      configuredBy: "admin@example.com",
      lastError: null,
      lastErrorAt: null,
      lastSucceededAt: null,
      failing: false,
    };
    const html = await renderWithMessages(
      "en",
      createElement(CredentialCard, { appId, channel: "xmpp", credential, canManage: false }),
    );
    for (const text of ["Component domain", "push.example.com", "xmpp.example.com", "5347", "Connects as"])
      expect(html).toContain(text);
    expect(html).not.toContain("very-secret");
    const zh = await renderWithMessages(
      "zh-CN",
      createElement(CredentialCard, { appId, channel: "xmpp", credential, canManage: false }),
    );
    expect(zh).toContain("组件域名");
  });

  it("the form starts in component mode with its domain and secret fields", async () => {
    const html = await renderWithMessages("en", createElement(XmppFields, { errors: () => undefined }));
    for (const name of ["host", "port", "mode", "tls", "domain", "componentSecret"])
      expect(html).toContain(`name="${name}"`);
    expect(html).not.toContain('name="password"');
    expect(await renderWithMessages("zh-CN", createElement(XmppFields, { errors: () => undefined }))).toContain(
      "机器人账号",
    );
  });
});
