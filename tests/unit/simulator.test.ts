// The device simulator's pure parts: a seed gives the same population (Chinese phones on their
// makers' channels, each with a fallback address), channel filters, arguments with their environment
// fallbacks, the push read from an MQTT payload and from what a push service fake accepted, which
// arrivals the vendor fakes confirm by a receipt (the devices then post no `received`), and the
// scheduler's order.
import { describe, expect, it } from "vitest";
import { makerOfBrand } from "@/lib/devices/makers";
import { pushFromArrival } from "@/scripts/simulator/fake-reader";
import { pushFromPayload } from "@/scripts/simulator/mqtt-pool";
import { parseCli } from "@/scripts/simulator/options";
import { buildPopulation, makerChannels, simulatedTag } from "@/scripts/simulator/population";
import { prng, seededUuid } from "@/scripts/simulator/random";
import { Scheduler } from "@/scripts/simulator/scheduler";
import { huaweiStyleDeliveryReceipt, huaweiStyleReceipts } from "@/tests/fakes/hms/receipts";
import { jpushAsksDeliveryReceipts, jpushReceipts } from "@/tests/fakes/jpush/receipts";
import { oppoDeliveryReceipt, oppoReceipts } from "@/tests/fakes/oppo/receipts";
import { defaultReceiptMode } from "@/tests/fakes/receipt-poster";
import { vivoDeliveryReceipt, vivoReceipts } from "@/tests/fakes/vivo/receipts";
import { xiaomiDeliveryReceipt, xiaomiReceipts } from "@/tests/fakes/xiaomi/receipts";

const app = "0b6f5a1e-4c0e-4a55-9a77-3e1f1b2c9d10";

describe("simulator population", () => {
  it("is the same for the same seed, tagged simulated, with version 4 installation ids", () => {
    const now = Date.parse("2026-11-25T12:00:00Z");
    const a = buildPopulation(200, 42, undefined, now);
    const b = buildPopulation(200, 42, undefined, now);
    expect(a.map((d) => d.registration)).toEqual(b.map((d) => d.registration));
    expect(new Set(a.map((d) => d.installationId)).size).toBe(200);
    for (const device of a) {
      expect(device.installationId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      expect(device.registration.tags).toContain(simulatedTag);
      expect(device.lastUsedAt).toBeLessThanOrEqual(now);
      const { addresses } = device.registration;
      expect(device.channel).toBe(addresses[0]!.channel);
      // Tokenless channels send no token; push services always do, but for Web Push, whose token is the
      // browser's subscription, made when the simulation starts (run.ts).
      for (const address of addresses)
        expect(Boolean(address.token)).toBe(!["mqtt", "poll", "webpush"].includes(address.channel));
      // Every device has an address of the app's own (MQTT or the inbox) besides or instead of a push service.
      expect(addresses.some((address) => address.channel === "mqtt" || address.channel === "poll")).toBe(true);
      // A Chinese Android phone is on its maker's channel, or JPush.
      const maker = makerOfBrand(device.registration.brand);
      if (
        device.registration.platform === "android" &&
        device.registration.locale === "zh-CN" &&
        device.channel !== "poll"
      )
        expect(device.channel).toBe(
          maker && maker !== "other" && device.channel !== "jpush" ? makerChannels[maker] : "jpush",
        );
    }
    // A realistic mix: every maker's channel, JPush, FCM, APNs, MQTT and the inbox; some devices dormant for 30+ days.
    const channels = new Set(a.map((d) => d.channel));
    for (const channel of ["hms", "honor", "xiaomi", "oppo", "vivo", "jpush", "fcm", "apns", "mqtt", "poll"])
      expect(channels).toContain(channel);
    // Tokens in each vendor's shape.
    const tokenOf = (channel: string) => a.find((d) => d.channel === channel)!.registration.addresses[0]!.token!;
    expect(tokenOf("xiaomi")).toMatch(/^[A-Za-z0-9+/]{64}$/);
    expect(tokenOf("oppo")).toMatch(/^OPPO_CN_[0-9a-f]{32}$/);
    expect(tokenOf("vivo")).toMatch(/^\d{23}$/);
    expect(tokenOf("jpush")).toMatch(/^[0-9a-f]{19}$/);
    expect(a.filter((d) => now - d.lastUsedAt > 30 * 86_400_000).length).toBeGreaterThan(20);
    expect(buildPopulation(5, 43, undefined, now).map((d) => d.installationId)).not.toEqual(
      a.slice(0, 5).map((d) => d.installationId),
    );
  });

  it("keeps only the channels asked for", () => {
    const devices = buildPopulation(300, 7, ["mqtt", "poll", "vivo"]);
    expect(new Set(devices.map((d) => d.channel))).toEqual(new Set(["mqtt", "poll", "vivo"]));
  });

  it("draws UUIDs deterministically", () => {
    expect(seededUuid(prng(1))).toBe(seededUuid(prng(1)));
    expect(seededUuid(prng(1))).not.toBe(seededUuid(prng(2)));
  });
});

describe("simulator arguments", () => {
  it("takes defaults and the environment's URL and key", () => {
    const options = parseCli(["--app", app], { HERALD_API_KEY: "hk_abcdefghij_secret", PORT: "4000" });
    expect(options).toMatchObject({
      app,
      url: "http://localhost:4000",
      key: "hk_abcdefghij_secret",
      devices: 1000,
      openRate: 0.25,
      speed: 1,
      mqttUrl: "mqtt://127.0.0.1:1883",
      fakeFcm: false,
      database: true,
    });
  });

  it("reads the flags and refuses bad values with the usage", () => {
    const options = parseCli(
      [
        "--app",
        app,
        "--devices",
        "10000",
        "--open-rate",
        "0.4",
        "--channels",
        "fcm,MQTT",
        "--no-mqtt",
        "--no-database",
        "--fake-fcm",
        "--fake-vendors",
      ],
      {},
    );
    expect(options).toMatchObject({
      devices: 10000,
      openRate: 0.4,
      channels: ["fcm", "mqtt"],
      mqttUrl: null,
      database: false,
      fakeFcm: true,
      fakeVendors: true,
      key: undefined,
    });
    expect(() => parseCli(["--app", app, "--open-rate", "1.5"], {})).toThrow(
      /--open-rate must be 0..1[\s\S]*npm run simulate/,
    );
    expect(() => parseCli(["--app", "nope"], {})).toThrow(/UUID/);
    expect(() => parseCli(["--app", app, "--channels", "carrier-pigeon"], {})).toThrow(/--channels takes/);
    expect(() => parseCli(["--app", app, "--bogus"], {})).toThrow(/Unknown option '--bogus'/);
  });
});

describe("pushes as devices see them", () => {
  it("reads an MQTT payload (numeric or text message id) and ignores anything else", () => {
    const payload = {
      v: 1,
      messageId: "18342",
      campaignId: "6f1c",
      sentAt: "2026-11-25T08:00:00.000Z",
      expiresAt: null,
      title: "t",
    };
    expect(pushFromPayload(Buffer.from(JSON.stringify(payload)))).toEqual({
      messageId: "18342",
      campaignId: "6f1c",
      sentAt: payload.sentAt,
      expiresAt: null,
    });
    expect(pushFromPayload(Buffer.from(JSON.stringify({ ...payload, messageId: 18342 })))?.messageId).toBe("18342");
    expect(pushFromPayload(Buffer.from("not json"))).toBeNull();
    expect(pushFromPayload(Buffer.from(JSON.stringify({ title: "no id" })))).toBeNull();
  });

  it("reads Herald's tracking ids and the TTL from what a push service fake accepted", () => {
    const at = Date.parse("2026-11-25T08:00:00Z");
    expect(
      pushFromArrival({ token: "tok-1", data: { herald_c: "camp-1", herald_d: "901" }, at, ttlSeconds: 3600 }),
    ).toEqual({
      messageId: "901",
      campaignId: "camp-1",
      sentAt: "2026-11-25T08:00:00.000Z",
      expiresAt: "2026-11-25T09:00:00.000Z",
    });
    // A batched vendor request carries the campaign alone.
    expect(pushFromArrival({ token: "tok-1", data: { herald_c: "camp-1", url: "https://x" }, at })).toEqual({
      messageId: null,
      campaignId: "camp-1",
      sentAt: "2026-11-25T08:00:00.000Z",
      expiresAt: null,
    });
    expect(pushFromArrival({ token: "tok-1", data: { url: "https://x" }, at })).toBeNull();
  });
});

describe("simulator scheduler", () => {
  it("runs actions in time order, ties in the order they were scheduled", async () => {
    const scheduler = new Scheduler(5);
    const ran: string[] = [];
    scheduler.after(40, () => ran.push("c"));
    scheduler.after(0, () => ran.push("a"));
    scheduler.after(20, () => ran.push("b1"));
    scheduler.after(20, () => ran.push("b2"));
    await new Promise((resolve) => setTimeout(resolve, 120));
    scheduler.stop();
    expect(ran).toEqual(["a", "b1", "b2", "c"]);
  });
});

describe("the vendor fakes' receipt flag on arrivals", () => {
  const on = { ...defaultReceiptMode(), enabled: true, url: "http://127.0.0.1:9/receipts" };
  const off = { ...on, enabled: false };
  const callback = "http://127.0.0.1:9/receipts/x";
  // The tokens each fake's receipts name.
  const named = (bodies: string[]) => bodies.join(" ");

  it("Huawei and Honor: with a console URL, for every token but dead ones", () => {
    const posts = huaweiStyleReceipts(on, {
      appId: "1",
      biTag: "c",
      tokens: ["tok-a", "gone-b"],
      requestId: "r",
      signed: false,
    });
    const statuses = posts.flatMap(
      (p) => (JSON.parse(p.body) as { statuses: { token: string; status: number }[] }).statuses,
    );
    expect(statuses.find((s) => s.token === "tok-a")?.status).toBe(0);
    expect(huaweiStyleDeliveryReceipt(on, "tok-a")).toBe(true);
    expect(huaweiStyleDeliveryReceipt(on, "gone-b")).toBe(false);
    expect(huaweiStyleDeliveryReceipt({ ...on, url: null }, "tok-a")).toBe(false);
    expect(huaweiStyleDeliveryReceipt(off, "tok-a")).toBe(false);
  });

  it("Xiaomi: when the push asked for type 1, not for dead regids", () => {
    const fields = { "extra.callback": callback, "extra.callback.type": "19", "extra.callback.param": "c" };
    const posts = xiaomiReceipts(on, { messageId: "m", fields, arrived: ["reg-a", "gone-b"], invalid: [] });
    const delivered = posts
      .map(
        (p) =>
          JSON.parse(new URLSearchParams(p.body).get("data")!) as Record<string, { type: number; targets: string }>,
      )
      .map((data) => data.m!)
      .find((entry) => entry.type === 1);
    expect(delivered?.targets).toBe("reg-a");
    expect(xiaomiDeliveryReceipt(on, fields, "reg-a")).toBe(true);
    expect(xiaomiDeliveryReceipt(on, fields, "gone-b")).toBe(false);
    expect(xiaomiDeliveryReceipt(on, { ...fields, "extra.callback.type": "16" }, "reg-a")).toBe(false);
    expect(xiaomiDeliveryReceipt(on, {}, "reg-a")).toBe(false);
    expect(xiaomiDeliveryReceipt(off, fields, "reg-a")).toBe(false);
  });

  it("OPPO and vivo: when the push named a callback URL, not for dead regids", () => {
    const notification = { call_back_url: callback, call_back_parameter: "c" };
    const oppo = oppoReceipts(on, "key", [
      { regId: "OPPO_CN_a", messageId: "m1", notification },
      { regId: "gone-b", messageId: "m2", notification },
    ]);
    expect(named(oppo.map((p) => p.body))).toContain("OPPO_CN_a");
    expect(named(oppo.map((p) => p.body))).not.toContain("gone-b");
    expect(oppoDeliveryReceipt(on, "OPPO_CN_a", notification)).toBe(true);
    expect(oppoDeliveryReceipt(on, "gone-b", notification)).toBe(false);
    expect(oppoDeliveryReceipt(on, "OPPO_CN_a", {})).toBe(false);
    expect(oppoDeliveryReceipt(off, "OPPO_CN_a", notification)).toBe(false);

    const content = { extra: { callback, "callback.param": "c" } };
    const vivo = vivoReceipts(on, { taskId: "t", regIds: ["1001", "gone-b"], content });
    expect(named(vivo.map((p) => p.body))).toContain("1001");
    expect(named(vivo.map((p) => p.body))).not.toContain("gone-b");
    expect(vivoDeliveryReceipt(on, "1001", content)).toBe(true);
    expect(vivoDeliveryReceipt(on, "gone-b", content)).toBe(false);
    expect(vivoDeliveryReceipt(on, "1001", {})).toBe(false);
    expect(vivoDeliveryReceipt(off, "1001", content)).toBe(false);
  });

  it("JPush: when the push's callback asked for type 1", () => {
    const body = { callback: { url: callback, params: { herald_c: "c" }, type: 3 } };
    const posts = jpushReceipts(on, { msgId: "1", body, delivered: ["1a2b"], appKey: "k", masterSecret: "s" });
    expect(JSON.parse(posts[0]!.body) as { registration_id: string; type: number }[]).toContainEqual(
      expect.objectContaining({ registration_id: "1a2b", type: 1 }),
    );
    expect(jpushAsksDeliveryReceipts(on, body)).toBe(true);
    expect(jpushAsksDeliveryReceipts(on, { callback: { ...body.callback, type: 2 } })).toBe(false);
    expect(jpushAsksDeliveryReceipts(on, {})).toBe(false);
    expect(jpushAsksDeliveryReceipts(off, body)).toBe(false);
  });
});
