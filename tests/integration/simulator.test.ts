// The device simulator end to end, everything real: Herald's HTTP server for /api/v1, the dispatcher
// with the real FCM (firebase-admin against the simulator's fake FCM, reached through the reserved
// herald-simulator project), the real Huawei, Honor, Xiaomi, OPPO, vivo and JPush clients against
// their loopback fakes (HERALD_<ID>_ENDPOINT), web-push against the fake push service (browsers
// subscribe there with the app's VAPID key), MQTT (Mosquitto) and inbox channels, PostgreSQL.
// Simulated devices register with their makers' addresses plus MQTT or the inbox, a campaign with a
// holdout goes out, and receipts, opens and clicks land on the Delivery rows, matching what the
// simulator says it did; every device is sent to once, on the channel the default routing policy
// picks. Then the Quick start's own path: the demo simulator gives the app the simulator's
// credentials and fakes, and a send to the segment "Simulated devices" reaches every simulated device;
// the vendor fakes run in receipt mode, so vendor pushes become delivered through each vendor's receipt
// callback (the devices post no `received` event for them) while opens come through the events API.
import { randomUUID } from "node:crypto";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import pino from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { StaffUser } from "@/server/auth/session";
import { defaultRoutingPolicy, routeCandidates } from "@/lib/routing/policy";
import type { DeviceChannel } from "@/lib/channels/devices";
import { startDispatcher, type DispatcherHandle } from "@/server/dispatch/dispatcher";
import { closeDefaultChannels, registerDefaultChannels } from "@/server/dispatch/channels";
import { setSimulatorFcmEndpoint } from "@/server/dispatch/providers/fcm/simulator-endpoint";
import { channelEntry, clearChannels } from "@/server/dispatch/channel-registry";
import { serveApiRequest } from "@/server/device-api/http-adapter";
import { sqlPool } from "@/server/sql";
import { ensureSimulatorCredential } from "@/scripts/simulator/fcm-credential";
import { startDemoSimulator } from "@/scripts/simulator/demo";
import { startSimulatorFakes, type SimulatorFakes } from "@/scripts/simulator/fakes";
import { runSimulation, type SimulationHandle } from "@/scripts/simulator/run";
import { ensureSimulatorVendorCredentials, vendorChannels } from "@/scripts/simulator/vendor-credentials";
import { ensureSimulatorApnsCredential } from "@/scripts/simulator/apns-credential";
import { campaignInput, sendCampaign, waitForState } from "../support/dispatch";
import { eventually } from "../support/delivery-fixtures";
import { createApp, createUser } from "../support/fixtures";

const brokerUrl = "mqtt://127.0.0.1:1883";
// A prefix of its own, so other tests on the shared Mosquitto never see these topics.
const topicPrefix = `herald-sim-${randomUUID().slice(0, 8)}`;
const devices = 300;
const openRate = 0.25;

let server: Server;
let url = "";
let fakes: SimulatorFakes | null = null;
let dispatcher: DispatcherHandle;
let editor: StaffUser;
let appId = "";
let apiKey = "";
let simulation: SimulationHandle | null = null;
// Environment variables this file sets, with their values before.
const savedEnv = new Map<string, string | undefined>();
function setEnv(values: Record<string, string>) {
  for (const [name, value] of Object.entries(values)) {
    if (!savedEnv.has(name)) savedEnv.set(name, process.env[name]);
    process.env[name] = value;
  }
}
function restoreEnv(names: Iterable<string> = [...savedEnv.keys()]) {
  for (const name of [...names]) {
    const value = savedEnv.get(name);
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
    savedEnv.delete(name);
  }
}

beforeAll(async () => {
  setEnv({ HERALD_MQTT_URL: brokerUrl, HERALD_MQTT_TOPIC_PREFIX: topicPrefix });
  clearChannels();
  await registerDefaultChannels();
  server = createServer((req, res) => void serveApiRequest(req, res));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  // A short lease: a batch whose recording transaction deadlocks with receipts recorded at the same
  // time is taken over when its lease runs out (30 s by default), and receipts race the dispatcher here.
  dispatcher = await startDispatcher(pino({ level: process.env.TEST_LOG ?? "silent" }), {
    pollMs: 100,
    firstChunk: 100,
    chunk: 500,
    leaseMs: 3000,
  });
  editor = await createUser("editor");
});

afterAll(async () => {
  await simulation?.stop();
  await dispatcher?.stop(2000);
  await closeDefaultChannels();
  clearChannels();
  setSimulatorFcmEndpoint(undefined);
  await fakes?.close();
  await new Promise((resolve) => server?.close(resolve));
  restoreEnv();
});

// Each simulated device of the app with its deliveries of the campaign: exactly one each, none
// suppressed but the holdout, every sent one on the first channel the default routing policy allows
// for its platform, maker and active addresses among those the app can send on. Answers sent per channel.
async function expectRoutedOnce(campaignId: string, app: string) {
  const credentials = await sqlPool().query<{ channel: string }>(
    `select channel::text from "ProviderCredential" where "appId" = $1`,
    [app],
  );
  const credentialed = new Set(credentials.rows.map((row) => row.channel));
  const usable = (channel: DeviceChannel) => {
    const entry = channelEntry(channel);
    return entry !== undefined && (!entry.requiresCredential || credentialed.has(channel));
  };
  const { rows } = await sqlPool().query<{
    platform: string;
    maker: string | null;
    channelMask: number;
    deliveries: { channel: string; status: string; reason: string | null }[];
  }>(
    `select d.platform::text, d.maker::text, d."channelMask",
            coalesce(json_agg(json_build_object('channel', l.channel, 'status', l.status, 'reason', l.reason))
                       filter (where l.id is not null), '[]') as deliveries
       from "Device" d left join "Delivery" l on l."deviceId" = d.id and l."campaignId" = $1
      where d."appId" = $2 and 'simulated' = any(d.tags) group by d.id`,
    [campaignId, app],
  );
  const sent: Record<string, number> = {};
  for (const device of rows) {
    expect(device.deliveries).toHaveLength(1);
    const [delivery] = device.deliveries;
    if (delivery!.reason === "holdout") continue;
    expect(delivery!.reason).toBeNull();
    const route = routeCandidates(defaultRoutingPolicy, device.platform, device.maker, device.channelMask, usable);
    expect(delivery!.channel).toBe(route[0]);
    expect(["sent", "delivered"]).toContain(delivery!.status);
    sent[delivery!.channel] = (sent[delivery!.channel] ?? 0) + 1;
  }
  return { devices: rows.length, sent };
}

async function deliveryFigures(campaignId: string) {
  const { rows } = await sqlPool().query<{
    channel: string;
    sent: number;
    received: number;
    opened: number;
    clicked: number;
    dismissed: number;
    holdout: number;
    dormant: number;
    app_opened: number;
  }>(
    `select channel::text,
            count(*) filter (where status in ('sent', 'delivered'))::int as sent,
            count(*) filter (where "deliveredAt" is not null)::int as received,
            count(*) filter (where "openedAt" is not null)::int as opened,
            count(*) filter (where "clickedAt" is not null)::int as clicked,
            count(*) filter (where "dismissedAt" is not null)::int as dismissed,
            count(*) filter (where reason = 'holdout')::int as holdout,
            count(*) filter (where "deviceLastActiveAt" < now() - interval '30 days')::int as dormant,
            count(*) filter (where "appOpenedAt" is not null)::int as app_opened
       from "Delivery" where "campaignId" = $1 group by 1`,
    [campaignId],
  );
  const total = { sent: 0, received: 0, opened: 0, clicked: 0, dismissed: 0, holdout: 0, dormant: 0, app_opened: 0 };
  for (const row of rows) for (const key of Object.keys(total) as (keyof typeof total)[]) total[key] += row[key];
  return { total, byChannel: Object.fromEntries(rows.map((r) => [r.channel, r])) };
}

describe("device simulator", () => {
  it("registers devices through the API; a campaign's receipts and opens arrive on the Delivery rows", async () => {
    const started = Date.now();
    const created = await createApp();
    appId = created.app.id;
    apiKey = created.apiKey;
    expect(await ensureSimulatorCredential(sqlPool(), appId)).toBe("simulator");
    expect(await ensureSimulatorVendorCredentials(sqlPool(), appId)).toEqual([...vendorChannels]);
    expect(await ensureSimulatorApnsCredential(sqlPool(), appId)).toBe(true);
    fakes = await startSimulatorFakes({
      fcm: { port: 0, fallback: false },
      vendors: vendorChannels,
      apns: true,
      webpush: true,
    });
    setSimulatorFcmEndpoint({ url: fakes.fcm!.url, ca: fakes.fcm!.ca });
    setEnv(fakes.workerEnv());
    simulation = runSimulation({
      url,
      apiKey,
      appId,
      devices,
      openRate,
      clickRate: 0.4,
      // A simulated minute in 10 ms: opens (median 2 minutes) arrive within a fraction of a second.
      speed: 6000,
      mqtt: { brokerUrl, topicPrefix },
      devicesPerConnection: 50,
      fakes,
      database: sqlPool(),
      activity: false,
    });
    await simulation.ready;
    const stats = simulation.stats;
    expect(stats.devices).toMatchObject({ registered: devices, failed: 0, unreachable: 0 });
    // New devices carry their simulated history: some have not opened the app for 30+ days.
    expect(stats.devices.backdated).toBe(devices);
    const { rows } = await sqlPool().query<{ n: number; dormant: number }>(
      `select count(*)::int as n, count(*) filter (where "lastActiveAt" < now() - interval '30 days')::int as dormant
         from "Device" where "appId" = $1 and 'simulated' = any(tags)`,
      [appId],
    );
    expect(rows[0]!.n).toBe(devices);
    expect(rows[0]!.dormant).toBeGreaterThan(devices * 0.15);

    const campaignId = await sendCampaign(editor, campaignInput(appId, { holdoutPercent: 10 }));
    await waitForState(campaignId, "completed", 30_000).catch(async (error) => {
      const { rows } = await sqlPool().query(
        `select channel::text, status::text, "errorCode", attempts, count(*)::int from "Delivery"
           where "campaignId" = $1 group by 1,2,3,4`,
        [campaignId],
      );
      const batches = await sqlPool().query(
        `select channel::text, state::text, attempts, "lastError", "notBefore" from "DispatchBatch"
           where "campaignId" = $1`,
        [campaignId],
      );
      console.log(JSON.stringify({ rows, batches: batches.rows, warnings: simulation?.stats.warnings }, null, 1));
      throw error;
    });
    // Every sent message is received (MQTT receipts, inbox fetches, received events for FCM)...
    await eventually(async () => {
      const { total } = await deliveryFigures(campaignId);
      return total.sent > 0 && total.received === total.sent;
    }, 20_000);
    // ...and every reaction the simulated users decided on is taken and its events answered (their
    // effects on the rows are written by the statement that accepts them), before the simulator stops.
    const running = simulation;
    await eventually(() => running.scheduled === 0 && stats.events.pending === 0 && stats.behaviour.opened > 0, 20_000);
    const final = await simulation.stop();
    simulation = null;
    const { total, byChannel } = await deliveryFigures(campaignId);

    expect(total.holdout).toBeGreaterThan(0);
    expect(total.sent + total.holdout).toBe(devices);
    expect(total.received).toBe(total.sent);
    // Every device was sent to once, on its maker's channel (or the next the policy allows), and the
    // simulator saw each sent message once, on that channel.
    const routed = await expectRoutedOnce(campaignId, appId);
    expect(routed.devices).toBe(devices);
    for (const channel of [...vendorChannels, "fcm", "apns", "webpush", "mqtt", "poll"])
      expect(routed.sent[channel], channel).toBeGreaterThan(0);
    for (const channel of Object.keys(byChannel)) {
      expect(final.pushes[channel] ?? 0).toBe(byChannel[channel]!.sent);
      expect(routed.sent[channel] ?? 0).toBe(byChannel[channel]!.sent);
    }
    expect(final.mqttReceipts).toBe(byChannel.mqtt?.sent ?? 0);
    // Every event was accepted, none refused or left unsent.
    expect(final.events).toMatchObject({ refused: 0, pending: 0 });
    expect(final.events.accepted).toBe(final.events.posted);
    // Opens, clicks and dismissals on the rows are exactly the simulator's...
    expect({ opened: total.opened, clicked: total.clicked, dismissed: total.dismissed }).toEqual({
      opened: final.behaviour.opened,
      clicked: final.behaviour.clicked,
      dismissed: final.behaviour.dismissed,
    });
    // ...and exactly the raw events on every channel. An event racing its delivery's receipt (an MQTT
    // receipt recorded while the open is) keeps its effect (record-events-sql.ts, events-race.test.ts).
    const raw = await sqlPool().query<{ channel: string; opened: number; clicked: number; dismissed: number }>(
      `select d.channel::text, count(distinct e."deliveryId") filter (where e.type = 'opened')::int as opened,
              count(distinct e."deliveryId") filter (where e.type = 'clicked')::int as clicked,
              count(distinct e."deliveryId") filter (where e.type = 'dismissed')::int as dismissed
         from "DeviceEvent" e join "Delivery" d on d.id = e."deliveryId" where d."campaignId" = $1 group by 1`,
      [campaignId],
    );
    for (const row of raw.rows) {
      const rows = byChannel[row.channel]!;
      expect({ opened: rows.opened, clicked: rows.clicked, dismissed: rows.dismissed }, row.channel).toEqual({
        opened: row.opened,
        clicked: row.clicked,
        dismissed: row.dismissed,
      });
    }

    // About the open rate asked for (270 draws of 25%: 5 standard deviations either side).
    expect(total.opened / total.sent).toBeGreaterThan(openRate - 0.13);
    expect(total.opened / total.sent).toBeLessThan(openRate + 0.13);
    // Openers opened the app: re-activation is measurable, and dormant devices were among the targeted.
    expect(total.app_opened).toBeGreaterThanOrEqual(total.opened);
    expect(total.dormant).toBeGreaterThan(0);
    const events = await sqlPool().query<{ type: string; n: number }>(
      `select type::text, count(*)::int as n from "DeviceEvent" where "appId" = $1 group by 1`,
      [appId],
    );
    const byType = Object.fromEntries(events.rows.map((r) => [r.type, r.n]));
    // The raw events are all there, exactly.
    expect(byType).toMatchObject({
      opened: final.behaviour.opened,
      clicked: final.behaviour.clicked,
      dismissed: final.behaviour.dismissed,
      app_open: final.behaviour.appOpens,
      // Every channel but MQTT (whose receipts come over MQTT) reports a received event.
      received: total.sent - (byChannel.mqtt?.sent ?? 0),
    });
    const perChannel = Object.entries(byChannel)
      .map(([channel, row]) => `${channel} ${row.sent}`)
      .join(", ");
    console.log(
      `simulator test: ${devices} devices, ${total.sent} sent (${perChannel}), ${total.received} received, ` +
        `${total.opened}/${final.behaviour.opened} opened, ${total.clicked}/${final.behaviour.clicked} clicked, ` +
        `${total.dismissed}/${final.behaviour.dismissed} dismissed on the rows/simulated, ` +
        `in ${Date.now() - started} ms`,
    );
  });

  it("a second run adopts the devices of the first instead of registering them again", async () => {
    const second = runSimulation({
      url,
      apiKey,
      appId,
      devices,
      openRate,
      mqtt: null,
      fakes: null,
      database: sqlPool(),
      activity: false,
    });
    await second.ready;
    const stats = await second.stop();
    expect(stats.devices).toMatchObject({ adopted: devices, registered: 0, failed: 0 });
  });

  it("Quick start: a send to 'Simulated devices' reaches each device on its maker's channel", async () => {
    // The first test's fakes stop; the demo starts its own and points this process's worker at them.
    if (fakes) {
      restoreEnv(Object.keys(fakes.workerEnv()));
      await fakes.close();
      fakes = null;
    }
    const demoDevices = 200;
    const created = await createApp();
    setEnv({
      HERALD_SIMULATOR: "true",
      HERALD_SIMULATOR_APP: created.app.id,
      HERALD_SIMULATOR_KEY: created.apiKey,
      HERALD_SIMULATOR_DEVICES: String(demoDevices),
      HERALD_SIMULATOR_SPEED: "6000",
      // Every phone confirms here, so the per-channel counts below are exact (muted phones: behaviour tests).
      HERALD_SIMULATOR_MUTED: "0",
    });
    const lines: string[] = [];
    const demo = await startDemoSimulator({
      databaseUrl: process.env.DATABASE_URL!,
      embedded: false,
      port: Number(new URL(url).port),
      seededApp: null,
      workerInProcess: true,
      log: (line) => lines.push(line),
    });
    expect(demo, lines.join("\n")).not.toBeNull();
    try {
      // The app got the simulator's credential of FCM and each vendor, and the worker their fakes.
      for (const channel of [...vendorChannels, "apns"])
        expect(process.env[`HERALD_${channel.toUpperCase()}_ENDPOINT`]).toMatch(/^https:\/\/127\.0\.0\.1:/);
      await eventually(() => lines.some((line) => line.startsWith("device simulator:")), 30_000);
      const online = lines.find((line) => line.startsWith("device simulator:"))!;
      expect(online).toContain(`${demoDevices} devices`);
      expect(online).not.toContain("cannot receive here");
      const segment = await sqlPool().query<{ id: string }>(
        `select id from "Segment" where "appId" = $1 and name = 'Simulated devices'`,
        [created.app.id],
      );
      const campaignId = await sendCampaign(
        editor,
        campaignInput(created.app.id, { type: "news", segmentId: segment.rows[0]!.id }),
      );
      await waitForState(campaignId, "completed", 30_000);
      const routed = await expectRoutedOnce(campaignId, created.app.id);
      expect(routed.devices).toBe(demoDevices);
      // Nothing suppressed: every device has a channel that can receive here.
      const sent = Object.values(routed.sent).reduce((sum, n) => sum + n, 0);
      expect(sent).toBe(demoDevices);
      for (const channel of [...vendorChannels, "apns"]) expect(routed.sent[channel], channel).toBeGreaterThan(0);
      // Receipts (vendor receipt callbacks, MQTT receipts, received events of FCM and the inbox) and opens arrive.
      await eventually(async () => {
        const { total } = await deliveryFigures(campaignId);
        return total.received === demoDevices && total.opened > 0;
      }, 30_000);
      // Each vendor's fake called Herald's receipt endpoint of that vendor back, and Herald took every call.
      const fakeOf = (channel: (typeof vendorChannels)[number]) => demo!.fakes!.vendors[channel]!;
      await Promise.all(vendorChannels.map((channel) => fakeOf(channel).receipts.settle()));
      for (const channel of vendorChannels) {
        const posted = fakeOf(channel).receipts.posted();
        expect(posted.length, channel).toBeGreaterThan(0);
        for (const post of posted) {
          expect(new URL(post.url).pathname).toMatch(new RegExp(`^/api/v1/receipts/${channel}/${created.app.id}/`));
          expect(post.status, `${channel}: ${post.answer}`).toBe(200);
        }
      }
      // Let the devices' events settle (opens come seconds after the push at this speed).
      await eventually(() => demo!.simulation.stats.events.pending === 0, 10_000);
      const { byChannel, total } = await deliveryFigures(campaignId);
      const stats = demo!.simulation.stats;
      const received = await sqlPool().query<{ channel: string; received: number; opened: number }>(
        `select d.channel::text, count(distinct e."deliveryId") filter (where e.type = 'received')::int as received,
                count(distinct e."deliveryId") filter (where e.type = 'opened')::int as opened
           from "DeviceEvent" e join "Delivery" d on d.id = e."deliveryId" where d."campaignId" = $1 group by 1`,
        [campaignId],
      );
      const events = Object.fromEntries(received.rows.map((row) => [row.channel, row]));
      let vendorOpens = 0;
      for (const channel of vendorChannels) {
        const row = byChannel[channel]!;
        // Every vendor push is delivered, each confirmed by the vendor and none by a `received` event.
        expect(row.received, channel).toBe(row.sent);
        expect(stats.vendorReceipts[channel], channel).toBe(row.sent);
        expect(events[channel]?.received ?? 0, channel).toBe(0);
        // Opens come through the events API, one per opened Delivery.
        expect(events[channel]?.opened ?? 0, channel).toBe(row.opened);
        vendorOpens += row.opened;
      }
      expect(vendorOpens).toBeGreaterThan(0);
      // FCM, Web Push and the inbox have no vendor receipt: their devices still report `received`.
      for (const channel of ["fcm", "webpush", "poll"])
        if (byChannel[channel]) expect(events[channel]?.received).toBeGreaterThan(0);
      // Browsers subscribed at the demo's fake push service and got their pushes there.
      expect(routed.sent.webpush).toBeGreaterThan(0);
      // No receipt counted twice: the campaign's deliveredCount is its delivered rows.
      const deliveredCount = async () =>
        (
          await sqlPool().query<{ n: number }>(`select "deliveredCount" as n from "Campaign" where id = $1`, [
            campaignId,
          ])
        ).rows[0]!.n;
      // (MQTT receipts are counted right after their rows commit: give the last ones a moment.)
      await eventually(async () => (await deliveredCount()) >= total.received, 5_000).catch(() => undefined);
      expect(await deliveredCount()).toBe(total.received);
      // SMS: the app got the simulator's Twilio credential, some simulated phones their numbers (stored
      // masked), and a signal through Herald's SMS sender to one of them makes that device fetch its inbox.
      expect(process.env.HERALD_TWILIO_ENDPOINT).toMatch(/^https:\/\/127\.0\.0\.1:/);
      const numbers = await sqlPool().query<{ masked: string; consent: boolean }>(
        `select masked, "consentAt" < now() as consent from "PhoneNumber" where "appId" = $1`,
        [created.app.id],
      );
      expect(numbers.rows.length).toBe(stats.sms.numbers);
      expect(numbers.rows.length).toBeGreaterThan(0);
      for (const row of numbers.rows)
        expect(row).toEqual({ masked: expect.stringMatching(/^\+\d+ \*+\d{4}$/), consent: true });
      const phone = demo!.simulation.devices.find((device) => device.phone && device.registered)!;
      const { smsSenderFor } = await import("@/server/sms/sender");
      const [signal] = await (await smsSenderFor(created.app.id))!.send([
        { id: 1n, to: phone.phone!, body: "Herald: news for you, open the app" },
      ]);
      expect(signal!.status).toBe("sent");
      await eventually(() => stats.sms.fetched >= 1, 10_000);
      expect(stats.sms.received).toBeGreaterThanOrEqual(1);
      console.log(
        `demo simulator test: ${demoDevices} devices, sent ${Object.entries(byChannel)
          .map(([channel, row]) => `${channel} ${row.sent} (${row.received} received, ${row.opened} opened)`)
          .join(", ")}, 0 suppressed; vendor receipts ${JSON.stringify(stats.vendorReceipts)}`,
      );
    } finally {
      await demo!.stop();
      restoreEnv([
        "HERALD_SIMULATOR",
        "HERALD_SIMULATOR_APP",
        "HERALD_SIMULATOR_KEY",
        "HERALD_SIMULATOR_DEVICES",
        "HERALD_SIMULATOR_SPEED",
      ]);
    }
    // Stopping the demo takes its fakes' endpoints and the public URL it set away again.
    for (const channel of vendorChannels)
      expect(process.env[`HERALD_${channel.toUpperCase()}_ENDPOINT`]).toBeUndefined();
    expect(process.env.HERALD_PUBLIC_URL).toBeUndefined();
  });
});
