// The payload budget: UTF-8 sizes of what each vendor receives, exact-limit boundaries, multi-byte
// text, which channels count, the problems that block saving and the texts a vendor cuts short.
import { describe, expect, it } from "vitest";
import {
  charCount,
  jsonBytes,
  payloadBudget,
  payloadClips,
  payloadLimits,
  payloadProblems,
  submitBlockers,
  tightestTextLimit,
  type BudgetCampaign,
} from "@/lib/campaigns/payload";
import {
  apnsPayload,
  fcmMessage,
  honorMessage,
  jpushNotification,
  placeholderIds,
  textFor,
  trackingKeys,
  vivoCustomMapLength,
  webPushPayload,
  type PayloadMessage,
} from "@/lib/campaigns/provider-payloads";

const campaignOf = (
  content: Record<string, PayloadMessage>,
  delivery: BudgetCampaign["delivery"] = {},
  more: BudgetCampaign["variants"] = [],
): BudgetCampaign => ({
  variants: [{ key: "A", content }, ...more],
  delivery,
});
const row = (campaign: BudgetCampaign, provider: string, part?: string) =>
  payloadBudget(campaign).find((r) => r.provider === provider && r.part === part);

// A body that makes `measure` exactly `target`, padding with `unit` (whose UTF-8 size is `unitBytes`).
function bodyFor(target: number, measure: (body: string) => number, unit = "x", unitBytes = 1): string {
  const base = measure("");
  const gap = target - base;
  const count = Math.floor(gap / unitBytes);
  return unit.repeat(count) + "x".repeat(gap - count * unitBytes);
}

describe("provider payloads", () => {
  it("FCM: notification, data with url and tracking ids, platform overrides", () => {
    const message = fcmMessage(
      { title: "Hi", body: "There", imageUrl: "https://img.example/a.png", url: "news://42", data: { k: "v" } },
      { priority: "high", ttlSeconds: 60, collapseKey: "c", sound: "ping", badge: 3 },
    );
    expect(message.notification).toEqual({ title: "Hi", body: "There", image: "https://img.example/a.png" });
    expect(message.data).toEqual({
      k: "v",
      url: "news://42",
      [trackingKeys.campaignId]: placeholderIds.campaignId,
      [trackingKeys.deliveryId]: placeholderIds.deliveryId,
    });
    expect(message.android).toMatchObject({
      priority: "high",
      ttl: "60s",
      collapse_key: "c",
      notification: { sound: "ping", notification_count: 3 },
    });
    expect(message.apns.payload.aps).toEqual({ sound: "ping", badge: 3, "mutable-content": 1 });
    expect(message.apns.headers["apns-collapse-id"]).toBe("c");
    // A deep link is not a web link: no webpush link.
    expect(message.webpush).not.toHaveProperty("fcm_options");
  });

  it("APNs: alert and thread id in aps, custom keys at the top, mutable-content only with an image", () => {
    const plain = apnsPayload({ title: "T", body: "B" }, {});
    expect(plain.aps).toEqual({
      alert: { title: "T", body: "B" },
      "thread-id": "00000000-0000-0000-0000-000000000000",
    });
    expect(apnsPayload({ title: "T", body: "B", imageUrl: "https://i.example/x.jpg" }, {}).aps).toHaveProperty(
      "mutable-content",
      1,
    );
  });

  it("tracking ids cannot be overwritten by a data key of the same name", () => {
    const payload = webPushPayload({ title: "T", body: "B", data: { [trackingKeys.deliveryId]: "mine" } }, {});
    expect(payload.data[trackingKeys.deliveryId]).toBe(placeholderIds.deliveryId);
  });

  it("counts UTF-8 bytes, not UTF-16 units: Chinese 3 bytes, emoji 4", () => {
    expect(jsonBytes("进") - jsonBytes("")).toBe(3);
    expect(jsonBytes("😀") - jsonBytes("")).toBe(4);
    expect("😀".length).toBe(2);
    expect(charCount("😀进a")).toBe(3);
  });
});

describe("payloadBudget", () => {
  const fcmBytes = (body: string) => jsonBytes(fcmMessage({ title: "Sale", body }, { priority: "normal" }));

  it("accepts a message of exactly 4096 FCM bytes and refuses one byte more", () => {
    const exact = bodyFor(payloadLimits.fcm, fcmBytes);
    const at = row(
      campaignOf({ en: { title: "Sale", body: exact } }, { priority: "normal", channels: ["fcm"] }),
      "fcm",
    );
    expect(at).toMatchObject({ used: 4096, limit: 4096, unit: "bytes", ok: true });
    const over = row(
      campaignOf({ en: { title: "Sale", body: exact + "x" } }, { priority: "normal", channels: ["fcm"] }),
      "fcm",
    );
    expect(over).toMatchObject({ used: 4097, ok: false });
  });

  it("measures Chinese and emoji bodies by their UTF-8 bytes at the boundary", () => {
    const chinese = bodyFor(payloadLimits.fcm, fcmBytes, "进", 3);
    expect(row(campaignOf({ "zh-CN": { title: "Sale", body: chinese } }, { priority: "normal" }), "fcm")?.used).toBe(
      4096,
    );
    const emoji = bodyFor(payloadLimits.fcm, fcmBytes, "🎉", 4);
    expect([...emoji].filter((c) => c === "🎉").length).toBeGreaterThan(900);
    expect(row(campaignOf({ en: { title: "Sale", body: emoji } }, { priority: "normal" }), "fcm")?.ok).toBe(true);
    // One more emoji (4 bytes) tips it over even though its UTF-16 length would not tell.
    const tipped = row(
      campaignOf({ en: { title: "Sale", body: emoji.replace(/x*$/, "") + "🎉" } }, { priority: "normal" }),
      "fcm",
    );
    expect(tipped?.used).toBeGreaterThan(4096);
    expect(tipped?.ok).toBe(false);
  });

  it("web push has the smaller (Firefox) limit: a message fine for FCM can be too large there", () => {
    const body = bodyFor(3500, (b) => jsonBytes(webPushPayload({ title: "T", body: b }, {})));
    const rows = payloadBudget(campaignOf({ en: { title: "T", body } }));
    expect(rows.find((r) => r.provider === "webpush")).toMatchObject({
      used: 3500,
      ok: false,
      limit: payloadLimits.webpush,
    });
    expect(payloadLimits.webpush).toBeGreaterThan(2900);
    expect(payloadLimits.webpush).toBeLessThan(3100);
    expect(rows.find((r) => r.provider === "fcm")?.ok).toBe(true);
    expect(payloadProblems(campaignOf({ en: { title: "T", body } }, { channels: ["fcm", "webpush"] }))).toEqual([
      "payloadTooLargeWebpush",
    ]);
  });

  it("Xiaomi counts characters: 49 Chinese title characters fit, 50 are cut; bodies up to 127", () => {
    const fit = "进".repeat(payloadLimits.xiaomiTitle);
    expect(payloadLimits.xiaomiTitle).toBe(49);
    expect(row(campaignOf({ zh: { title: fit, body: "b" } }), "xiaomi", "title")).toMatchObject({
      used: 49,
      limit: 49,
      unit: "chars",
      effect: "clipped",
      ok: true,
    });
    const cut = campaignOf({ zh: { title: fit + "球", body: "b" } });
    expect(row(cut, "xiaomi", "title")?.ok).toBe(false);
    // Cut short, not refused: nothing blocks saving, the composer warns.
    expect(payloadProblems(cut)).toEqual([]);
    expect(payloadClips(cut).map((r) => `${r.provider}.${r.part}`)).toEqual(["xiaomi.title", "vivo.title"]);
    const description = "😀".repeat(127);
    expect(row(campaignOf({ en: { title: "t", body: description } }), "xiaomi", "body")).toMatchObject({
      used: 127,
      ok: true,
    });
    expect(payloadClips(campaignOf({ en: { title: "t", body: description + "!" } })).map((r) => r.provider)).toEqual([
      "xiaomi",
      "vivo",
    ]);
  });

  it("OPPO and vivo: titles of 50 and 40, bodies of 128 and 100 characters; longer is cut", () => {
    const at = (title: number, body: number) =>
      campaignOf({ zh: { title: "标".repeat(title), body: "文".repeat(body) } });
    expect(payloadClips(at(40, 100))).toEqual([]);
    expect(payloadClips(at(41, 100)).map((r) => `${r.provider}.${r.part}`)).toEqual(["vivo.title"]);
    expect(payloadClips(at(40, 101)).map((r) => `${r.provider}.${r.part}`)).toEqual(["vivo.body"]);
    expect(payloadClips(at(50, 127)).map((r) => `${r.provider}.${r.part}`)).toEqual([
      "xiaomi.title",
      "vivo.title",
      "vivo.body",
    ]);
    expect(payloadClips(at(51, 129)).map((r) => `${r.provider}.${r.part}`)).toEqual([
      "xiaomi.title",
      "xiaomi.body",
      "oppo.title",
      "oppo.body",
      "vivo.title",
      "vivo.body",
    ]);
    expect(payloadProblems(at(51, 129))).toEqual([]);
  });

  it("vivo refuses more than 1024 characters of data keys and values; OPPO more than 4000", () => {
    // Herald's own keys take their share: url and the two tracking ids.
    const own = vivoCustomMapLength({ title: "t", body: "b", data: { k: "" } });
    const fits = { title: "t", body: "b", data: { k: "v".repeat(payloadLimits.vivoData - own) } };
    expect(row(campaignOf({ en: fits }), "vivo", "data")).toMatchObject({ used: 1024, ok: true, effect: "refused" });
    const over = { ...fits, data: { k: fits.data.k + "v" } };
    expect(payloadProblems(campaignOf({ en: over }, { channels: ["vivo"] }))).toEqual(["vivoDataTooLarge"]);
    const big = { title: "t", body: "b", data: { a: "x".repeat(1000), b: "x".repeat(1000), c: "x".repeat(1000) } };
    expect(row(campaignOf({ en: big }), "oppo", "data")?.ok).toBe(true);
    const bigger = { ...big, data: { ...big.data, d: "x".repeat(1000) } };
    expect(payloadProblems(campaignOf({ en: bigger }, { channels: ["oppo"] }))).toEqual(["oppoDataTooLarge"]);
  });

  it("Honor 4096 and JPush 4000 bytes, measured on what each counts", () => {
    const honorBytes = (body: string) => jsonBytes(honorMessage({ title: "T", body }, {}));
    const honorExact = bodyFor(payloadLimits.honor, honorBytes, "进", 3);
    expect(row(campaignOf({ zh: { title: "T", body: honorExact } }), "honor")).toMatchObject({ used: 4096, ok: true });
    expect(
      payloadProblems(campaignOf({ zh: { title: "T", body: honorExact + "x" } }, { channels: ["honor"] })),
    ).toEqual(["payloadTooLargeHonor"]);
    const jpushBytes = (body: string) => jsonBytes(jpushNotification({ title: "T", body }));
    const jpushExact = bodyFor(payloadLimits.jpush, jpushBytes);
    expect(row(campaignOf({ en: { title: "T", body: jpushExact } }), "jpush")).toMatchObject({ used: 4000, ok: true });
    expect(
      payloadProblems(campaignOf({ en: { title: "T", body: jpushExact + "x" } }, { channels: ["jpush"] })),
    ).toEqual(["payloadTooLargeJpush"]);
  });

  it("names the worst variant and locale", () => {
    const campaign = campaignOf({ en: { title: "Short", body: "b" } }, {}, [
      { key: "B", content: { en: { title: "t", body: "b" }, "zh-CN": { title: "t", body: "进".repeat(300) } } },
    ]);
    expect(row(campaign, "apns")?.worst).toEqual({ variantKey: "B", locale: "zh-CN" });
    expect(row(campaign, "xiaomi", "title")?.worst).toEqual({ variantKey: "A", locale: "en" });
    expect(row(campaignOf({}), "fcm")).toMatchObject({ used: 0, worst: null, ok: true });
  });

  it("counts only the channels the campaign may use (none listed = all)", () => {
    const all = payloadBudget(campaignOf({ en: { title: "t", body: "b" } }));
    expect(all.map((r) => (r.part ? `${r.provider}.${r.part}` : r.provider))).toEqual([
      "fcm",
      "apns",
      "webpush",
      "hms",
      "honor",
      "xiaomi.title",
      "xiaomi.body",
      "oppo.title",
      "oppo.body",
      "oppo.data",
      "vivo.title",
      "vivo.body",
      "vivo.data",
      "jpush",
    ]);
    const some = payloadBudget(campaignOf({ en: { title: "t", body: "b" } }, { channels: ["apns", "mqtt"] }));
    expect(some.map((r) => r.provider)).toEqual(["apns"]);
    expect(payloadBudget(campaignOf({ en: { title: "t", body: "b" } }, { channels: ["mqtt", "poll"] }))).toEqual([]);
    const longTitle = { en: { title: "进".repeat(60), body: "b" } };
    expect(payloadProblems(campaignOf(longTitle, { channels: ["fcm"] }))).toEqual([]);
    expect(payloadProblems(campaignOf(longTitle))).toEqual([]);
    expect(payloadClips(campaignOf(longTitle, { channels: ["fcm"] }))).toEqual([]);
    expect(payloadClips(campaignOf(longTitle)).map((r) => r.provider)).toEqual(["xiaomi", "oppo", "vivo"]);
  });

  it("options count too: data key-values, collapse key and image grow every payload", () => {
    const plain = campaignOf({ en: { title: "t", body: "b" } });
    const rich = campaignOf(
      { en: { title: "t", body: "b", imageUrl: "https://cdn.example/p.png", data: { article: "42" } } },
      { collapseKey: "news", sound: "default", badge: 1, ttlSeconds: 3600 },
    );
    for (const provider of ["fcm", "apns", "webpush", "hms", "honor", "jpush"]) {
      expect(row(rich, provider)!.used, provider).toBeGreaterThan(row(plain, provider)!.used);
    }
  });

  it("refuses an oversize data value set on every vendor with a size limit", () => {
    const data = Object.fromEntries(Array.from({ length: 5 }, (_, i) => [`k${i}`, "v".repeat(1000)]));
    expect(payloadProblems(campaignOf({ en: { title: "t", body: "b", data } }))).toEqual([
      "payloadTooLargeFcm",
      "payloadTooLargeApns",
      "payloadTooLargeWebpush",
      "payloadTooLargeHms",
      "payloadTooLargeHonor",
      "oppoDataTooLarge",
      "vivoDataTooLarge",
      "payloadTooLargeJpush",
    ]);
  });
});

describe("short versions and what blocks submission", () => {
  const title53 = "T".repeat(53);
  it("a short title replaces the full one only where the full one is over the channel's limit", () => {
    const message = { title: title53, body: "b", shortTitle: "Short" };
    expect(textFor(message, "title", 49)).toBe("Short");
    expect(textFor(message, "title", 60)).toBe(title53);
    expect(textFor({ title: title53, body: "b" }, "title", 49)).toBe(title53);
    expect(textFor({ title: "t", body: "长".repeat(120), shortBody: "短" }, "body", 100)).toBe("短");
  });

  it("blocks submission on a text over Xiaomi's limit until a short title fits or Xiaomi is left out", () => {
    const over = campaignOf({ en: { title: title53, body: "b" } }, { channels: ["xiaomi", "fcm"] });
    expect(submitBlockers(over).map((r) => `${r.provider}.${r.part}`)).toEqual(["xiaomi.title"]);
    const shortened = campaignOf(
      { en: { title: title53, body: "b", shortTitle: "S".repeat(49) } },
      { channels: ["xiaomi"] },
    );
    expect(submitBlockers(shortened)).toEqual([]);
    const stillLong = campaignOf(
      { en: { title: title53, body: "b", shortTitle: "S".repeat(50) } },
      { channels: ["xiaomi"] },
    );
    expect(submitBlockers(stillLong).map((r) => r.used)).toEqual([50]);
    expect(submitBlockers(campaignOf({ en: { title: title53, body: "b" } }, { channels: ["fcm"] }))).toEqual([]);
  });

  it("blocks submission on a size a vendor refuses, too", () => {
    const big = campaignOf({
      en: { title: "t", body: "x".repeat(1990), data: { a: "y".repeat(1024), b: "z".repeat(1024) } },
    });
    expect(submitBlockers(big).map((r) => r.provider)).toEqual(expect.arrayContaining(["fcm", "apns"]));
  });

  it("the composer's counter shows the tightest limit among the campaign's channels", () => {
    expect(tightestTextLimit([], "title", 200)).toEqual({ limit: 40, providers: ["vivo"] });
    expect(tightestTextLimit(["xiaomi", "oppo"], "title", 200)).toEqual({ limit: 49, providers: ["xiaomi"] });
    expect(tightestTextLimit(["fcm", "mqtt"], "title", 200)).toBeNull();
    expect(tightestTextLimit(["xiaomi"], "body", 2000)).toEqual({ limit: 127, providers: ["xiaomi"] });
    // "Every channel" means every channel the app has a credential for, when that is known.
    expect(tightestTextLimit([], "title", 200, ["fcm", "xiaomi"])).toEqual({ limit: 49, providers: ["xiaomi"] });
    expect(tightestTextLimit([], "title", 200, [])).toBeNull();
    expect(tightestTextLimit(["vivo"], "title", 200, [])).toEqual({ limit: 40, providers: ["vivo"] });
    const long = { en: { title: "T".repeat(53), body: "b" } };
    expect(submitBlockers({ ...campaignOf(long), configured: ["apns"] })).toEqual([]);
    expect(submitBlockers({ ...campaignOf(long), configured: ["oppo"] }).map((r) => r.provider)).toEqual(["oppo"]);
  });
});
