// Several push addresses per device through the public API against a real PostgreSQL: registering a
// list, updating one address without dropping the others, the channel/token shorthand, brand and
// maker, removing one address, problem+json for bad input, and `channel:` in the targeting language
// meaning "has an active address on".
import { randomUUID } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { channelMaskOf } from "@/lib/channels/devices";
import { parseSegment } from "@/lib/segments/parse";
import { handleApiRequest } from "@/server/device-api/routes";
import { db } from "@/server/db";
import { countAudience } from "@/server/segments/count";
import { sqlPool } from "@/server/sql";
import { createApp } from "../support/fixtures";

const base = "http://localhost/api/v1/devices";
let key: string;
let appId: string;

beforeAll(async () => {
  const created = await createApp();
  key = created.apiKey;
  appId = created.app.id;
});

function call(method: string, path: string, body?: unknown) {
  return handleApiRequest(
    new Request(`${base}${path}`, {
      method,
      headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
      body: body === undefined ? undefined : typeof body === "string" ? body : JSON.stringify(body),
    }),
  );
}

const register = (body: Record<string, unknown>) => call("POST", "", { platform: "android", ...body });
const stored = (installationId: string) =>
  db.device.findFirstOrThrow({ where: { appId, installationId } }).then((d) => ({
    addresses: d.addresses,
    channelMask: d.channelMask,
    status: d.status,
    brand: d.brand,
    maker: d.maker,
  }));

describe("registering several addresses", () => {
  it("stores a list, updates one address only and keeps the others, in their order", async () => {
    const installationId = randomUUID();
    const first = await register({
      installationId,
      brand: "HUAWEI",
      addresses: [{ channel: "hms", token: "hms-1" }, { channel: "mqtt" }, { channel: "fcm", token: "fcm-1" }],
    });
    expect(first.status).toBe(201);
    expect(await stored(installationId)).toEqual({
      addresses: [
        { channel: "hms", token: "hms-1", status: "active" },
        { channel: "mqtt", token: null, status: "active" },
        { channel: "fcm", token: "fcm-1", status: "active" },
      ],
      channelMask: channelMaskOf(["hms", "mqtt", "fcm"]),
      status: "active",
      brand: "HUAWEI",
      maker: "huawei",
    });
    // The shorthand updates the hms token alone; the brand is kept when omitted.
    const second = await register({ installationId, channel: "hms", token: "hms-2" });
    expect(second.status).toBe(200);
    expect((await stored(installationId)).addresses).toEqual([
      { channel: "hms", token: "hms-2", status: "active" },
      { channel: "mqtt", token: null, status: "active" },
      { channel: "fcm", token: "fcm-1", status: "active" },
    ]);
    // Shorthand and list together: both apply; a new channel is appended.
    await register({ installationId, channel: "fcm", token: "fcm-2", addresses: [{ channel: "honor", token: "h-1" }] });
    const after = await stored(installationId);
    expect(after.addresses).toEqual([
      { channel: "hms", token: "hms-2", status: "active" },
      { channel: "mqtt", token: null, status: "active" },
      { channel: "fcm", token: "fcm-2", status: "active" },
      { channel: "honor", token: "h-1", status: "active" },
    ]);
    expect(after).toMatchObject({ channelMask: channelMaskOf(["hms", "mqtt", "fcm", "honor"]), brand: "HUAWEI" });
  });

  it("normalises the brand to a maker; an explicit maker wins", async () => {
    const cases: [string, string][] = [
      ["Redmi", "xiaomi"],
      ["OnePlus", "oppo"],
      ["realme", "oppo"],
      ["iQOO", "vivo"],
      ["HONOR", "honor"],
      ["samsung", "other"],
    ];
    for (const [brand, maker] of cases) {
      const installationId = randomUUID();
      await register({ installationId, brand, channel: "mqtt" });
      expect(await stored(installationId)).toMatchObject({ brand, maker });
    }
    const installationId = randomUUID();
    await register({ installationId, brand: "Unknown", maker: "vivo", channel: "mqtt" });
    expect(await stored(installationId)).toMatchObject({ brand: "Unknown", maker: "vivo" });
  });

  it("keeps a dead token's address invalid, revives it with a new token, and reads the addresses back", async () => {
    const installationId = randomUUID();
    await register({ installationId, addresses: [{ channel: "xiaomi", token: "mi-1" }] });
    // As dispatch leaves it after the vendor called the token dead.
    await db.device.updateMany({
      where: { appId, installationId },
      data: {
        status: "invalid",
        channelMask: 0,
        addresses: [
          { channel: "xiaomi", token: "mi-1", status: "invalid", error: "20301", errorAt: "2026-12-07T08:00:00.000Z" },
        ],
      },
    });
    expect(await (await register({ installationId, channel: "xiaomi", token: "mi-1" })).json()).toMatchObject({
      status: "invalid",
    });
    const read = await (await call("GET", `/${installationId}`)).json();
    expect(read.addresses).toEqual([
      { channel: "xiaomi", hasToken: true, status: "invalid", error: "20301", errorAt: "2026-12-07T08:00:00.000Z" },
    ]);
    // Another channel makes the device reachable again; the dead address stays dead.
    expect(await (await register({ installationId, channel: "mqtt" })).json()).toMatchObject({ status: "active" });
    expect((await stored(installationId)).channelMask).toBe(channelMaskOf(["mqtt"]));
    // A new token revives the address and clears its error.
    await register({ installationId, channel: "xiaomi", token: "mi-2" });
    expect(await stored(installationId)).toMatchObject({
      addresses: [
        { channel: "xiaomi", token: "mi-2", status: "active" },
        { channel: "mqtt", token: null, status: "active" },
      ],
      channelMask: channelMaskOf(["xiaomi", "mqtt"]),
      status: "active",
    });
  });

  it("removes one address with DELETE; the device is invalid once none is active", async () => {
    const installationId = randomUUID();
    await register({ installationId, addresses: [{ channel: "vivo", token: "v-1" }, { channel: "poll" }] });
    expect((await call("DELETE", `/${installationId}/addresses/vivo`)).status).toBe(204);
    expect((await call("DELETE", `/${installationId}/addresses/vivo`)).status).toBe(204);
    expect(await stored(installationId)).toMatchObject({
      addresses: [{ channel: "poll", token: null, status: "active" }],
      channelMask: channelMaskOf(["poll"]),
      status: "active",
    });
    expect((await call("DELETE", `/${installationId}/addresses/poll`)).status).toBe(204);
    expect(await stored(installationId)).toMatchObject({ addresses: [], channelMask: 0, status: "invalid" });
    const bad = await call("DELETE", `/${installationId}/addresses/pager`);
    expect(bad.status).toBe(400);
    expect(bad.headers.get("content-type")).toBe("application/problem+json");
    expect((await call("DELETE", `/${randomUUID()}/addresses/fcm`)).status).toBe(404);
  });
});

describe("bad address input", () => {
  const id = () => randomUUID();
  it.each([
    ["no address at all", { installationId: id() }, "addresses"],
    ["a token without its channel", { installationId: id(), token: "t", addresses: [{ channel: "mqtt" }] }, "channel"],
    ["an empty list", { installationId: id(), addresses: [] }, "addresses"],
    [
      "an unknown channel",
      { installationId: id(), addresses: [{ channel: "pager", token: "t" }] },
      "addresses.0.channel",
    ],
    ["a missing token", { installationId: id(), addresses: [{ channel: "oppo" }] }, "addresses.0.token"],
    [
      "a channel given twice",
      { installationId: id(), channel: "fcm", token: "a", addresses: [{ channel: "fcm", token: "b" }] },
      "addresses.0.channel",
    ],
    ["a control character in a token", { installationId: id(), channel: "fcm", token: "a\u0000b" }, "token"],
    [
      "an unknown field in an address",
      { installationId: id(), addresses: [{ channel: "mqtt", x: 1 }] },
      "addresses.0.x",
    ],
    ["a control character in the brand", { installationId: id(), channel: "mqtt", brand: "HUA\nWEI" }, "brand"],
    ["an unknown maker", { installationId: id(), channel: "mqtt", maker: "nokia" }, "maker"],
  ])("answers 422 problem+json for %s", async (_name, body, path) => {
    const response = await register(body);
    expect(response.status).toBe(422);
    expect(response.headers.get("content-type")).toBe("application/problem+json");
    const problem = await response.json();
    expect(problem.type).toBe("https://herald.dev/problems/invalid-body");
    expect(problem.errors.map((e: { path: string }) => e.path)).toContain(path);
  });

  it("answers 400 for malformed JSON", async () => {
    expect((await call("POST", "", '{"installationId": ')).status).toBe(400);
  });
});

describe("channel: in the targeting language", () => {
  it("counts a device under every channel it has an active address on, and never a dead address", async () => {
    const { app, apiKey } = await createApp();
    const post = (body: Record<string, unknown>) =>
      handleApiRequest(
        new Request(base, {
          method: "POST",
          headers: { authorization: `Bearer ${apiKey}`, "content-type": "application/json" },
          body: JSON.stringify({ platform: "android", ...body }),
        }),
      );
    const [a, b, c] = [randomUUID(), randomUUID(), randomUUID()];
    await post({ installationId: a, addresses: [{ channel: "hms", token: "h" }, { channel: "mqtt" }] });
    await post({ installationId: b, addresses: [{ channel: "oppo", token: "o" }, { channel: "mqtt" }] });
    await post({ installationId: c, addresses: [{ channel: "hms", token: "dead" }] });
    // c's only address is dead (as dispatch leaves it).
    await sqlPool().query(
      `update "Device" set status = 'invalid', "channelMask" = 0,
              addresses = jsonb_set(addresses, '{0,status}', '"invalid"') where "appId" = $1 and "installationId" = $2`,
      [app.id, c],
    );
    const count = (source: string, sendableOnly = true) =>
      countAudience(sqlPool(), source ? parseSegment(source) : { kind: "and", children: [] }, {
        appId: app.id,
        now: new Date(),
        sendableOnly,
      });
    expect((await count("channel:hms")).total).toBe(1);
    expect((await count("channel:hms", false)).total).toBe(1);
    expect((await count("channel:mqtt")).total).toBe(2);
    expect((await count("channel:hms and channel:mqtt")).total).toBe(1);
    expect((await count("not channel:hms", false)).total).toBe(2);
    const all = await count("");
    expect(all.total).toBe(2);
    expect(all.byChannel).toEqual({ hms: 1, oppo: 1, mqtt: 2 });
    expect(all.sample.find((d) => d.installationId === a)?.channels.sort()).toEqual(["hms", "mqtt"]);
  });
});
