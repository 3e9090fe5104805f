// The SMS parts of the console, rendered with the real messages: the SMS credential card's summary and
// callback URLs (Twilio's status and inbound URLs, Alibaba Cloud's report and up URLs), and the SMS
// credential form's inputs, in English and Simplified Chinese.
import { createElement } from "react";
import { beforeAll, describe, expect, it } from "vitest";
import { CredentialCard } from "@/components/apps/credential-card";
import { SmsFields } from "@/components/apps/sms-credential-fields";
import { parseCredential } from "@/lib/channels";
import type { CredentialView } from "@/server/apps/queries";
import { smsReceiptSetup } from "@/server/sms/webhook-urls";
import { renderWithMessages } from "../support/render-intl";

beforeAll(() => {
  process.env.HERALD_ENCRYPTION_KEY ??= Buffer.alloc(32, 5).toString("base64");
});

const appId = "0b6f7c1e-3f0a-4d7e-9a51-2c4d8e6f1a23";
const env = { HERALD_PUBLIC_URL: "https://push.example.com" };
const twilioForm = {
  provider: "twilio",
  accountSid: "AC" + "a".repeat(32),
  authToken: "b".repeat(32),
  sender: "+15005550006",
};

function view(form: Record<string, string>): CredentialView {
  const parsed = parseCredential("sms", form);
  if (!parsed.ok) throw new Error("bad form");
  return {
    channel: "sms",
    summary: parsed.summary,
    configuredAt: new Date("2026-12-01T08:00:00Z"),
    configuredBy: "admin@example.com",
    lastError: null,
    lastErrorAt: null,
    lastSucceededAt: null,
    failing: false,
  };
}

describe("the SMS credential card", () => {
  it("shows Twilio's masked SID, the sender and both callback URLs, never the token", async () => {
    const credential = view(twilioForm);
    const setup = smsReceiptSetup(appId, [credential], env)!.sms;
    expect(setup.url).toBe(`https://push.example.com/api/v1/sms/twilio/${appId}/status`);
    expect(setup.inboundUrl).toBe(`https://push.example.com/api/v1/sms/twilio/${appId}/inbound`);
    const props = { appId, channel: "sms" as const, credential, canManage: true, receipts: setup };
    const en = await renderWithMessages("en", createElement(CredentialCard, props));
    expect(en).toContain("AC…aaaa");
    expect(en).toContain("+15005550006");
    expect(en).toContain(setup.inboundUrl!);
    expect(en).toContain("Inbound (STOP) URL");
    expect(en).not.toContain("b".repeat(32));
    const zh = await renderWithMessages("zh-CN", createElement(CredentialCard, props));
    expect(zh).toContain("上行（退订）地址");
    expect(zh).toContain("短信信令");
  });

  it("gives Alibaba Cloud's report and up URLs with the app's secret, and nothing without a public URL", () => {
    const credential = view({
      provider: "aliyun",
      accessKeyId: "LTAI5tAbcdefghijkl",
      accessKeySecret: "s".repeat(30),
      signName: "Herald",
      templateCode: "SMS_154950909",
    });
    const setup = smsReceiptSetup(appId, [credential], env)!.sms;
    expect(setup).toMatchObject({ console: true });
    expect(setup.url).toMatch(new RegExp(`/api/v1/sms/aliyun/${appId}/[\\w-]{22}/report$`));
    expect(setup.inboundUrl).toMatch(/\/up$/);
    expect(smsReceiptSetup(appId, [credential], {})).toBeNull();
    expect(smsReceiptSetup(appId, [], env)).toBeNull();
  });
});

describe("the SMS credential form", () => {
  it("offers both providers and shows Twilio's inputs first, in both languages", async () => {
    const errors = () => undefined;
    const en = await renderWithMessages("en", createElement(SmsFields, { errors }));
    expect(en).toContain("Alibaba Cloud SMS");
    expect(en).toContain('name="accountSid"');
    expect(en).toContain('name="authToken"');
    expect(en).not.toContain('name="accessKeySecret"');
    const zh = await renderWithMessages("zh-CN", createElement(SmsFields, { errors }));
    expect(zh).toContain("阿里云短信服务");
    expect(zh).toContain("发送方");
  });
});
