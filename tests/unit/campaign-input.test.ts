// Validation of what the composer sends: content per locale, variants and splits, options.
import { describe, expect, it } from "vitest";
import { campaignContentInput } from "@/lib/campaigns/input";

const appId = "4f1c2b9e-8d7a-4c3b-9e2f-1a2b3c4d5e6f";
const message = { title: "Goal!", body: "Shanghai 2-1 Beijing in the 90th minute", url: "news://match/42" };
const valid = () => ({
  appId,
  type: "promotion",
  name: "Spring sale",
  expression: "tag:vip and not tag:churned",
  holdoutPercent: 10,
  delivery: { priority: "normal", ttlSeconds: 3600, collapseKey: "sale", channels: ["fcm", "apns"] },
  variants: [
    {
      key: "A",
      splitPercent: 50,
      fallbackLocale: "en",
      content: { en: message, "zh-cn": { title: "进球！", body: "上海 2-1 北京" } },
    },
    { key: "B", splitPercent: 50, fallbackLocale: "en", content: { en: { ...message, title: "What a finish" } } },
  ],
});

function errorsOf(input: unknown): Record<string, string[]> {
  const result = campaignContentInput.safeParse(input);
  if (result.success) return {};
  const out: Record<string, string[]> = {};
  for (const issue of result.error.issues) (out[issue.path.join(".") || "form"] ??= []).push(issue.message);
  return out;
}

describe("campaignContentInput", () => {
  it("accepts a two-variant promotion and canonicalises locales", () => {
    const result = campaignContentInput.parse(valid());
    expect(result.variants[0].content["zh-CN"].title).toBe("进球！");
    expect(result.delivery.channels).toEqual(["fcm", "apns"]);
    expect(result.breaking).toBe(false);
  });

  it("requires splits that total 100 and distinct variant keys", () => {
    const input = valid();
    input.variants[1].splitPercent = 40;
    expect(errorsOf(input).variants).toContain("splitsMustTotal100");
    const dup = valid();
    dup.variants[1].key = "A";
    expect(errorsOf(dup).variants).toContain("variantKeysUnique");
  });

  it("requires content in the fallback locale", () => {
    const input = valid();
    input.variants[1].fallbackLocale = "de";
    expect(errorsOf(input)["variants.1.fallbackLocale"]).toEqual(["fallbackMissing"]);
  });

  it("allows breaking only for news, and a segment or an expression but not both", () => {
    expect(errorsOf({ ...valid(), breaking: true }).breaking).toEqual(["breakingOnlyNews"]);
    expect(errorsOf({ ...valid(), type: "news", breaking: true })).toEqual({});
    expect(errorsOf({ ...valid(), segmentId: appId }).expression).toEqual(["segmentOrExpression"]);
  });

  it("names each bad field", () => {
    const input = valid() as Record<string, unknown> & ReturnType<typeof valid>;
    input.variants[0].content.en = { ...message, title: "", url: "not a link" };
    input.holdoutPercent = 80;
    input.delivery = { ...input.delivery, ttlSeconds: 3_000_000 };
    const errors = errorsOf(input);
    expect(errors["variants.0.content.en.title"]).toEqual(["titleRequired"]);
    expect(errors["variants.0.content.en.url"]).toEqual(["linkInvalid"]);
    expect(errors.holdoutPercent).toEqual(["holdoutRange"]);
    expect(errors["delivery.ttlSeconds"]).toEqual(["ttlRange"]);
  });

  it("refuses unknown fields and bad locales", () => {
    expect(Object.keys(errorsOf({ ...valid(), sendTwice: true }))).toContain("form");
    const input = valid();
    (input.variants[0].content as Record<string, unknown>)["not a locale!"] = message;
    expect(errorsOf(input)["variants.0.content.not a locale!"]).toEqual(["localeInvalid"]);
  });
});
