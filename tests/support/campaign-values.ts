// A campaign as the composer saves it that uses every option it offers, for round trips through the
// form, the database, templates and duplicates. Pure data: unit and integration tests both use it.
import type { ComposerValues } from "@/lib/campaigns/composer-values";

// A promotion with an expression, holdout, throttle, every delivery option and two variants: A in two
// locales (the fallback, English, listed second) with a link and data, B with an image.
export function richPromotion(appId: string, name = "Spring sale"): ComposerValues["campaign"] {
  return {
    appId,
    type: "promotion",
    name,
    expression: "tag:vip and not tag:churned",
    testDevicesOnly: false,
    holdoutPercent: 10,
    throttlePerMinute: 1500,
    goal: { event: "purchase", windowSeconds: 2 * 86_400 },
    delivery: {
      priority: "high",
      ttlSeconds: 7200,
      collapseKey: "sale",
      sound: "default",
      badge: 3,
      channels: ["fcm", "apns"],
    },
    variants: [
      {
        key: "A",
        splitPercent: 60,
        fallbackLocale: "en",
        content: {
          "zh-CN": { title: "春季促销", body: "八折" },
          en: { title: "Spring sale", body: "20% off", url: "app://sale", data: { promo: "SPRING" } },
        },
      },
      {
        key: "B",
        splitPercent: 40,
        fallbackLocale: "en",
        content: { en: { title: "Just for you", body: "20% off", imageUrl: "https://example.com/a.png" } },
      },
    ],
  };
}

// Every Monday and Friday at 09:30 in each device's own time, from `startDate` to `endDate`.
export function mondaysAndFridays(startDate: string, endDate: string): ComposerValues["schedule"] {
  return {
    kind: "recurring",
    rule: { kind: "weekly", weekdays: ["mon", "fri"] },
    time: "09:30",
    timeZone: "local",
    startDate,
    endDate,
  };
}
