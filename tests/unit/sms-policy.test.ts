import { describe, expect, it } from "vitest";
import {
  defaultSmsPolicy,
  estimateSms,
  messagePriceMicros,
  microsToPrice,
  priceToMicros,
  renderSignal,
  sampleSignal,
  smsAllowedFor,
  smsKindOf,
  smsPolicyOf,
  smsPolicySchema,
  smsTemplateFor,
  type SmsPolicy,
} from "@/lib/sms/policy";

const policy: SmsPolicy = {
  ...defaultSmsPolicy,
  enabled: true,
  currency: "USD",
  defaultPrice: "0.05",
  prices: [
    { country: "US", price: "0.0079" },
    { country: "CN", price: "0.045" },
  ],
};

describe("SMS policy", () => {
  it("defaults to off, breaking news only, a five-minute window", () => {
    expect(smsPolicyOf(null)).toEqual(defaultSmsPolicy);
    expect(defaultSmsPolicy).toMatchObject({ enabled: false, campaignKinds: ["breaking_news"], windowMinutes: 5 });
    expect(smsPolicySchema.safeParse(defaultSmsPolicy).success).toBe(true);
  });

  it("falls back to the defaults for a stored policy that no longer parses", () => {
    expect(smsPolicyOf({ enabled: "yes" })).toEqual(defaultSmsPolicy);
  });

  it("tells breaking news from other news", () => {
    expect(smsKindOf({ type: "news", breaking: true })).toBe("breaking_news");
    expect(smsKindOf({ type: "news", breaking: false })).toBe("news");
    expect(smsKindOf({ type: "promotion", breaking: false })).toBe("promotion");
    expect(smsAllowedFor(policy, { type: "news", breaking: true })).toBe(true);
    expect(smsAllowedFor(policy, { type: "news", breaking: false })).toBe(false);
    expect(smsAllowedFor({ ...policy, enabled: false }, { type: "news", breaking: true })).toBe(false);
  });

  it("refuses bad fields with their paths", () => {
    const result = smsPolicySchema.safeParse({
      ...policy,
      windowMinutes: 0,
      template: "no placeholder here",
      currency: "dollars",
      defaultPrice: "-1",
      prices: [
        { country: "US", price: "0.01" },
        { country: "us", price: "abc" },
        { country: "USA", price: "0.01" },
      ],
    });
    expect(result.success).toBe(false);
    const paths = result.error!.issues.map((issue) => issue.path.join("."));
    expect(paths).toEqual(
      expect.arrayContaining([
        "windowMinutes",
        "template",
        "currency",
        "defaultPrice",
        "prices.1.price",
        "prices.2.country",
        "prices.1.country",
      ]),
    );
    expect(smsPolicySchema.safeParse({ ...policy, windowMinutes: 1441 }).success).toBe(false);
    expect(smsPolicySchema.safeParse({ ...policy, windowMinutes: 1440 }).success).toBe(true);
  });

  it("needs a link base for a template with {link}", () => {
    const withLink = { ...policy, template: "Read it: {link}" };
    const refused = smsPolicySchema.safeParse(withLink);
    expect(refused.error?.issues.map((i) => i.path.join("."))).toEqual(["linkBase"]);
    expect(smsPolicySchema.safeParse({ ...withLink, linkBase: "https://n.example/m/" }).success).toBe(true);
  });

  it("renders the localized default signal with the code", () => {
    expect(smsTemplateFor(policy, "zh-Hans-CN")).toContain("消息码");
    expect(smsTemplateFor(policy, "en-GB")).toContain("Code: {code}");
    expect(smsTemplateFor({ ...policy, template: "Hi {code}" }, "zh")).toBe("Hi {code}");
    expect(renderSignal("Read {link} ({code})", { code: "42", linkBase: "myapp://inbox/" })).toBe(
      "Read myapp://inbox/42 (42)",
    );
  });
});

describe("SMS pricing", () => {
  it("converts decimal prices to micros exactly", () => {
    expect(priceToMicros("0.0079")).toBe(7900);
    expect(priceToMicros("1")).toBe(1_000_000);
    expect(priceToMicros("0.000001")).toBe(1);
    expect(priceToMicros("12.5")).toBe(12_500_000);
    expect(microsToPrice(7900)).toBe("0.0079");
    expect(microsToPrice(1_500_000n)).toBe("1.50");
    expect(microsToPrice(0)).toBe("0.00");
  });

  it("prices a message per segment and country, with the default for unlisted countries", () => {
    expect(messagePriceMicros(policy, "US", 1)).toBe(7900);
    expect(messagePriceMicros(policy, "us", 3)).toBe(23_700);
    expect(messagePriceMicros(policy, "CN", 2)).toBe(90_000);
    expect(messagePriceMicros(policy, "DE", 1)).toBe(50_000);
  });

  it("measures the signal's segments with the longest code", () => {
    expect(sampleSignal(policy, "en")).toMatchObject({ segments: { encoding: "GSM-7", segments: 1 } });
    expect(sampleSignal(policy, "zh-CN").segments.encoding).toBe("UCS-2");
  });

  it("estimates a campaign and what its budget lets out", () => {
    const countries = [
      { country: "CN", devices: 100 },
      { country: "US", devices: 50 },
    ];
    const open = estimateSms({
      policy,
      segmentsPerMessage: 1,
      countries,
      maxMessages: 1000,
      maxCostMicros: 10_000_000,
    });
    expect(open).toMatchObject({ reachable: 150, messages: 150, costMicros: 50 * 7900 + 100 * 45_000 });
    expect(open.withinBudget).toEqual({ messages: 150, costMicros: 50 * 7900 + 100 * 45_000 });
    expect(open.limitedBy).toBe("none");
    const byCount = estimateSms({
      policy,
      segmentsPerMessage: 1,
      countries,
      maxMessages: 60,
      maxCostMicros: 10_000_000,
    });
    expect(byCount.withinBudget).toEqual({ messages: 60, costMicros: 50 * 7900 + 10 * 45_000 });
    expect(byCount.limitedBy).toBe("count");
    const byCost = estimateSms({
      policy,
      segmentsPerMessage: 2,
      countries,
      maxMessages: 1000,
      maxCostMicros: 1_000_000,
    });
    // 50 US at 15,800 = 790,000; then 210,000 buys 2 CN at 90,000.
    expect(byCost.withinBudget).toEqual({ messages: 52, costMicros: 790_000 + 180_000 });
    expect(byCost.limitedBy).toBe("cost");
    const none = estimateSms({ policy, segmentsPerMessage: 1, countries, maxMessages: null, maxCostMicros: null });
    expect(none.withinBudget.messages).toBe(0);
  });
});
