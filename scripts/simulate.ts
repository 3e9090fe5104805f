// `npm run simulate -- --app <id> --devices 10000 --open-rate 0.25`: simulated devices of one app
// register through the device API, receive pushes (MQTT, inbox polling, the fakes of FCM and the
// Chinese vendors) and report received / opened / clicked / dismissed / app_open events. See README
// "Device simulator". With --fake-vendors the vendor fakes call Herald back with delivery receipts (the
// workers' HERALD_PUBLIC_URL names where; Huawei's and Honor's URLs are entered here when this process
// knows the server's HERALD_ENCRYPTION_KEY).
import { register } from "node:module";
import { knownSecret } from "./lib/secrets";
import { reachableDatabase } from "./simulator/cli-database";
import { checkApp, type AppFacts } from "./simulator/database";
import { enterConsoleReceiptUrls, startSimulatorFakes } from "./simulator/fakes";
import { simulatorServiceAccount } from "./simulator/fcm-credential";
import { readSimulatorKey } from "./simulator/key-store";
import { printSummaries } from "./simulator/live-summary";
import { parseCli } from "./simulator/options";
import { runSimulation } from "./simulator/run";
import { formatSummary } from "./simulator/stats";
import { simulatorApnsForm } from "./simulator/apns-credential";
import { simulatorVendorForms, simulatorVendorsOf, vendorChannels } from "./simulator/vendor-credentials";

// The receipt URLs come from Herald's server modules, which mark themselves "server-only".
register("./lib/hooks.mjs", import.meta.url);

const say = (line: string) => console.log(`[simulator] ${line}`);

if (process.argv.includes("--print-fcm-key")) {
  // For an app's FCM credential form: the simulator's project, so its FCM traffic goes to the simulator.
  console.log(JSON.stringify(simulatorServiceAccount(), null, 2));
  process.exit(0);
}
if (process.argv.includes("--print-vendor-credentials")) {
  // For the app page's Huawei, Honor, Xiaomi, OPPO, vivo, JPush and APNs forms: the apps the vendor fakes know.
  console.log(JSON.stringify({ ...simulatorVendorForms, apns: simulatorApnsForm }, null, 2));
  process.exit(0);
}

let options;
try {
  options = parseCli(process.argv.slice(2));
} catch (error) {
  const help = process.argv.includes("--help") || process.argv.includes("-h");
  (help ? console.log : console.error)((error as Error).message);
  process.exit(help ? 0 : 2);
}

const apiKey = options.key ?? (await readSimulatorKey(options.app))?.apiKey;
if (!apiKey) {
  console.error(
    "The app's API key is needed: HERALD_API_KEY=hk_… npm run simulate -- --app <id> " +
      "(shown once when the app was created or its key rotated).",
  );
  process.exit(2);
}

const database = options.database ? await reachableDatabase() : null;
let app: AppFacts | null = null;
if (database) {
  try {
    app = await checkApp(database, options.app, apiKey);
  } catch (error) {
    console.error((error as Error).message);
    await database.end();
    process.exit(2);
  }
  say(`app "${app.name}"; database reachable: earlier runs' devices are adopted, new ones get their simulated history`);
} else {
  say("no database reachable (DATABASE_URL): devices register as new and start active");
}

const fakes =
  options.fakeFcm || options.fakeVendors
    ? await startSimulatorFakes({
        fcm: options.fakeFcm ? { port: options.fakeFcmPort, fallback: false } : null,
        vendors: options.fakeVendors ? vendorChannels : [],
        apns: options.fakeVendors,
        vendorPort: options.fakeVendorsPort,
        receipts: options.fakeVendors,
        webpush: options.fakeVendors,
      })
    : null;
if (fakes?.fcm) {
  say(
    `fake FCM at ${fakes.fcm.url}: start workers with ` +
      `HERALD_SIMULATOR_FCM_URL=${fakes.fcm.url} HERALD_SIMULATOR_FCM_CA_FILE=${fakes.fcm.caFile}`,
  );
  if (app && app.fcmProjectId !== "herald-simulator")
    say(
      `the app's FCM key is ${app.fcmProjectId ? `project ${app.fcmProjectId}'s` : "missing"}: ` +
        "FCM devices receive only with the simulator's key (npm run simulate -- --print-fcm-key)",
    );
}
if (options.fakeVendors && fakes) {
  // Where the fakes post receipts: Herald's public URL, or the one the devices use.
  const publicUrl = process.env.HERALD_PUBLIC_URL ?? options.url;
  const env = Object.entries({ ...fakes.workerEnv(), HERALD_PUBLIC_URL: publicUrl });
  const names = [...vendorChannels, "apns", "webpush"].join(", ");
  say(`fakes of ${names}: start workers with ${env.map(([n, v]) => `${n}=${v}`).join(" ")}`);
  const key = await knownSecret("HERALD_ENCRYPTION_KEY");
  if (key) process.env.HERALD_ENCRYPTION_KEY = key;
  if (key && (await enterConsoleReceiptUrls(fakes, options.app, publicUrl)))
    say(`the Huawei and Honor fakes post receipts to the app's receipt URLs under ${publicUrl}`);
  else
    say(
      "Huawei and Honor receipts off (their URLs need the server's HERALD_ENCRYPTION_KEY, not known here, and " +
        "an http(s) HERALD_PUBLIC_URL): their devices report received events themselves",
    );
  const ours = app && database ? await simulatorVendorsOf(database, app.id) : null;
  const missing = ours ? vendorChannels.filter((channel) => !ours.includes(channel)) : [];
  if (missing.length)
    say(
      `the app's ${missing.join(", ")} credentials are not the simulator's: those devices receive only through ` +
        "MQTT or the inbox (npm run simulate -- --print-vendor-credentials shows what to enter)",
    );
}

const topicPrefix = options.mqttPrefix ?? app?.mqtt?.topicPrefix ?? process.env.HERALD_MQTT_TOPIC_PREFIX ?? "herald";
const handle = runSimulation({
  url: options.url,
  apiKey,
  appId: options.app,
  devices: options.devices,
  openRate: options.openRate,
  clickRate: options.clickRate,
  dismissRate: options.dismissRate,
  speed: options.speed,
  seed: options.seed,
  channels: options.channels,
  mqtt: options.mqttUrl ? { brokerUrl: options.mqttUrl, topicPrefix } : null,
  devicesPerConnection: options.perConnection,
  fakes,
  database,
});
const mqttDevices = handle.devices.filter((device) =>
  device.registration.addresses.some((address) => address.channel === "mqtt"),
).length;
say(
  `${options.devices} devices (${Object.entries(handle.stats.devices.byChannel)
    .map(([c, n]) => `${c} ${n}`)
    .join(", ")}); ` +
    `${mqttDevices} MQTT devices: one connection each with its own login on Herald's embedded broker, ` +
    `else sharing connections of up to ${options.perConnection}`,
);
if (handle.stats.devices.unreachable)
  say(
    `${handle.stats.devices.unreachable} devices have no address the simulator receives on here ` +
      `(${[
        ...(fakes?.fcm ? [] : ["FCM without --fake-fcm"]),
        ...(options.fakeVendors ? [] : ["the Chinese vendors without --fake-vendors"]),
        ...(options.mqttUrl ? [] : ["MQTT with --no-mqtt"]),
        "APNs",
        "Web Push",
      ].join(", ")}): they register and open the app, but get no pushes`,
  );
const stopPrinting = printSummaries(handle.stats, options.summaryEvery * 1000, (lines) =>
  console.log(lines.map((l) => `[simulator] ${l}`).join("\n")),
);
void handle.ready.then(() => say("all devices registered and listening"));

let stopping = false;
async function stop() {
  if (stopping) return;
  stopping = true;
  stopPrinting();
  say("stopping: sending the events still queued");
  const stats = await handle.stop();
  await fakes?.close();
  await database?.end();
  console.log(
    formatSummary(stats)
      .map((l) => `[simulator] ${l}`)
      .join("\n"),
  );
  process.exit(0);
}
process.on("SIGINT", () => void stop());
process.on("SIGTERM", () => void stop());
if (options.duration > 0) setTimeout(() => void stop(), options.duration * 1000);
