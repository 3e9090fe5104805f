// The device simulator's pure parts: a seed gives the same population, channel filters, arguments
// with their environment fallbacks, the push read from an MQTT payload and from a fake FCM record,
// and the scheduler's order.
import { describe, expect, it } from "vitest";
import { pushFromBody } from "@/scripts/simulator/fcm-reader";
import { pushFromPayload } from "@/scripts/simulator/mqtt-pool";
import { parseCli } from "@/scripts/simulator/options";
import { buildPopulation, simulatedTag } from "@/scripts/simulator/population";
import { prng, seededUuid } from "@/scripts/simulator/random";
import { Scheduler } from "@/scripts/simulator/scheduler";

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
      // Tokenless channels send no token; push services always do.
      expect(Boolean(device.registration.token)).toBe(!["mqtt", "poll"].includes(device.registration.channel));
    }
    // A realistic mix: several channels, some devices dormant for 30+ days.
    expect(new Set(a.map((d) => d.registration.channel)).size).toBeGreaterThan(4);
    expect(a.filter((d) => now - d.lastUsedAt > 30 * 86_400_000).length).toBeGreaterThan(20);
    expect(buildPopulation(5, 43, undefined, now).map((d) => d.installationId)).not.toEqual(
      a.slice(0, 5).map((d) => d.installationId),
    );
  });

  it("keeps only the channels asked for", () => {
    const devices = buildPopulation(300, 7, ["mqtt", "poll"]);
    expect(new Set(devices.map((d) => d.registration.channel))).toEqual(new Set(["mqtt", "poll"]));
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

  it("reads Herald's tracking ids and the TTL from a request the fake FCM kept", () => {
    const at = Date.parse("2026-11-25T08:00:00Z");
    const body = {
      message: { token: "tok-1", data: { herald_c: "camp-1", herald_d: "901" }, android: { ttl: "3600s" } },
    };
    expect(pushFromBody({ at, project: "herald-simulator", token: "tok-1", body })).toEqual({
      token: "tok-1",
      push: {
        messageId: "901",
        campaignId: "camp-1",
        sentAt: "2026-11-25T08:00:00.000Z",
        expiresAt: "2026-11-25T09:00:00.000Z",
      },
    });
    expect(
      pushFromBody({ at, project: "p", token: "tok-1", body: { message: { token: "tok-1", data: {} } } }),
    ).toBeNull();
    expect(pushFromBody({ at, project: "p", token: null, body: null })).toBeNull();
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
