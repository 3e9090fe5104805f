// The Quick start's built-in simulation: `npm start` on the embedded database (or HERALD_SIMULATOR=true)
// runs a few hundred simulated devices of the demo app in the background, so a new user sends a
// campaign to the "Simulated devices" segment and watches receipts and opens arrive. FCM devices
// are served by a fake FCM in this process: the demo app gets the simulator's FCM key (only when it
// has none), and only that key's traffic is routed to the fake.
import pg from "pg";
import { startSimulatorFcm } from "./fake-fcm";
import { ensureSimulatorCredential } from "./fcm-credential";
import { checkApp } from "./database";
import { readSimulatorKey, saveSimulatorKey } from "./key-store";
import { printSummaries } from "./live-summary";
import { runSimulation } from "./run";
import { simulatedTag } from "./population";

export interface DemoSimulatorInput {
  databaseUrl: string;
  embedded: boolean;
  port: number;
  // The demo app when this start created it (its key is printed once and kept for the simulator).
  seededApp: { id: string; apiKey: string | null } | null;
  // The worker runs in this process (its embedded MQTT broker and FCM providers are here).
  workerInProcess: boolean;
  log: (line: string) => void;
}

const number = (value: string | undefined, fallback: number) =>
  value && Number.isFinite(Number(value)) ? Number(value) : fallback;

// Starts the background simulation when enabled; null when off or not possible (the log says why).
export async function startDemoSimulator(input: DemoSimulatorInput): Promise<{ stop(): Promise<void> } | null> {
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
  try {
    const app = await checkApp(pool, appId, apiKey);
    const { setSimulatorFcmEndpoint } = await import("../../server/dispatch/providers/fcm/simulator-endpoint");
    const fake =
      input.workerInProcess && (await ensureSimulatorCredential(pool, app.id)) === "simulator"
        ? await startSimulatorFcm(number(process.env.HERALD_SIMULATOR_FCM_PORT, 0), true)
        : null;
    if (fake) setSimulatorFcmEndpoint({ url: fake.url, ca: fake.ca });
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
      mqtt,
      fcm: fake,
      database: pool,
      concurrency: 4,
    });
    const stopPrinting = printSummaries(handle.stats, 60_000, (lines) =>
      log(`simulator: ${lines.slice(1, 4).join(" | ")}`),
    );
    void handle.ready.then(() => {
      const { registered, adopted, unreachable } = handle.stats.devices;
      log(
        `device simulator: ${registered + adopted} devices of "${app.name}" online ` +
          `(${unreachable} on channels that cannot receive here); ` +
          `send a campaign to the segment "Simulated devices" and watch receipts and opens arrive`,
      );
    });
    return {
      async stop() {
        stopPrinting();
        await handle.stop();
        if (fake) setSimulatorFcmEndpoint(null);
        await fake?.close();
        await pool.end();
      },
    };
  } catch (error) {
    await pool.end().catch(() => undefined);
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
