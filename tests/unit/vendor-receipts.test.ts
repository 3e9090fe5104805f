// The vendors' receipt bodies as Herald reads them (server/receipts/vendors/*), Huawei's signature,
// the per-app receipt URLs, and the callback fields the providers send only when Herald has a public URL.
import { beforeAll, describe, expect, it } from "vitest";
import { jpushCallback } from "@/server/dispatch/providers/jpush/message";
import { vivoCallback } from "@/server/dispatch/providers/vivo/message";
import { xiaomiSendFields } from "@/server/dispatch/providers/xiaomi/message";
import {
  isReceiptSecret,
  publicBaseUrl,
  receiptChannels,
  receiptSecret,
  receiptUrl,
} from "@/server/receipts/receipt-urls";
import { receiptVendors } from "@/server/receipts/vendors";
import { huaweiCallbackSignature, huaweiReceipts, parseCallbackId } from "@/server/receipts/vendors/huawei-style";
import { jpushReceipts } from "@/server/receipts/vendors/jpush";

beforeAll(() => {
  process.env.HERALD_ENCRYPTION_KEY ??= Buffer.alloc(32, 5).toString("base64");
});

const appId = "0b6f7c1e-3f0a-4d7e-9a51-2c4d8e6f1a23";
const campaignId = "4f1c2a7e-5b3d-4e8f-9a06-1d2c3b4a5e6f";

// The raw text a vendor would post for a body.
function encode(channel: (typeof receiptChannels)[number], body: unknown): string {
  if (channel !== "xiaomi") return JSON.stringify(body);
  return new URLSearchParams({ data: JSON.stringify((body as { data: unknown }).data) }).toString();
}

describe("receipt URLs", () => {
  it("derive a 22-character secret per app and vendor, checked in constant time", () => {
    const secret = receiptSecret(appId, "xiaomi");
    expect(secret).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(receiptSecret(appId, "xiaomi")).toBe(secret);
    expect(receiptSecret(appId, "oppo")).not.toBe(secret);
    expect(receiptSecret(campaignId, "xiaomi")).not.toBe(secret);
    expect(isReceiptSecret(appId, "xiaomi", secret)).toBe(true);
    expect(isReceiptSecret(appId, "xiaomi", `${secret.slice(0, 21)}x`)).toBe(false);
    expect(isReceiptSecret(appId, "oppo", secret)).toBe(false);
  });

  it("exist only with HERALD_PUBLIC_URL, and fit vivo's 128 characters for a usual host", () => {
    expect(receiptUrl(appId, "vivo", {})).toBeUndefined();
    expect(publicBaseUrl({ HERALD_PUBLIC_URL: "ftp://example.com" })).toBeNull();
    expect(publicBaseUrl({ HERALD_PUBLIC_URL: "not a url" })).toBeNull();
    const url = receiptUrl(appId, "vivo", { HERALD_PUBLIC_URL: "https://push.example.com/" })!;
    expect(url).toBe(`https://push.example.com/api/v1/receipts/vivo/${appId}/${receiptSecret(appId, "vivo")}`);
    expect(url.length).toBeLessThanOrEqual(128);
  });
});

describe("providers ask for receipts only with a receipt URL", () => {
  it("vivo: extra.callback and the campaign as callback.param, none without a URL or over 128 characters", () => {
    expect(vivoCallback(undefined, campaignId)).toEqual({});
    expect(vivoCallback(`https://h.example/${"x".repeat(120)}`, campaignId)).toEqual({});
    expect(vivoCallback("https://h.example/r", campaignId)).toEqual({
      extra: { callback: "https://h.example/r", "callback.param": campaignId },
    });
  });

  it("JPush: callback {url, params with the campaign, type 3}", () => {
    expect(jpushCallback(undefined, campaignId)).toEqual({});
    expect(jpushCallback("https://h.example/r", campaignId)).toEqual({
      callback: { url: "https://h.example/r", params: { herald_c: campaignId }, type: 3 },
    });
  });

  it("Xiaomi: extra.callback, the campaign as a param within 64 bytes, type 19", () => {
    const secret = { appSecret: "s", packageName: "p", serviceChannelId: "1", marketingChannelId: "2" };
    const input = {
      secret,
      content: { title: "t", body: "b" },
      options: { priority: "high" as const },
      campaignId,
      regIds: ["r1"],
    };
    expect(xiaomiSendFields(input)["extra.callback"]).toBeUndefined();
    const fields = xiaomiSendFields({ ...input, receipts: { url: "https://h.example/r" } });
    expect(fields).toMatchObject({
      "extra.callback": "https://h.example/r",
      "extra.callback.param": campaignId,
      "extra.callback.type": 19,
    });
    expect(Buffer.byteLength(String(fields["extra.callback.param"]))).toBeLessThanOrEqual(64);
  });
});

describe("vendor receipt bodies", () => {
  it("read each vendor's documented example into receipts naming the campaign", () => {
    for (const channel of receiptChannels) {
      const vendor = receiptVendors[channel];
      expect(vendor.schema.safeParse(vendor.example).success, channel).toBe(true);
      const receipts = vendor.read(encode(channel, vendor.example));
      expect(receipts.length, channel).toBeGreaterThan(0);
      for (const receipt of receipts) expect(receipt).toMatchObject({ campaignId, kind: "delivered" });
    }
  });

  it("map Huawei statuses: 0 delivered, 2 and 5 dead, others nothing", () => {
    const body = {
      statuses: [0, 2, 5, 6, 102].map((status, i) => ({ biTag: campaignId, token: `t${i}`, status, timestamp: 1 })),
    };
    const receipts = receiptVendors.hms.read(JSON.stringify(body));
    expect(receipts.map((r) => [r.token, r.kind, r.code])).toEqual([
      ["t0", "delivered", "HMS_RECEIPT_0"],
      ["t1", "invalid", "HMS_RECEIPT_2"],
      ["t2", "invalid", "HMS_RECEIPT_5"],
    ]);
  });

  it("map Xiaomi types 1, 2 and 16 over every listed regid; ignore other types", () => {
    const data = {
      a: { param: campaignId, type: 1, targets: "r1,r2" },
      b: { param: campaignId, type: 2, targets: "r1" },
      c: { param: campaignId, type: 16, targets: "dead" },
      d: { param: campaignId, type: 64, targets: "r3" },
    };
    const receipts = receiptVendors.xiaomi.read(new URLSearchParams({ data: JSON.stringify(data) }).toString());
    expect(receipts.map((r) => [r.token, r.kind])).toEqual([
      ["r1", "delivered"],
      ["r2", "delivered"],
      ["r1", "clicked"],
      ["dead", "invalid"],
    ]);
  });

  it("refuse malformed bodies as invalid-receipt (400) with the failing fields", () => {
    const refusals: Array<[(typeof receiptChannels)[number], string]> = [
      ["hms", "{"],
      ["hms", '{"statuses":[]}'],
      ["hms", '{"statuses":[{"token":"t"}]}'],
      ["xiaomi", "other=1"],
      ["xiaomi", "data=%5B1%5D"],
      ["oppo", "{}"],
      ["vivo", "[]"],
      ["jpush", '[{"type":1}]'],
    ];
    for (const [channel, text] of refusals) {
      let error: unknown;
      try {
        receiptVendors[channel].read(text);
      } catch (caught) {
        error = caught;
      }
      expect(error, `${channel} ${text}`).toMatchObject({ code: "invalid-receipt", status: 400 });
    }
  });
});

describe("vendor authentication", () => {
  const headers = (entries: Record<string, string>) => new Headers(entries);
  const request = (h: Headers, credential: unknown = null) => ({ appId, headers: h, text: "", credential });

  it("checks Huawei's X-HUAWEI-CALLBACK-ID when sent", async () => {
    const { receiptSigningKey, receiptSigningUser } = await import("@/server/receipts/receipt-urls");
    const key = receiptSigningKey(appId, "hms");
    const value = huaweiCallbackSignature(key, "1764900000000", "n0nce", receiptSigningUser);
    const header = `timestamp=1764900000000;nonce=n0nce;value=${value}`;
    expect(parseCallbackId(header)).toEqual({ timestamp: "1764900000000", nonce: "n0nce", value });
    expect(huaweiReceipts.authenticate(request(headers({ "x-huawei-callback-id": header })))).toBe("ok");
    expect(huaweiReceipts.authenticate(request(headers({})))).toBe("missing");
    const other = huaweiCallbackSignature(key, "1764900000000", "n0nce", "someone-else");
    expect(
      huaweiReceipts.authenticate(
        request(headers({ "x-huawei-callback-id": `timestamp=1764900000000;nonce=n0nce;value=${other}` })),
      ),
    ).toBe("invalid");
    expect(huaweiReceipts.authenticate(request(headers({ "x-huawei-callback-id": "garbage" })))).toBe("invalid");
  });

  it("checks JPush's Basic appKey:masterSecret when sent", () => {
    const credential = { appKey: "a".repeat(24), masterSecret: "b".repeat(24) };
    const basic = (text: string) => `Basic ${Buffer.from(text).toString("base64")}`;
    const ok = basic(`${credential.appKey}:${credential.masterSecret}`);
    expect(jpushReceipts.authenticate(request(headers({ authorization: ok }), credential))).toBe("ok");
    expect(jpushReceipts.authenticate(request(headers({}), credential))).toBe("missing");
    const wrong = basic(`${credential.appKey}:nope`);
    expect(jpushReceipts.authenticate(request(headers({ authorization: wrong }), credential))).toBe("invalid");
    expect(jpushReceipts.authenticate(request(headers({ authorization: ok }), null))).toBe("invalid");
  });
});
