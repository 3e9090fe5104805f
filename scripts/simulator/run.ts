// runSimulation(): the simulator as a library (the CLI, the Quick start and the tests use it).
// Builds the population, listens where each device would (MQTT pool, inbox long-polls, the arrivals
// of the fakes of FCM and the Chinese vendors), registers the devices through the device API and lets
// them behave until stop().
import { setMaxListeners } from "node:events";
import type pg from "pg";
import { HeraldApi } from "./api-client";
import { Behaviour, mutedDraw, type Push } from "./behaviour";
import { backdate, registeredDevices } from "./database";
import { EventSink } from "./events";
import { FakeReader } from "./fake-reader";
import type { ArrivalSource } from "./fakes";
import { InboxPollers } from "./inbox-pollers";
import { MqttPool } from "./mqtt-pool";
import {
  buildPopulation,
  countByChannel,
  unreachable,
  type SimChannel,
  type SimDevice,
  type SimMqttAccess,
} from "./population";
import { prng, seedFrom } from "./random";
import type { SimulatorSms } from "./sms";
import { Scheduler } from "./scheduler";
import { emptyStats, warn, type SimulatorStats } from "./stats";

export interface SimulationOptions {
  // Herald's base URL (http://host:port) and the app's API key.
  url: string;
  apiKey: string;
  appId: string;
  devices: number;
  openRate: number;
  clickRate?: number;
  dismissRate?: number;
  // Share of phones with a number that ignore their pushes (BehaviourSettings.mutedShare; default 0).
  mutedShare?: number;
  // Behaviour runs this many times faster than real time (1: delays of real minutes).
  speed?: number;
  // Population seed; by default derived from the app id, so a run re-registers the last run's devices.
  seed?: number;
  // Only devices whose push channel is one of these (default: the realistic mix).
  channels?: SimChannel[];
  // The broker MQTT devices subscribe on (null: MQTT devices do not receive).
  mqtt: { brokerUrl: string; topicPrefix: string } | null;
  devicesPerConnection?: number;
  // The fakes of FCM and the vendors the app's credentials send to (fakes.ts; null: devices on
  // those channels receive only through their MQTT or inbox address).
  fakes: ArrivalSource | null;
  // The SMS fakes (sms.ts): devices with a phone number set it through the API, and fetch their inbox
  // when a text reaches their number (null: phone numbers are not set).
  sms?: Pick<SimulatorSms, "subscribe"> | null;
  // Optional database access: adopt earlier runs' devices, backdate new ones (database.ts).
  database?: pg.Pool | null;
  // Registrations in flight at once.
  concurrency?: number;
  // Devices open the app by themselves now and then (default true).
  activity?: boolean;
}

export interface SimulationHandle {
  // Resolves once every device is registered (or failed) and listening.
  ready: Promise<void>;
  stats: SimulatorStats;
  devices: SimDevice[];
  // Reactions decided on and not yet taken: 0 once every push so far has been answered (with activity
  // off, nothing else is scheduled), so a test can wait for it instead of sleeping.
  readonly scheduled: number;
  // Stops listening and behaving, sends the events still queued, and answers the final figures.
  stop(): Promise<SimulatorStats>;
}

// Starts a simulation; see SimulationOptions.
export function runSimulation(options: SimulationOptions): SimulationHandle {
  const stats = emptyStats(options.devices);
  const seed = options.seed ?? seedFrom(options.appId);
  const devices = buildPopulation(options.devices, seed, options.channels);
  const controller = new AbortController();
  // Every request in flight listens on it (registrations, long polls, waits).
  setMaxListeners(0, controller.signal);
  const api = new HeraldApi(options.url, options.apiKey, controller.signal);
  const scheduler = new Scheduler();
  // Events get a client of their own, not stopped with the rest: stop() still sends what is queued.
  const events = new EventSink(new HeraldApi(options.url, options.apiKey), stats);
  const onError = (message: string) => warn(stats, message);
  const register = async (device: SimDevice) => {
    const answer = await api
      .register(device.registration)
      .catch((error: Error) => ({ status: 0, body: { title: error.message } }));
    if (answer.status === 200 || answer.status === 201) {
      // The device's MQTT access (its own login on Herald's embedded broker), as an SDK keeps it.
      device.mqtt = (answer.body as { mqtt?: SimMqttAccess } | null)?.mqtt ?? null;
      if (device.phone && options.sms) await setPhone(device);
      return answer.status;
    }
    if (!controller.signal.aborted)
      onError(
        `registration answered ${answer.status || "nothing"}: ` +
          `${(answer.body as { title?: string } | null)?.title ?? ""}`,
      );
    return null;
  };
  // The person agreed to texts some days before the run (set again when a device registers again).
  const withNumber = new Set<string>();
  const setPhone = async (device: SimDevice) => {
    const consentAt = new Date(device.lastUsedAt - 86_400_000 * (1 + (device.installationId.charCodeAt(0) % 30)));
    const answer = await api
      .request("PUT", `/devices/${device.installationId}/phone`, {
        body: { number: device.phone, consentAt: consentAt.toISOString() },
      })
      .catch((error: Error) => ({ status: 0, body: { title: error.message } }));
    if (answer.status === 200) {
      withNumber.add(device.installationId);
      stats.sms.numbers = withNumber.size;
    } else if (!controller.signal.aborted) onError(`phone number answered ${answer.status || "nothing"}`);
  };
  const byPhone = new Map(devices.flatMap((d) => (d.phone ? [[d.phone, d] as const] : [])));
  // A signal reached the number: the app is opened from the text and fetches its inbox.
  const onText = (e164: string) => {
    const device = byPhone.get(e164);
    if (!device?.registered) return;
    stats.sms.received++;
    void api
      .inbox<{ messages: Array<{ id: string }> }>(device.installationId, null, null, 0)
      .then((answer) => {
        if (answer.status === 200) stats.sms.fetched++;
      })
      .catch(() => undefined);
  };
  const unsubscribeSms = options.sms?.subscribe(onText);
  const behaviour = new Behaviour(
    {
      openRate: options.openRate,
      clickRate: options.clickRate ?? 0.3,
      dismissRate: options.dismissRate ?? 0.35,
      speed: options.speed ?? 1,
      since: stats.startedAt,
      mutedShare: options.mutedShare ?? 0,
    },
    scheduler,
    events,
    stats,
    prng(seed ^ 0x5bd1e995),
    async (device) => void (await register(device)),
  );
  const push = (channel: string) => (device: SimDevice, message: Push, receipt?: () => void) => {
    if (!behaviour.onPush(device, message, channel, receipt)) return;
    if (receipt) stats.mqttReceipts++;
  };
  const hasAddress = (device: SimDevice, channel: SimChannel) =>
    device.registration.addresses.some((address) => address.channel === channel);
  const on = (channel: SimChannel) => devices.filter((d) => hasAddress(d, channel));
  const mqtt = options.mqtt
    ? new MqttPool(
        { ...options.mqtt, appId: options.appId, devicesPerConnection: options.devicesPerConnection ?? 500 },
        push("mqtt"),
        onError,
      )
    : null;
  // A push the vendor's fake confirms by its receipt callback: the app reports no `received` for it.
  const vendorConfirmed = (channel: string, device: SimDevice, message: Push) => {
    if (behaviour.onPush(device, message, channel, () => undefined))
      stats.vendorReceipts[channel] = (stats.vendorReceipts[channel] ?? 0) + 1;
  };
  const fakes = options.fakes
    ? new FakeReader(options.fakes, (channel, device, message, vendorReceipt) =>
        vendorReceipt ? vendorConfirmed(channel, device, message) : push(channel)(device, message),
      )
    : null;
  const pollers = new InboxPollers(api, push("poll"), onError);
  stats.devices.byChannel = countByChannel(devices);
  const receiving = new Set<string>(["poll", ...(mqtt ? ["mqtt"] : []), ...(options.fakes?.channels ?? [])]);
  stats.devices.unreachable = unreachable(devices, receiving);

  // Browsers subscribe at the fake push service with the app's VAPID key (as a site does after GET
  // /webpush/vapid-public-key) and register that subscription; without the fake they register the
  // inbox alone. A subscription lasts one run, so web devices register again even when adopted.
  async function subscribeBrowsers(): Promise<Set<SimDevice>> {
    const web = on("webpush");
    const subscribe = options.fakes?.subscribeBrowser;
    const answer = subscribe && web.length ? await api.vapidPublicKey().catch(() => null) : null;
    const publicKey = answer?.status === 200 ? answer.body?.publicKey : undefined;
    if (web.length && subscribe && !publicKey)
      onError(`no VAPID key for web devices (answer ${answer?.status ?? "none"}): they use their inbox`);
    for (const device of web) {
      const addresses = device.registration.addresses;
      device.registration.addresses =
        subscribe && publicKey
          ? addresses.map((a) => (a.channel === "webpush" ? { channel: a.channel, token: subscribe(publicKey) } : a))
          : addresses.filter((a) => a.channel !== "webpush");
    }
    return new Set(web.filter((d) => d.registration.addresses.some((a) => a.channel === "webpush")));
  }

  // Muted phones (BehaviourSettings.mutedShare) keep no connection of their own either: no MQTT
  // session, no inbox long poll. Only an SMS signal makes their app fetch its inbox.
  const listening = (device: SimDevice) =>
    !device.phone || mutedDraw(device.installationId) >= (options.mutedShare ?? 0);

  // A device adopted from an earlier run is not registered again: it reads its MQTT access back.
  const readMqttAccess = async (device: SimDevice) => {
    const answer = await api
      .request<{ mqtt?: SimMqttAccess }>("GET", `/devices/${device.installationId}`, { attempts: 4 })
      .catch(() => null);
    device.mqtt = answer?.status === 200 ? (answer.body?.mqtt ?? null) : null;
  };

  async function start() {
    const subscribed = await subscribeBrowsers();
    fakes?.start(devices);
    const known = options.database
      ? await registeredDevices(options.database, options.appId, devices)
      : new Map<string, number>();
    const created: SimDevice[] = [];
    let next = 0;
    const worker = async () => {
      while (next < devices.length && !controller.signal.aborted) {
        const device = devices[next++]!;
        const lastActive = known.get(device.installationId);
        if (lastActive !== undefined) {
          device.lastUsedAt = lastActive;
          device.registered = true;
          stats.devices.adopted++;
          // Its new browser subscription replaces the last run's (that push service is gone).
          if (subscribed.has(device)) await register(device);
          else if (mqtt && hasAddress(device, "mqtt")) await readMqttAccess(device);
          continue;
        }
        const status = await register(device);
        device.registered = status !== null;
        if (status === null) stats.devices.failed++;
        else stats.devices.registered++;
        if (status === 201) created.push(device);
      }
    };
    await Promise.all(Array.from({ length: options.concurrency ?? 16 }, worker));
    if (options.database) {
      for (let i = 0; i < created.length; i += 5000)
        stats.devices.backdated += await backdate(options.database, options.appId, created.slice(i, i + 5000));
    }
    // MQTT devices connect with the access their registration answered (their own broker login on
    // Herald's embedded broker), so only once registered; a push sent before that reaches their inbox.
    await mqtt?.subscribe(on("mqtt").filter((d) => d.registered && listening(d)));
    pollers.start(on("poll").filter((d) => d.registered && listening(d)));
    if (options.activity !== false)
      for (const device of devices) if (device.registered) behaviour.startActivity(device);
  }

  const ready = start();
  ready.catch((error: Error) => onError(`start: ${error.message}`));
  return {
    ready,
    stats,
    devices,
    get scheduled() {
      return scheduler.pending;
    },
    async stop() {
      controller.abort();
      unsubscribeSms?.();
      scheduler.stop();
      fakes?.close();
      await Promise.all([pollers.close(), mqtt?.close()]);
      await ready.catch(() => undefined);
      await events.close();
      return stats;
    },
  };
}
