// The phone makers' daily marketing caps at fan-out, and the reach the composer shows, against the real
// database and dispatcher: devices at a cap (from earlier Delivery rows of today's promotions) are
// moved to the app's own channel or suppressed as vendor_quota as the app's policy says; the
// composer's reach preview of a mixed audience (makers, masks, missing credentials, disallowed
// channels, invalid devices, vendor caps) equals what fan-out then does. Stand-in providers answer
// "sent" for every channel here; the real providers meet their vendors' fakes elsewhere.
import { randomUUID } from "node:crypto";
import pino from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DeviceChannel } from "@/lib/channels/devices";
import type { Reach } from "@/lib/routing/reach";
import { chinaDayStart } from "@/lib/routing/vendor-quotas";
import type { StaffUser } from "@/server/auth/session";
import { approveCampaign, previewAudience } from "@/server/campaigns/actions";
import { db } from "@/server/db";
import { clearChannels, registerChannel } from "@/server/dispatch/channel-registry";
import { startDispatcher, type DispatcherHandle } from "@/server/dispatch/dispatcher";
import { registerDevice } from "@/server/devices/register";
import type { Channel } from "@/server/generated/prisma/enums";
import { sqlPool } from "@/server/sql";
import { campaignInput, sendCampaign, sendingStandIn, waitForState } from "../support/dispatch";
import { createApp, createUser } from "../support/fixtures";

const quiet = pino({ level: process.env.TEST_LOG ?? "silent" });
const standIns: DeviceChannel[] = ["hms", "xiaomi", "vivo", "oppo", "fcm", "jpush", "mqtt", "poll"];
let marketer: StaffUser;
let editor: StaffUser;
let admin: StaffUser;
let dispatcher: DispatcherHandle | null = null;

beforeAll(async () => {
  [marketer, editor, admin] = await Promise.all([createUser("marketer"), createUser("editor"), createUser("admin")]);
  clearChannels();
  for (const channel of standIns) registerChannel(sendingStandIn(channel));
  dispatcher = await startDispatcher(quiet, { pollMs: 100, leaseMs: 2000, firstChunk: 200, chunk: 500 });
});

afterAll(async () => {
  await dispatcher?.stop(2000);
  clearChannels();
});

// An app with credentials for `channels` (the stand-ins never unseal them) and the given quota policy.
async function appWith(channels: Channel[], vendorQuotaPolicy: "fallback" | "suppress") {
  const { app } = await createApp();
  await db.app.update({ where: { id: app.id }, data: { vendorQuotaPolicy } });
  for (const channel of channels)
    await db.providerCredential.create({ data: { appId: app.id, channel, summary: {}, secretSealed: "unused" } });
  return app.id;
}

// Registers `count` devices of one kind; returns their ids.
async function devices(
  appId: string,
  count: number,
  kind: { platform?: "android" | "ios"; brand?: string; channels: DeviceChannel[]; tag?: string },
) {
  const ids: string[] = [];
  for (let i = 0; i < count; i++) {
    const device = await registerDevice(appId, {
      installationId: randomUUID(),
      platform: kind.platform ?? "android",
      ...(kind.brand ? { brand: kind.brand } : {}),
      tags: [kind.tag ?? "quota"],
      addresses: kind.channels.map((channel) => ({
        channel,
        token: channel === "mqtt" || channel === "poll" ? null : `${channel}-${randomUUID()}`,
      })),
    });
    ids.push(device.id);
  }
  return ids;
}

// Marketing pushes `channel` carried to `deviceId` earlier: `count` Delivery rows of an earlier
// promotion (or of another type), queued at `at` with `status`.
async function earlier(
  appId: string,
  deviceId: string,
  channel: Channel,
  count: number,
  options: { type?: "promotion" | "news"; at?: Date; status?: "sent" | "failed" | "delivered" | "queued" } = {},
) {
  for (let i = 0; i < count; i++) {
    const campaign = await db.campaign.create({
      data: {
        appId,
        type: options.type ?? "promotion",
        name: `Earlier ${randomUUID().slice(0, 8)}`,
        state: "completed",
        schedule: { kind: "now" },
        startedAt: options.at ?? new Date(),
      },
    });
    const wave = await db.campaignWave.create({
      data: {
        campaignId: campaign.id,
        index: 0,
        dueAt: options.at ?? new Date(),
        state: "done",
        startedAt: options.at ?? new Date(),
        fannedOutAt: options.at ?? new Date(),
      },
    });
    await db.delivery.create({
      data: {
        campaignId: campaign.id,
        waveId: wave.id,
        deviceId,
        channel,
        status: options.status ?? "sent",
        queuedAt: options.at ?? new Date(),
      },
    });
  }
}

// Sends a promotion to the devices tagged `tag` and waits until it is done; returns its deliveries by device.
async function promote(appId: string, tag: string, channels: Channel[] = []) {
  const base = campaignInput(appId, { type: "promotion", expression: `tag:${tag}` });
  const id = await sendCampaign(marketer, { ...base, delivery: { ...base.delivery, channels } });
  expect(await approveCampaign.runAs(admin, { campaignId: id })).toMatchObject({ ok: true });
  await waitForState(id, "completed");
  const rows = await db.delivery.findMany({
    where: { campaignId: id },
    select: { deviceId: true, channel: true, status: true, reason: true },
  });
  return new Map(rows.map((row) => [row.deviceId, row]));
}

// The composer's reach preview for the same audience, through its server action.
async function preview(appId: string, tag: string, channels: DeviceChannel[] = []): Promise<Reach> {
  const result = await previewAudience.runAs(marketer, {
    appId,
    expression: `tag:${tag}`,
    channels,
    type: "promotion",
  });
  if (!result.ok) throw new Error(JSON.stringify(result));
  return result.data.reach!;
}

describe("vendor quotas at fan-out", () => {
  it("moves a promotion at a maker's cap to the device's own channel (policy fallback)", async () => {
    const appId = await appWith(["hms", "xiaomi", "vivo"], "fallback");
    const [atCap] = await devices(appId, 1, { brand: "HUAWEI", channels: ["hms", "mqtt"] });
    const [under] = await devices(appId, 1, { brand: "HUAWEI", channels: ["hms", "mqtt"] });
    const [xiaomi] = await devices(appId, 1, { brand: "Redmi", channels: ["xiaomi", "poll"] });
    const [vivoOnly] = await devices(appId, 1, { brand: "iQOO", channels: ["vivo"] });
    await earlier(appId, atCap!, "hms", 2);
    await earlier(appId, xiaomi!, "xiaomi", 5, { status: "delivered" });
    await earlier(appId, vivoOnly!, "vivo", 2, { status: "queued" });
    // Under the cap: yesterday's (China time) promotions, news, failed pushes and other channels do not count.
    const yesterday = new Date(chinaDayStart(new Date()).getTime() - 3_600_000);
    await earlier(appId, under!, "hms", 1);
    await earlier(appId, under!, "hms", 3, { at: yesterday });
    await earlier(appId, under!, "hms", 2, { type: "news" });
    await earlier(appId, under!, "hms", 2, { status: "failed" });
    await earlier(appId, under!, "xiaomi", 6);
    const sent = await promote(appId, "quota");
    expect(sent.get(atCap!)).toMatchObject({ channel: "mqtt", status: "sent", reason: null });
    expect(sent.get(under!)).toMatchObject({ channel: "hms", status: "sent", reason: null });
    expect(sent.get(xiaomi!)).toMatchObject({ channel: "poll", status: "sent", reason: null });
    // No own channel to fall back to: suppressed.
    expect(sent.get(vivoOnly!)).toMatchObject({ channel: "vivo", status: "suppressed", reason: "vendor_quota" });
    // News is never capped: the device at the cap still gets it on its maker's channel.
    const news = await sendCampaign(editor, campaignInput(appId, { type: "news", expression: "tag:quota" }));
    await waitForState(news, "completed");
    expect(await db.delivery.findFirst({ where: { campaignId: news, deviceId: atCap! } })).toMatchObject({
      channel: "hms",
      status: "sent",
    });
  });

  it("suppresses a promotion at a maker's cap with vendor_quota (policy suppress)", async () => {
    const appId = await appWith(["hms", "xiaomi"], "suppress");
    const [atCap, under] = await devices(appId, 2, { brand: "HUAWEI", channels: ["hms", "mqtt"] });
    await earlier(appId, atCap!, "hms", 2);
    await earlier(appId, under!, "hms", 1);
    const sent = await promote(appId, "quota");
    expect(sent.get(atCap!)).toMatchObject({ channel: "hms", status: "suppressed", reason: "vendor_quota" });
    expect(sent.get(under!)).toMatchObject({ channel: "hms", status: "sent" });
    // The campaign's progress lists the reason.
    const { rows } = await sqlPool().query<{ reason: string; n: number }>(
      `select reason::text, count(*)::int as n from "Delivery" d join "Campaign" c on c.id = d."campaignId"
        where c."appId" = $1 and c.name like 'Dispatch %' and d.status = 'suppressed' group by 1`,
      [appId],
    );
    expect(rows).toEqual([{ reason: "vendor_quota", n: 1 }]);
  });
});

// What fan-out did, in the reach's terms: queued devices per channel, suppressed ones per reason.
function fanOutFigures(rows: Map<string, { channel: string; status: string; reason: string | null }>) {
  const byChannel: Record<string, number> = {};
  const suppressed: Record<string, number> = {};
  for (const row of rows.values()) {
    if (row.status === "suppressed") suppressed[row.reason!] = (suppressed[row.reason!] ?? 0) + 1;
    else byChannel[row.channel] = (byChannel[row.channel] ?? 0) + 1;
  }
  return { targeted: rows.size, byChannel, suppressed };
}

// The reach in fan-out's terms: no_address is fan-out's "invalid"; the routing reasons are its "no_channel".
function reachFigures(reach: Reach) {
  const suppressed: Record<string, number> = {};
  const add = (reason: string, n: number | undefined) => {
    if (n) suppressed[reason] = (suppressed[reason] ?? 0) + n;
  };
  add("invalid", reach.unreachableBy.no_address);
  add("no_channel", reach.unreachableBy.not_routed);
  add("no_channel", reach.unreachableBy.not_allowed);
  add("no_channel", reach.unreachableBy.no_credential);
  add("vendor_quota", reach.unreachableBy.vendor_quota);
  return { targeted: reach.audience, byChannel: reach.byChannel, suppressed };
}

describe("reach preview", () => {
  it("equals what fan-out does for a mixed audience, with and without disallowed channels", async () => {
    const appId = await appWith(["hms", "xiaomi", "vivo"], "fallback");
    const tag = "mixed";
    const huawei = await devices(appId, 4, { brand: "HUAWEI", channels: ["hms", "mqtt"], tag });
    const xiaomi = await devices(appId, 3, { brand: "Xiaomi", channels: ["xiaomi", "poll"], tag });
    const vivo = await devices(appId, 3, { brand: "vivo", channels: ["vivo"], tag });
    // OPPO without a credential: MQTT where the phone has it, else unreachable.
    await devices(appId, 2, { brand: "OnePlus", channels: ["oppo", "mqtt"], tag });
    await devices(appId, 1, { brand: "realme", channels: ["oppo"], tag });
    // No FCM, JPush or APNs credential / provider.
    await devices(appId, 1, { brand: "samsung", channels: ["fcm"], tag });
    await devices(appId, 1, { brand: "HUAWEI", channels: ["jpush"], tag });
    await devices(appId, 1, { platform: "ios", channels: ["apns"], tag });
    // Invalid (no active address left) and unsubscribed devices.
    const [dead] = await devices(appId, 1, { brand: "HUAWEI", channels: ["hms"], tag });
    const [gone] = await devices(appId, 1, { brand: "HUAWEI", channels: ["hms"], tag });
    await sqlPool().query(`update "Device" set status = 'invalid', "channelMask" = 0 where id = $1`, [dead]);
    await sqlPool().query(`update "Device" set status = 'unsubscribed' where id = $1`, [gone]);
    // At the makers' caps today.
    await earlier(appId, huawei[0]!, "hms", 2);
    await earlier(appId, huawei[1]!, "hms", 3);
    await earlier(appId, xiaomi[0]!, "xiaomi", 5);
    await earlier(appId, vivo[0]!, "vivo", 2);

    const reach = await preview(appId, tag);
    expect(reach).toMatchObject({
      audience: 17,
      reachable: 11,
      byChannel: { hms: 2, mqtt: 4, xiaomi: 2, poll: 1, vivo: 2 },
      unreachableBy: { no_address: 1, no_credential: 4, vendor_quota: 1 },
      vendorCaps: { moved: 3, dropped: 1 },
      warn: true,
    });
    expect(reachFigures(reach)).toEqual(fanOutFigures(await promote(appId, tag)));

    // Only the makers' channels and MQTT allowed: the Xiaomi phone at its cap cannot fall back to the inbox.
    // (The promotion above counts too: every reachable maker's device had one more today.)
    const allowed: Channel[] = ["hms", "xiaomi", "mqtt"];
    const limited = await preview(appId, tag, allowed);
    expect(limited.unreachableBy.not_allowed).toBeGreaterThan(0);
    expect(reachFigures(limited)).toEqual(fanOutFigures(await promote(appId, tag, allowed)));
  });

  it("warns only when more than a tenth of the audience is unreachable", async () => {
    const appId = await appWith(["hms"], "fallback");
    await devices(appId, 9, { brand: "HUAWEI", channels: ["hms"], tag: "ten" });
    await devices(appId, 1, { brand: "OPPO", channels: ["oppo"], tag: "ten" });
    const tenth = await preview(appId, "ten");
    expect(tenth).toMatchObject({ audience: 10, reachable: 9, unreachable: 1, warn: false });
    await devices(appId, 1, { brand: "OPPO", channels: ["oppo"], tag: "ten" });
    const more = await preview(appId, "ten");
    expect(more).toMatchObject({ audience: 11, reachable: 9, unreachable: 2, warn: true });
    expect(more.unreachableBy).toEqual({ no_credential: 2 });
  });
});
