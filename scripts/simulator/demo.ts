// The Quick start's built-in simulation: `npm start` on the embedded database (or HERALD_SIMULATOR=true)
// runs a few hundred simulated devices of the demo app in the background, so a new user sends a
// campaign to the "Simulated devices" segment and watches receipts and opens arrive. Pushes go
// through loopback fakes of FCM, APNs, Huawei, Honor, Xiaomi, OPPO, vivo and JPush in this process: the
// demo app gets the simulator's credential of each (only where it has none of its own), FCM traffic
// of the simulator's project is routed to its fake, and this process's worker sends to APNs and the vendor
// fakes through HERALD_<ID>_ENDPOINT and HERALD_<ID>_CA_FILE (set here, only when not set already).
// The vendor fakes run in receipt mode: with HERALD_PUBLIC_URL (set here to this server's local URL
// while they run, when unset) the worker asks Xiaomi, OPPO, vivo and JPush for receipts with each push,
// and the Huawei and Honor fakes get the app's receipt URL (and Huawei's user and key) as their consoles
// would, so delivery receipts of vendor pushes come back through each vendor's callback; the devices
// report their opens through the events API, and `received` only where the vendor sends no receipt.
import pg from "pg";
import { ensureSimulatorCredential } from "./fcm-credential";
import { checkApp } from "./database";
import { enterConsoleReceiptUrls, startSimulatorFakes, type SimulatorFakes } from "./fakes";
import { readSimulatorKey, saveSimulatorKey } from "./key-store";
import { printSummaries } from "./live-summary";
import { runSimulation, type SimulationHandle } from "./run";
import { simulatedTag } from "./population";
import { formatChannels } from "./stats";
import { ensureSimulatorVendorCredentials } from "./vendor-credentials";
import { ensureSimulatorApnsCredential } from "./apns-credential";
import { ensureSimulatorSmsCredential, startSimulatorSms, type SimulatorSms } from "./sms";

export interface DemoSimulatorInput {
  databaseUrl: string;
  embedded: boolean;
  port: number;
  // The demo app when this start created it (its key is printed once and kept for the simulator).
  seededApp: { id: string; apiKey: string | null } | null;
  // The worker runs in this process (its embedded MQTT broker and its providers are here).
  workerInProcess: boolean;
  log: (line: string) => void;
}

const number = (value: string | undefined, fallback: number) =>
  value && Number.isFinite(Number(value)) ? Number(value) : fallback;

// The running demo simulation: its devices and figures, the fakes it runs (null with workers elsewhere).
export interface DemoSimulator {
  simulation: SimulationHandle;
  fakes: SimulatorFakes | null;
  stop(): Promise<void>;
}

// Starts the background simulation when enabled; null when off or not possible (the log says why).
export async function startDemoSimulator(input: DemoSimulatorInput): Promise<DemoSimulator | null> {
  const { log } = input;
  const enabled = process.env.HERALD_SIMULATOR ? process.env.HERALD_SIMULATOR === "true" : input.embedded;
  if (input.seededApp?.apiKey) await saveSimulatorKey(input.seededApp.id, input.seededApp.apiKey);
  if (!enabled) return null;
  const explicitKey = process.env.HERALD_SIMULATOR_KEY;
  const kept = explicitKey ? null : await readSimulatorKey(process.env.HERALD_SIMULATOR_APP);
  const appId = process.env.HERALD_SIMULATOR_APP ?? kept?.appId;
  const apiKey = explicitKey ?? kept?.apiKey;
  if (!appId || !apiKey) {
    log(
      "device simulator off: no API key kept for the demo app (it predates the simulator); " +
        "set HERALD_SIMULATOR_APP and HERALD_SIMULATOR_KEY",
    );
    return null;
  }
  const pool = new pg.Pool({ connectionString: input.databaseUrl, max: 3 });
  let fakes: SimulatorFakes | null = null;
  let sms: SimulatorSms | null = null;
  const envSet: string[] = [];
  const { setSimulatorFcmEndpoint } = await import("../../server/dispatch/providers/fcm/simulator-endpoint");
  // Undoes what this start set up: the fakes, their endpoints, the pool.
  const release = async () => {
    if (fakes?.fcm) setSimulatorFcmEndpoint(null);
    for (const name of envSet.splice(0)) delete process.env[name];
    await fakes?.close();
    await sms?.close();
    await pool.end();
  };
  try {
    const app = await checkApp(pool, appId, apiKey);
    if (input.workerInProcess) {
      const fcm = (await ensureSimulatorCredential(pool, app.id)) === "simulator";
      // A vendor whose endpoint is set already goes where it says, not to a fake of ours.
      const vendors = (await ensureSimulatorVendorCredentials(pool, app.id)).filter(
        (channel) => !process.env[`HERALD_${channel.toUpperCase()}_ENDPOINT`],
      );
      // iOS devices on APNs: the fake, when the app's credential is the simulator's and no endpoint is set.
      const apns = (await ensureSimulatorApnsCredential(pool, app.id)) && !process.env.HERALD_APNS_ENDPOINT;
      fakes = await startSimulatorFakes({
        fcm: fcm ? { port: number(process.env.HERALD_SIMULATOR_FCM_PORT, 0), fallback: true } : null,
        vendors,
        apns,
        receipts: true,
        // Web devices subscribe at a fake push service (unless the worker trusts another one's CA).
        webpush: !process.env.HERALD_WEBPUSH_CA_FILE,
      });
      if (fakes.fcm) setSimulatorFcmEndpoint({ url: fakes.fcm.url, ca: fakes.fcm.ca });
      const env = fakes.workerEnv();
      // SMS signals go to the Twilio fake when the app's SMS credential is the simulator's (an endpoint
      // set already is kept).
      if ((await ensureSimulatorSmsCredential(pool, app.id)) && !process.env.HERALD_TWILIO_ENDPOINT) {
        sms = await startSimulatorSms();
        Object.assign(env, sms.workerEnv());
      }
      // The vendor and SMS fakes call this server back (a HERALD_PUBLIC_URL set already is kept).
      if ((vendors.length || sms) && !process.env.HERALD_PUBLIC_URL)
        env.HERALD_PUBLIC_URL = `http://127.0.0.1:${input.port}`;
      for (const [name, value] of Object.entries(env)) {
        process.env[name] = value;
        envSet.push(name);
      }
      const publicUrl = process.env.HERALD_PUBLIC_URL;
      const receipts = await enterConsoleReceiptUrls(fakes, app.id, publicUrl);
      if (sms) {
        const { smsWebhookSetup } = await import("../../server/sms/webhook-urls");
        sms.configureWebhooks(smsWebhookSetup(app.id, { HERALD_PUBLIC_URL: publicUrl }));
        log(`SMS fakes for the simulator on 127.0.0.1: Twilio ${sms.twilio.url}, Alibaba Cloud SMS ${sms.aliyun.url}`);
      }
      const note = receipts ? `to ${publicUrl}` : "off (HERALD_PUBLIC_URL is no http(s) URL)";
      if (fakes.channels.length)
        log(
          `push service fakes for the simulator on 127.0.0.1: ${fakes.channels.join(", ")}` +
            (vendors.length ? `; vendor receipts ${note}` : ""),
        );
    }
    await pool.query(
      `insert into "Segment" (id, "appId", name, description, expression, "updatedAt")
       values (gen_random_uuid(), $1, 'Simulated devices',
               'The Quick start''s simulated devices (npm start runs them in the background).', $2, now())
       on conflict ("appId", name) do nothing`,
      [app.id, `tag:${simulatedTag}`],
    );
    const mqtt = app.mqtt?.brokerUrl
      ? { brokerUrl: app.mqtt.brokerUrl, topicPrefix: app.mqtt.topicPrefix ?? "herald" }
      : await defaultBroker(input.workerInProcess);
    const devices = number(process.env.HERALD_SIMULATOR_DEVICES, 200);
    const handle = runSimulation({
      url: `http://127.0.0.1:${input.port}`,
      apiKey,
      appId: app.id,
      devices,
      openRate: number(process.env.HERALD_SIMULATOR_OPEN_RATE, 0.25),
      speed: number(process.env.HERALD_SIMULATOR_SPEED, 1),
      // A quarter of the phones with a number ignore pushes, so a breaking-news send shows the SMS fallback.
      mutedShare: number(process.env.HERALD_SIMULATOR_MUTED, 0.25),
      mqtt,
      fakes,
      sms,
      database: pool,
      concurrency: 4,
    });
    const stopPrinting = printSummaries(handle.stats, 60_000, (lines) =>
      log(`simulator: ${lines.slice(1, 4).join(" | ")}`),
    );
    void handle.ready.then(() => {
      const { registered, adopted, unreachable, byChannel } = handle.stats.devices;
      log(
        `device simulator: ${registered + adopted} devices of "${app.name}" online ` +
          `(push channels ${formatChannels(byChannel)}; each also on MQTT or the inbox` +
          `${unreachable ? `; ${unreachable} cannot receive here` : ""}); ` +
          `send a campaign to the segment "Simulated devices" and watch receipts and opens arrive`,
      );
    });
    return {
      simulation: handle,
      fakes,
      async stop() {
        stopPrinting();
        await handle.stop();
        await release();
      },
    };
  } catch (error) {
    await release().catch(() => undefined);
    log(`device simulator off: ${(error as Error).message}`);
    return null;
  }
}

// The default broker as devices reach it: the in-process embedded one, or HERALD_MQTT_URL / port 1883.
async function defaultBroker(workerInProcess: boolean) {
  const { defaultTopicPrefix, ensureDefaultBroker } = await import("../../server/mqtt/embedded-broker");
  // Only the URL: devices do not get Herald's own broker login.
  const brokerUrl = workerInProcess
    ? (await ensureDefaultBroker()).brokerUrl
    : (process.env.HERALD_MQTT_URL ?? `mqtt://127.0.0.1:${process.env.HERALD_MQTT_PORT ?? 1883}`);
  return { brokerUrl, topicPrefix: defaultTopicPrefix() };
}
