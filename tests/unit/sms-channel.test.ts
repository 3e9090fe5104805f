// SMS signalling's isomorphic and pure parts: phone numbers (E.164 validation, country, masking), the
// credential form and its masked summary, routing never picking sms, the inbound keywords, Aliyun's
// number forms, the fakes' documented signatures against the libraries' own, and log redaction.
import { Writable } from "node:stream";
import pino from "pino";
import twilio from "twilio";
import { describe, expect, it } from "vitest";
import { channelMaskOf } from "@/lib/channels/devices";
import { parseCredential } from "@/lib/channels";
import { maskId } from "@/lib/channels/sms";
import { createRouter, defaultRoutingPolicy, routeCandidates, routingPolicySchema } from "@/lib/routing/policy";
import { maskPhoneNumber, validPhoneNumber } from "@/lib/sms/phone-number";
import { logOptions } from "@/server/log";
import { aliyunPhoneNumber, classifyAliyunCode } from "@/server/dispatch/providers/sms/aliyun";
import { classifyTwilioError } from "@/server/dispatch/providers/sms/twilio";
import { aliyunE164, inboundKeyword } from "@/server/sms/webhooks";
import { aliyunStringToSign, percentEncode } from "@/tests/fakes/aliyun-sms/signature";
import { smsSegments } from "@/tests/fakes/twilio/fake-server";
import { twilioSignature } from "@/tests/fakes/twilio/signature";

describe("phone numbers", () => {
  it("accepts valid E.164 numbers with their country and masks all but the last four digits", () => {
    expect(validPhoneNumber("+8613812345678")).toEqual({
      e164: "+8613812345678",
      country: "CN",
      masked: "+86 *******5678",
    });
    expect(validPhoneNumber("+14155552671")).toMatchObject({ country: "US", masked: "+1 ******2671" });
    expect(validPhoneNumber(" +85291234567 ")).toMatchObject({ e164: "+85291234567", country: "HK" });
    expect(maskPhoneNumber("+447911123456", "44")).toBe("+44 ******3456");
  });

  it("refuses numbers without +, with spaces, too short for their plan, or of no country", () => {
    for (const raw of ["8613812345678", "+86 138 1234 5678", "+861381234567", "+999123456", "+0123456789", "", "+1"])
      expect(validPhoneNumber(raw), raw).toBeNull();
  });
});

describe("the sms credential", () => {
  const twilioForm = {
    provider: "twilio",
    accountSid: "AC" + "a".repeat(32),
    authToken: "b".repeat(32),
    sender: "+15005550006",
  };
  it("seals Twilio's SID, token and sender, and shows the SID masked, never the token", () => {
    const parsed = parseCredential("sms", twilioForm);
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    expect(parsed.secret).toEqual({
      provider: "twilio",
      accountSid: twilioForm.accountSid,
      authToken: twilioForm.authToken,
      from: "+15005550006",
      messagingServiceSid: null,
    });
    expect(parsed.summary).toEqual({ provider: "Twilio", accountSid: "AC…aaaa", sender: "+15005550006" });
    expect(JSON.stringify(parsed.summary)).not.toContain(twilioForm.authToken);
    const service = parseCredential("sms", { ...twilioForm, sender: "MG" + "c".repeat(32) });
    expect(service.ok && service.secret).toMatchObject({ from: null, messagingServiceSid: "MG" + "c".repeat(32) });
  });

  it("seals Aliyun's AccessKey, sign name and template, masked summary, code as default variable", () => {
    const parsed = parseCredential("sms", {
      provider: "aliyun",
      accessKeyId: "LTAI5tAbcdefghijkl",
      accessKeySecret: "s".repeat(30),
      signName: "Herald",
      templateCode: "SMS_154950909",
    });
    expect(parsed.ok && parsed.secret).toMatchObject({ provider: "aliyun", templateParam: "code" });
    expect(parsed.ok && parsed.summary).toEqual({
      provider: "Alibaba Cloud SMS",
      accessKeyId: "LTAI…ijkl",
      signName: "Herald",
      templateCode: "SMS_154950909",
    });
    expect(maskId("short")).toBe("••••");
  });

  it("answers field errors for the chosen provider only", () => {
    const bad = parseCredential("sms", { provider: "twilio", accountSid: "AC12", authToken: "", sender: "5550006" });
    expect(bad.ok).toBe(false);
    if (bad.ok) return;
    const messages = Object.fromEntries(bad.error.issues.map((issue) => [issue.path.join("."), issue.message]));
    expect(messages).toEqual({
      accountSid: "twilioAccountSidInvalid",
      authToken: "twilioAuthTokenRequired",
      sender: "twilioSenderInvalid",
    });
    const aliyun = parseCredential("sms", { provider: "aliyun", templateCode: "123", templateParam: "9x" });
    expect(aliyun.ok).toBe(false);
    if (aliyun.ok) return;
    expect(aliyun.error.issues.map((issue) => issue.path[0]).sort()).toEqual(
      ["accessKeyId", "accessKeySecret", "signName", "templateCode", "templateParam"].sort(),
    );
    expect(parseCredential("sms", { provider: "carrier-pigeon" }).ok).toBe(false);
  });
});

describe("routing", () => {
  it("never picks sms as a push route, even when a policy lists it and the device has nothing else", () => {
    const onlySms = channelMaskOf(["sms"]);
    const withSms = channelMaskOf(["sms", "fcm"]);
    const all = () => true;
    expect(routeCandidates(defaultRoutingPolicy, "android", null, onlySms, all)).toEqual([]);
    expect(routeCandidates(defaultRoutingPolicy, "android", null, withSms, all)).toEqual(["fcm"]);
    const listed = {
      rules: [{ platform: "android" as const, maker: "any" as const, channels: ["sms" as const, "fcm" as const] }],
    };
    expect(createRouter(listed, all)("android", null, withSms)).toEqual(["fcm"]);
    const stored = routingPolicySchema.safeParse({
      rules: ["android", "ios", "web", "harmony"].map((platform) => ({ platform, maker: "any", channels: ["sms"] })),
    });
    expect(stored.success).toBe(false);
    expect(stored.error?.issues.map((issue) => issue.message)).toContain("routingChannelNotPush");
  });
});

describe("provider answers", () => {
  it("maps Twilio's codes: unsubscribed, invalid, throttled, server errors, network", () => {
    const error = (code: number | string, status: number) => Object.assign(new Error("x"), { code, status });
    expect(classifyTwilioError(1n, error(21610, 400))).toEqual({ id: 1n, status: "opted_out", errorCode: "21610" });
    expect(classifyTwilioError(1n, error(21211, 400))).toEqual({ id: 1n, status: "failed", errorCode: "21211" });
    expect(classifyTwilioError(1n, error(21614, 400))).toMatchObject({ status: "failed" });
    expect(classifyTwilioError(1n, error(20429, 429))).toMatchObject({ status: "retry", errorCode: "20429" });
    expect(classifyTwilioError(1n, error(20500, 500))).toMatchObject({ status: "retry" });
    expect(classifyTwilioError(1n, error("ECONNRESET", 0))).toMatchObject({ status: "retry", errorCode: "ECONNRESET" });
    expect(() => classifyTwilioError(1n, error(20003, 401))).toThrow(/credential/);
    expect(() => classifyTwilioError(1n, error(21606, 400))).toThrow(/sender/);
  });

  it("maps Aliyun's codes: frequency control, invalid number, blacklist, configuration", () => {
    expect(classifyAliyunCode(1n, "isv.BUSINESS_LIMIT_CONTROL", "")).toMatchObject({ status: "retry" });
    expect(classifyAliyunCode(1n, "isv.MOBILE_NUMBER_ILLEGAL", "")).toMatchObject({ status: "failed" });
    expect(classifyAliyunCode(1n, "isv.BLACK_KEY_CONTROL_LIMIT", "")).toMatchObject({ status: "opted_out" });
    expect(classifyAliyunCode(1n, "Throttling.User", "")).toMatchObject({ status: "retry" });
    for (const code of ["isv.SMS_SIGNATURE_ILLEGAL", "isv.AMOUNT_NOT_ENOUGH", "InvalidAccessKeyId.NotFound"])
      expect(() => classifyAliyunCode(1n, code, ""), code).toThrow();
    expect(aliyunPhoneNumber("+8613800138000")).toBe("13800138000");
    expect(aliyunPhoneNumber("+85291234567")).toBe("85291234567");
    expect(aliyunE164("13800138000")).toBe("+8613800138000");
    expect(aliyunE164("85291234567")).toBe("+85291234567");
  });

  it("reads STOP, START and 退订 the way the providers document them", () => {
    expect(inboundKeyword("twilio", " Stop ")).toBe("stop");
    expect(inboundKeyword("twilio", "unsubscribe")).toBe("stop");
    expect(inboundKeyword("twilio", "please stop")).toBeNull();
    expect(inboundKeyword("twilio", "UNSTOP")).toBe("start");
    expect(inboundKeyword("twilio", "arrêt", "STOP")).toBe("stop");
    expect(inboundKeyword("aliyun", "退订")).toBe("stop");
    expect(inboundKeyword("aliyun", "td")).toBe("stop");
    expect(inboundKeyword("aliyun", "START")).toBeNull();
  });
});

describe("the fakes' documented algorithms", () => {
  it("sign Twilio webhooks the way twilio.validateRequest checks them", () => {
    const url = "https://herald.example.com/api/v1/sms/twilio/app/inbound";
    const params = { From: "+14155552671", Body: "STOP", AccountSid: "AC" + "1".repeat(32), MessageSid: "SM1" };
    const signature = twilioSignature("t".repeat(32), url, params);
    expect(twilio.validateRequest("t".repeat(32), signature, url, params)).toBe(true);
    expect(twilio.validateRequest("u".repeat(32), signature, url, params)).toBe(false);
    expect(twilio.validateRequest("t".repeat(32), signature, url, { ...params, Body: "START" })).toBe(false);
  });

  it("encode and sort Aliyun RPC parameters per RFC 3986 (space %20, * %2A, ~ kept)", () => {
    expect(percentEncode("a b*c~d/e")).toBe("a%20b%2Ac~d%2Fe");
    expect(aliyunStringToSign("POST", { b: "2", a: "1", Signature: "x" })).toBe("POST&%2F&a%3D1%26b%3D2");
  });

  it("count SMS segments: GSM-7 160/153, UCS-2 70/67", () => {
    expect(smsSegments("a".repeat(160))).toBe(1);
    expect(smsSegments("a".repeat(161))).toBe(2);
    expect(smsSegments("a".repeat(306))).toBe(2);
    expect(smsSegments("新".repeat(70))).toBe(1);
    expect(smsSegments("新".repeat(71))).toBe(2);
    expect(smsSegments("€".repeat(80))).toBe(1);
  });
});

describe("logs", () => {
  it("censor phone-number fields at the top level and one object down", () => {
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk: Buffer, _encoding, done) {
        lines.push(chunk.toString());
        done();
      },
    });
    const logger = pino({ ...logOptions, level: "info" }, sink);
    logger.info({ to: "+14155552671", webhook: { From: "+8613812345678", To: "+15005550006" }, appId: "a" }, "sms");
    const text = lines.join("");
    expect(text).toContain('"appId":"a"');
    expect(text).toContain("[redacted]");
    for (const digits of ["4155552671", "13812345678", "5005550006"]) expect(text).not.toContain(digits);
  });
});
