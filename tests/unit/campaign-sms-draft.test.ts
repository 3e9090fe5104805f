import { describe, expect, it } from "vitest";
import { blankDraft, draftFromValues, smsApplies, valuesFromDraft } from "@/lib/campaigns/draft";
import { campaignContentInput } from "@/lib/campaigns/input";

const appId = "6f1f8c5e-2d7a-4c1b-9a3e-1f2d3c4b5a69";

function draft(over: Partial<ReturnType<typeof blankDraft>> = {}) {
  const base = blankDraft(appId, "news", "UTC");
  base.variants[0]!.content.en = { title: "Quake", body: "M6", imageUrl: "", url: "", data: [] };
  return { ...base, name: "Quake", breaking: true, smsKinds: ["breaking_news" as const], ...over };
}

describe("the composer draft's SMS budget", () => {
  it("goes with the campaign only when chosen and allowed for its kind", () => {
    const on = draft({ sms: true, smsMaxMessages: "500", smsMaxCost: " 12.5 " });
    expect(smsApplies(on)).toBe(true);
    expect(valuesFromDraft(on).campaign.sms).toEqual({ maxMessages: 500, maxCost: "12.5" });
    expect(campaignContentInput.safeParse(valuesFromDraft(on).campaign).success).toBe(true);
    // Not breaking any more: the app allows SMS for breaking news only.
    expect(valuesFromDraft({ ...on, breaking: false }).campaign.sms).toBeUndefined();
    expect(valuesFromDraft({ ...on, smsKinds: [] }).campaign.sms).toBeUndefined();
    expect(valuesFromDraft({ ...on, sms: false }).campaign.sms).toBeUndefined();
  });

  it("refuses a half-typed budget with the composer's keys", () => {
    const half = draft({ sms: true, smsMaxMessages: "", smsMaxCost: "abc" });
    const parsed = campaignContentInput.safeParse(valuesFromDraft(half).campaign);
    expect(parsed.success).toBe(false);
    const byPath = Object.fromEntries(parsed.error!.issues.map((i) => [i.path.join("."), i.message]));
    expect(byPath).toEqual({ "sms.maxMessages": "smsMaxMessagesRange", "sms.maxCost": "smsMaxCostInvalid" });
  });

  it("round-trips through the stored values", () => {
    const on = draft({ sms: true, smsMaxMessages: "500", smsMaxCost: "12.50" });
    const back = draftFromValues(valuesFromDraft(on), "UTC");
    expect(back).toMatchObject({ sms: true, smsMaxMessages: "500", smsMaxCost: "12.50" });
  });
});
