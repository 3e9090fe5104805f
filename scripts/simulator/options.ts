// `npm run simulate` arguments (with their environment fallbacks), checked with zod.
import { parseArgs } from "node:util";
import { z } from "zod";
import { deviceChannels } from "../../lib/channels/devices";
import type { SimChannel } from "./population";

// Every channel a simulated device may have as its push channel (SMS and XMPP never are).
const channelNames = deviceChannels.filter((channel) => channel !== "sms" && channel !== "xmpp") as [
  SimChannel,
  ...SimChannel[],
];
const rate = (name: string) =>
  z.coerce.number(`${name} must be a number`).min(0, `${name} must be 0..1`).max(1, `${name} must be 0..1`);

const cliSchema = z.object({
  app: z.uuid("--app must be the app's id (a UUID, shown on its page)"),
  url: z.url("--url must be Herald's base URL, e.g. http://localhost:3000"),
  key: z.string().min(1).optional(),
  devices: z.coerce.number().int().min(1).max(1_000_000),
  openRate: rate("--open-rate"),
  clickRate: rate("--click-rate"),
  dismissRate: rate("--dismiss-rate"),
  speed: z.coerce.number().min(0.01).max(100_000),
  duration: z.coerce.number().min(0),
  seed: z.coerce.number().int().optional(),
  channels: z
    .array(z.enum(channelNames, `--channels takes ${channelNames.join(", ")}`))
    .min(1)
    .optional(),
  mqttUrl: z
    .string()
    .regex(/^(mqtts?|wss?|tcp|tls):\/\//, "--mqtt-url must be an mqtt:// (or mqtts://, ws://, wss://) URL")
    .nullable(),
  mqttPrefix: z.string().min(1).optional(),
  fakeFcm: z.boolean(),
  fakeFcmPort: z.coerce.number().int().min(0).max(65_535),
  fakeVendors: z.boolean(),
  fakeVendorsPort: z.coerce.number().int().min(0).max(65_530),
  database: z.boolean(),
  summaryEvery: z.coerce.number().min(1),
  perConnection: z.coerce.number().int().min(1).max(10_000),
});

export type CliOptions = z.output<typeof cliSchema> & { channels?: SimChannel[] };

export const usage = `npm run simulate -- --app <app id> [options]

  --app <id>            the app to simulate devices for (required)
  --url <url>           Herald's base URL (HERALD_URL, default http://localhost:$PORT or 3000)
  --key <key>           the app's API key (prefer HERALD_API_KEY: a flag shows in the process list)
  --devices <n>         simulated devices (default 1000)
  --open-rate <0..1>    share of received pushes opened (default 0.25)
  --click-rate <0..1>   share of opened pushes clicked (default 0.3)
  --dismiss-rate <0..1> share of unopened pushes dismissed (default 0.35)
  --speed <x>           behaviour runs x times faster than real time (default 1)
  --duration <s>        stop after s seconds (default: run until Ctrl-C)
  --seed <n>            population seed (default: from the app id, so runs reuse their devices)
  --channels <list>     only devices whose push channel is one of these, e.g. hms,xiaomi,mqtt (default:
                        a realistic mix, mostly Chinese phones on their makers' channels)
  --mqtt-url <url>      broker MQTT devices use (HERALD_MQTT_URL, else mqtt://127.0.0.1:$HERALD_MQTT_PORT or 1883)
  --no-mqtt             MQTT devices do not connect
  --mqtt-prefix <p>     topic prefix (the app's MQTT credential's, else HERALD_MQTT_TOPIC_PREFIX, else herald)
  --fake-fcm            run a fake FCM server for FCM devices (see README "Device simulator")
  --fake-fcm-port <n>   its port (HERALD_SIMULATOR_FCM_PORT, default 9443)
  --fake-vendors        run fakes of Huawei, Honor, Xiaomi, OPPO, vivo, JPush and APNs for their devices
  --fake-vendors-port <n> their first port, the others following (HERALD_SIMULATOR_VENDORS_PORT, default any)
  --no-database         never read or write the database, even when it is reachable
  --per-connection <n>  MQTT devices sharing one connection on a broker without device logins (default 500)
  --summary-every <s>   seconds between summaries (default 5)
  --print-fcm-key       print a service-account key of the simulator's FCM project and exit
  --print-vendor-credentials  print what to enter in the app page's forms for the vendor fakes and exit`;

function readArgs(argv: string[]) {
  return parseArgs({
    args: argv,
    strict: true,
    options: {
      app: { type: "string" },
      url: { type: "string" },
      key: { type: "string" },
      devices: { type: "string" },
      "open-rate": { type: "string" },
      "click-rate": { type: "string" },
      "dismiss-rate": { type: "string" },
      speed: { type: "string" },
      duration: { type: "string" },
      seed: { type: "string" },
      channels: { type: "string" },
      "mqtt-url": { type: "string" },
      "no-mqtt": { type: "boolean" },
      "mqtt-prefix": { type: "string" },
      "fake-fcm": { type: "boolean" },
      "fake-fcm-port": { type: "string" },
      "fake-vendors": { type: "boolean" },
      "fake-vendors-port": { type: "string" },
      "no-database": { type: "boolean" },
      "per-connection": { type: "string" },
      "summary-every": { type: "string" },
      help: { type: "boolean", short: "h" },
    },
  });
}

// Parses argv (without node and the script) into checked options; throws with a readable message.
export function parseCli(argv: string[], env: Record<string, string | undefined> = process.env): CliOptions {
  let parsedArgs;
  try {
    parsedArgs = readArgs(argv);
  } catch (error) {
    throw new Error(`${(error as Error).message}\n\n${usage}`);
  }
  const { values } = parsedArgs;
  if (values.help) throw new Error(usage);
  const parsed = cliSchema.safeParse({
    app: values.app,
    url: values.url ?? env.HERALD_URL ?? `http://localhost:${env.PORT ?? 3000}`,
    key: values.key || env.HERALD_API_KEY || undefined,
    devices: values.devices ?? 1000,
    openRate: values["open-rate"] ?? 0.25,
    clickRate: values["click-rate"] ?? 0.3,
    dismissRate: values["dismiss-rate"] ?? 0.35,
    speed: values.speed ?? 1,
    duration: values.duration ?? 0,
    seed: values.seed,
    channels: values.channels?.split(",").map((c) => c.trim().toLowerCase()),
    mqttUrl: values["no-mqtt"]
      ? null
      : (values["mqtt-url"] ?? env.HERALD_MQTT_URL ?? `mqtt://127.0.0.1:${env.HERALD_MQTT_PORT ?? 1883}`),
    mqttPrefix: values["mqtt-prefix"],
    fakeFcm: values["fake-fcm"] ?? false,
    fakeFcmPort: values["fake-fcm-port"] ?? env.HERALD_SIMULATOR_FCM_PORT ?? 9443,
    fakeVendors: values["fake-vendors"] ?? false,
    fakeVendorsPort: values["fake-vendors-port"] ?? env.HERALD_SIMULATOR_VENDORS_PORT ?? 0,
    database: !values["no-database"],
    summaryEvery: values["summary-every"] ?? 5,
    perConnection: values["per-connection"] ?? 500,
  });
  if (!parsed.success)
    throw new Error(`${parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("\n")}\n\n${usage}`);
  return parsed.data;
}
