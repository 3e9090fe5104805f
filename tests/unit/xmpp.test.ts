// The XMPP channel's pure parts: the credential form (component or bot account), bare JIDs, the device
// API's check of xmpp tokens, and the stanzas (message, signed stanza ids, receipts, bounces).
import { describe, expect, it } from "vitest";
import { parseCredential } from "@/lib/channels";
import { canonicalBareJid } from "@/lib/channels/xmpp";
import { registerDeviceSchema } from "@/server/device-api/device-schema";
import { xml } from "@xmpp/client";
import {
  heraldPushNs,
  messageStanza,
  outcomeOfError,
  parseStanzaId,
  readIncoming,
  receiptsNs,
  stanzaIdFor,
} from "@/server/dispatch/providers/xmpp/stanza";

const messages = (result: ReturnType<typeof parseCredential>) =>
  result.ok ? [] : result.error.issues.map((i) => i.message);

describe("xmpp credential", () => {
  it("takes a component with its domain and secret, defaulting to port 5347, and summarises without the secret", () => {
    const result = parseCredential("xmpp", {
      host: "XMPP.example.com",
      port: "",
      mode: "component",
      tls: "none",
      domain: "Push.Example.com",
      componentSecret: "s3cret-value",
    });
    expect(result).toMatchObject({
      ok: true,
      secret: { host: "xmpp.example.com", port: 5347, mode: "component", domain: "push.example.com", jid: null },
      summary: { host: "xmpp.example.com", port: "5347", mode: "component", tls: "none", domain: "push.example.com" },
    });
    expect(JSON.stringify(result.ok && result.summary)).not.toContain("s3cret");
  });

  it("takes a bot account (STARTTLS 5222, direct TLS 5223), JID canonical, no password in the summary", () => {
    const base = { host: "10.1.2.3", mode: "client", jid: "Herald@Example.com", password: "pw-123456" };
    const starttls = parseCredential("xmpp", { ...base, tls: "starttls" });
    expect(starttls).toMatchObject({
      ok: true,
      secret: { port: 5222, jid: "herald@example.com", password: "pw-123456", domain: null },
      summary: { jid: "herald@example.com", mode: "client" },
    });
    expect(JSON.stringify(starttls.ok && starttls.summary)).not.toContain("pw-123456");
    expect(parseCredential("xmpp", { ...base, tls: "direct" })).toMatchObject({ secret: { port: 5223 } });
    expect(parseCredential("xmpp", { ...base, tls: "none", port: "15222" })).toMatchObject({ secret: { port: 15222 } });
  });

  it.each([
    [{ host: "", mode: "component", tls: "none", domain: "p.example", componentSecret: "x" }, "xmppHostRequired"],
    [
      { host: "bad host", mode: "component", tls: "none", domain: "p.example", componentSecret: "x" },
      "xmppHostInvalid",
    ],
    [
      { host: "h", port: "70000", mode: "component", tls: "none", domain: "p.example", componentSecret: "x" },
      "xmppPortInvalid",
    ],
    [{ host: "h", mode: "component", tls: "none", componentSecret: "x" }, "xmppDomainRequired"],
    [{ host: "h", mode: "component", tls: "none", domain: "p.example" }, "xmppSecretRequired"],
    [{ host: "h", mode: "component", tls: "starttls", domain: "p.example", componentSecret: "x" }, "xmppComponentTls"],
    [{ host: "h", mode: "client", tls: "starttls", password: "x" }, "xmppJidRequired"],
    [{ host: "h", mode: "client", tls: "starttls", jid: "bot@example.com/res", password: "x" }, "xmppJidInvalid"],
    [{ host: "h", mode: "client", tls: "starttls", jid: "bot@example.com" }, "xmppPasswordRequired"],
    [{ host: "h", mode: "s2s", tls: "none" }, "xmppModeInvalid"],
  ])("refuses %j with %s", (input, code) => expect(messages(parseCredential("xmpp", input))).toContain(code));
});

describe("bare JIDs", () => {
  it.each([
    ["Alice@Example.COM", "alice@example.com"],
    [" bob@chat.example.org ", "bob@chat.example.org"],
    ["用户@example.cn", "用户@example.cn"],
  ])("%j is %j", (input, canonical) => expect(canonicalBareJid(input)).toBe(canonical));

  it.each(["alice", "@example.com", "alice@", "a@b@c", "alice@example.com/phone", "al ice@example.com", "a<b@x.org"])(
    "refuses %j",
    (input) => expect(canonicalBareJid(input)).toBeNull(),
  );

  it("the device API takes an xmpp token only as a bare JID and stores it canonical", () => {
    const body = { installationId: "6a1f2c1e-0000-4000-8000-000000000001", platform: "android", channel: "xmpp" };
    const ok = registerDeviceSchema.safeParse({ ...body, token: "Alice@Example.com" });
    expect(ok.success && ok.data.addresses).toEqual([{ channel: "xmpp", token: "alice@example.com" }]);
    const bad = registerDeviceSchema.safeParse({ ...body, token: "alice@example.com/phone" });
    expect(bad.success).toBe(false);
    expect(JSON.stringify(bad.error?.issues)).toContain("bare JID");
  });
});

describe("stanzas", () => {
  const key = "k".repeat(64);
  const installationId = "6a1f2c1e-0000-4000-8000-0000000000aa";
  const message = {
    deliveryId: "12345",
    deviceId: "d1",
    installationId,
    platform: "android" as const,
    token: "alice@example.com",
    campaignId: "c0ffee00-0000-4000-8000-000000000001",
    variantKey: "A",
    locale: "en",
    content: { title: "Storm", body: "Warning <now> & later", url: "https://news.example/s", data: { k: "v" } },
  };

  it("sends a chat message with the body, Herald's payload, a receipt request and a store hint", () => {
    const { stanza, id, bytes } = messageStanza(
      key,
      "push.example.com",
      message,
      { priority: "high", ttlSeconds: 60 },
      new Date(0),
    );
    expect(stanza.attrs).toMatchObject({ to: "alice@example.com", type: "chat", id, from: "push.example.com" });
    expect(stanza.getChildText("body")).toBe("Storm: Warning <now> & later");
    const push = stanza.getChild("push", heraldPushNs)!;
    expect(push.attrs).toMatchObject({ campaign: message.campaignId, delivery: "12345" });
    expect(JSON.parse(push.getText())).toMatchObject({
      messageId: "12345",
      title: "Storm",
      url: "https://news.example/s",
      data: { k: "v" },
      expiresAt: new Date(60_000).toISOString(),
    });
    expect(stanza.getChild("request", receiptsNs)).toBeDefined();
    expect(stanza.toString()).toContain("&lt;now&gt; &amp; later");
    expect(bytes).toBe(Buffer.byteLength(stanza.toString()));
  });

  it("a stanza id names the delivery and installation only for the JID it was sent to, under the same key", () => {
    const id = stanzaIdFor(key, "12345", installationId, "alice@example.com");
    expect(parseStanzaId(key, id, "Alice@example.com/phone")).toEqual({ deliveryId: "12345", installationId });
    expect(parseStanzaId(key, id, "mallory@example.com/x")).toBeNull();
    expect(parseStanzaId("other-key", id, "alice@example.com")).toBeNull();
    expect(parseStanzaId(key, id.replace("12345", "12346"), "alice@example.com")).toBeNull();
    expect(parseStanzaId(key, "random-client-id", "alice@example.com")).toBeNull();
  });

  it("reads receipts and bounces, and sorts bounce conditions", () => {
    const receipt = xml(
      "message",
      { from: "alice@example.com/phone", id: "r" },
      xml("received", { xmlns: receiptsNs, id: "h.1.x.y" }),
    );
    expect(readIncoming(receipt)).toEqual({ kind: "receipt", id: "h.1.x.y", from: "alice@example.com/phone" });
    const bounce = xml(
      "message",
      { from: "nobody@example.com", id: "h.2.x.y", type: "error" },
      xml("error", { type: "cancel" }, xml("service-unavailable", { xmlns: "urn:ietf:params:xml:ns:xmpp-stanzas" })),
    );
    expect(readIncoming(bounce)).toMatchObject({ kind: "error", id: "h.2.x.y", condition: "service-unavailable" });
    expect(readIncoming(xml("message", { from: "a@b" }, xml("body", {}, "hi")))).toBeNull();
    expect(outcomeOfError({ condition: "service-unavailable", type: "cancel" })).toBe("invalid_token");
    expect(outcomeOfError({ condition: "item-not-found", type: "cancel" })).toBe("invalid_token");
    expect(outcomeOfError({ condition: "remote-server-not-found", type: "cancel" })).toBe("retry");
    expect(outcomeOfError({ condition: "resource-constraint", type: "wait" })).toBe("retry");
    expect(outcomeOfError({ condition: "not-allowed", type: "cancel" })).toBe("failed");
  });
});
