// The composer's form state: stored values survive a trip through the form unchanged, the browser's
// checks name the same fields the server does, and the helpers behind splits, tabs and keys.
import { describe, expect, it } from "vitest";
import {
  blankDraft,
  draftFromValues,
  evenSplits,
  newPair,
  valuesFromDraft,
  type ComposerDraft,
} from "@/lib/campaigns/draft";
import { firstErrorTab } from "@/components/campaigns/composer/first-error";
import { newIdempotencyKey } from "@/components/campaigns/composer/idempotency-key";
import { expressionParseKey, validateDraft } from "@/components/campaigns/composer/validate";
import type { ComposerValues } from "@/lib/campaigns/composer-values";
import { campaignContentInput } from "@/lib/campaigns/input";
import { mondaysAndFridays, richPromotion } from "../support/campaign-values";

const appId = "4f1c2b9e-8d7a-4c3b-9e2f-1a2b3c4d5e6f";
const now = new Date("2026-11-25T12:00:00Z");

const stored: ComposerValues = {
  campaign: richPromotion(appId),
  schedule: mondaysAndFridays("2026-12-01", "2027-01-31"),
};

function filled(change: (draft: ComposerDraft) => ComposerDraft = (d) => d): ComposerDraft {
  return change(draftFromValues(stored, "Asia/Shanghai"));
}

describe("composer draft", () => {
  it("turns stored values into the form and back without change", () => {
    const draft = filled();
    // The fallback language comes first among the tabs; TTL shows in the largest exact unit.
    expect(draft.variants[0].locales).toEqual(["en", "zh-CN"]);
    expect([draft.ttl, draft.ttlUnit]).toEqual(["2", "hours"]);
    const back = valuesFromDraft(draft);
    expect(back.schedule).toEqual(stored.schedule);
    expect(campaignContentInput.parse(back.campaign)).toEqual(campaignContentInput.parse(stored.campaign));
  });

  it("sends the schedule kinds the server takes, and a blank form sends now", () => {
    const blank = blankDraft(appId, "news", "Asia/Shanghai");
    expect(valuesFromDraft(blank).schedule).toEqual({ kind: "now" });
    expect(blank.priority).toBe("high");
    const at = valuesFromDraft({
      ...blank,
      schedule: { ...blank.schedule, kind: "at", date: "2027-01-02", time: "08:15", timeZone: " Europe/Berlin " },
    });
    expect(at.schedule).toEqual({ kind: "at", date: "2027-01-02", time: "08:15", timeZone: "Europe/Berlin" });
    const cron = valuesFromDraft({
      ...blank,
      schedule: {
        ...blank.schedule,
        kind: "recurring",
        repeat: "cron",
        cron: "0 9 * * 1-5",
        startDate: "2027-01-01",
        timeZone: "UTC",
      },
    });
    expect(cron.schedule).toEqual({
      kind: "recurring",
      rule: { kind: "cron", expression: "0 9 * * 1-5" },
      timeZone: "UTC",
      startDate: "2027-01-01",
    });
  });

  it("keeps only what was filled in: empty options are left out, breaking only for news", () => {
    const draft = filled((d) => ({
      ...d,
      ttl: "",
      collapseKey: " ",
      sound: "",
      badge: "",
      throttle: "",
      breaking: true,
    }));
    const { campaign } = valuesFromDraft(draft);
    expect(campaign.delivery).toEqual({
      priority: "high",
      ttlSeconds: undefined,
      collapseKey: undefined,
      sound: undefined,
      badge: undefined,
      channels: ["fcm", "apns"],
    });
    expect(campaign.throttlePerMinute).toBeUndefined();
    expect(campaign.breaking).toBe(false);
  });
});

describe("composer checks", () => {
  it("finds nothing wrong with a complete campaign", () => {
    expect(validateDraft(filled(), now)).toEqual({});
  });

  it("names the same fields as the server, with message keys", () => {
    const errors = validateDraft(
      filled((d) => ({
        ...d,
        name: " ",
        holdout: "60",
        variants: [
          {
            ...d.variants[0],
            split: "70",
            content: { ...d.variants[0].content, en: { ...d.variants[0].content.en, title: "", url: "not a link" } },
          },
          d.variants[1],
        ],
        schedule: { ...d.schedule, kind: "at", date: "2026-11-01", time: "09:00", timeZone: "Asia/Shanghai" },
      })),
      now,
    );
    expect(errors).toMatchObject({
      "campaign.name": ["nameRequired"],
      "campaign.holdoutPercent": ["holdoutRange"],
      "campaign.variants": ["splitsMustTotal100"],
      "campaign.variants.0.content.en.title": ["titleRequired"],
      "campaign.variants.0.content.en.url": ["linkInvalid"],
      "schedule.time": ["schedule:in_past"],
    });
  });

  it(
    "refuses what only the form can get wrong: no segment chosen, " + "a key typed twice, bad numbers and data keys",
    () => {
      const twice = filled((d) => ({
        ...d,
        audience: "segment",
        segmentId: "",
        badge: "abc",
        variants: [
          {
            ...d.variants[0],
            content: {
              ...d.variants[0].content,
              en: {
                ...d.variants[0].content.en,
                data: [newPair("promo", "1"), newPair("promo", "2"), newPair("9bad", "x")],
              },
            },
          },
          d.variants[1],
        ],
      }));
      const errors = validateDraft(twice, now);
      expect(errors["campaign.segmentId"]).toEqual(["segmentRequired"]);
      expect(errors["campaign.variants.0.content.en.data.promo"]).toEqual(["dataKeyDuplicate"]);
      expect(errors["campaign.variants.0.content.en.data.9bad"]).toEqual(["dataKeyInvalid"]);
      expect(errors["campaign.delivery.badge"]).toEqual(["numberInvalid"]);
      const broken = validateDraft(
        filled((d) => ({ ...d, expression: "tag:vip and (" })),
        now,
      );
      expect(Object.keys(broken)).toEqual([expressionParseKey]);
    },
  );

  it("opens the tab of the first error in page order", () => {
    expect(firstErrorTab({ "schedule.time": ["x"], "campaign.variants.1.content.zh-CN.body": ["x"] })).toEqual({
      variant: 1,
      locale: "zh-CN",
    });
    expect(
      firstErrorTab({ "campaign.variants.0.splitPercent": ["x"], "campaign.variants.1.content.en.title": ["x"] }),
    ).toEqual({ variant: 0, locale: undefined });
    // An error above the content (the name) is found by focus alone: no tab to open.
    expect(firstErrorTab({ "campaign.name": ["x"], "campaign.variants.1.content.en.title": ["x"] })).toBeNull();
  });
});

describe("composer helpers", () => {
  it("splits 100 percent evenly in whole numbers", () => {
    for (let n = 1; n <= 5; n++) {
      const splits = evenSplits(n).map(Number);
      expect(splits.reduce((a, b) => a + b, 0)).toBe(100);
      expect(Math.max(...splits) - Math.min(...splits)).toBeLessThanOrEqual(1);
    }
    expect(evenSplits(3)).toEqual(["34", "33", "33"]);
  });

  it("makes v4 UUIDs for idempotency keys, also where randomUUID is missing", () => {
    const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
    expect(newIdempotencyKey()).toMatch(uuid);
    const original = crypto.randomUUID;
    try {
      Object.defineProperty(crypto, "randomUUID", { value: undefined, configurable: true });
      const keys = new Set(Array.from({ length: 50 }, () => newIdempotencyKey()));
      expect(keys.size).toBe(50);
      for (const key of keys) expect(key).toMatch(uuid);
    } finally {
      Object.defineProperty(crypto, "randomUUID", { value: original, configurable: true });
    }
  });
});
