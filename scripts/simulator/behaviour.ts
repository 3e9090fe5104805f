// How a simulated user treats a push and their app: confirm receipt, open some pushes after a
// log-normal delay (minutes), click some of the opened ones, dismiss some of the rest; open the app
// after opening a push, and now and then by themselves (active users daily, dormant ones rarely:
// the holdout's baseline). Delays are divided by `speed` (60 = an hour of behaviour per minute).
import type { EventSink } from "./events";
import type { SimDevice } from "./population";
import { exponential, logNormal } from "./random";
import type { Scheduler } from "./scheduler";
import type { SimulatorStats } from "./stats";

// The parts of a push the behaviour needs (the same on every channel). A push sent to many devices
// in one vendor request carries no per-device messageId: its events name the campaign alone.
export interface Push {
  messageId: string | null;
  campaignId: string | null;
  sentAt: string | null;
  expiresAt: string | null;
}

export interface BehaviourSettings {
  // Share of received pushes opened, of opened pushes clicked, of unopened pushes dismissed.
  openRate: number;
  clickRate: number;
  dismissRate: number;
  speed: number;
  // Messages sent before this moment are not this run's (an inbox may still hold them).
  since: number;
  // Share of the phones with a number whose app never sees its pushes (killed or restricted in the
  // background, as many Android phones do): nothing confirms them, so SMS signalling's fallback is
  // what reaches these devices. 0 by default; `npm start`'s demo sets it (HERALD_SIMULATOR_MUTED).
  mutedShare?: number;
}

// The same answer for a device on every run: the first 32 bits of its installation id, as a fraction.
export function mutedDraw(installationId: string): number {
  return Number.parseInt(installationId.replace(/-/g, "").slice(0, 8), 16) / 2 ** 32;
}

const second = 1000;
const minute = 60 * second;
const hour = 60 * minute;
const day = 24 * hour;
// Dormant: no app use for this long (the re-activation report's default).
export const dormantAfterMs = 30 * day;
const actions = ["read_more", "share", "save"];
// The quickest a user opens or dismisses a push after it arrived, in real time at any speed.
const reactionMs = 2 * second;

export class Behaviour {
  constructor(
    private readonly settings: BehaviourSettings,
    private readonly scheduler: Scheduler,
    private readonly events: EventSink,
    private readonly stats: SimulatorStats,
    private readonly random: () => number,
    // Re-registers a device (an app start); resolves when done.
    private readonly reRegister: (device: SimDevice) => Promise<void>,
  ) {}

  // Runs `run` after `simulatedMs` of behaviour time (divided by speed, but never under `floorMs`:
  // speed shortens how long users wait, not how fast a human reacts) plus `realMs` of real time.
  private later(simulatedMs: number, run: () => void, realMs = 0, floorMs = 0) {
    this.scheduler.after(realMs + Math.max(floorMs, simulatedMs / this.settings.speed), run);
  }

  // A push reached `device` over `channel`. `confirm` is the channel's own receipt (MQTT, or the
  // vendor's receipt callback); without one the app reports a `received` event. Returns false for a
  // copy already handled or not worth showing.
  onPush(device: SimDevice, push: Push, channel: string, confirm?: () => void): boolean {
    // Without a messageId, a campaign's copies within the hour are one push (a vendor retrying a
    // batch), while a recurring campaign's next run is a new one.
    const key = push.messageId ?? `${push.campaignId} ${Math.floor(Date.parse(push.sentAt ?? "") / 3_600_000)}`;
    if (device.seen.has(key)) {
      this.stats.duplicates++;
      return false;
    }
    device.seen.add(key);
    if (device.phone && mutedDraw(device.installationId) < (this.settings.mutedShare ?? 0)) {
      this.stats.muted++;
      return false;
    }
    const now = Date.now();
    const stale =
      (push.expiresAt && Date.parse(push.expiresAt) < now) ||
      (push.sentAt && Date.parse(push.sentAt) < this.settings.since - 5 * second);
    if (stale) {
      this.stats.skipped++;
      return false;
    }
    this.stats.pushes[channel] = (this.stats.pushes[channel] ?? 0) + 1;
    const ids = {
      installationId: device.installationId,
      ...(push.messageId ? { messageId: push.messageId } : {}),
      ...(push.campaignId ? { campaignId: push.campaignId } : {}),
    };
    // The app reports the push as it arrives (an SDK's received callback runs before any user
    // action); the report travels at network speed whatever the simulation speed.
    const reported = confirm ? 0 : 0.2 * second + this.random() * 2 * second;
    if (confirm) confirm();
    else this.scheduler.after(reported, () => this.events.add({ ...ids, type: "received" }));

    const { openRate, clickRate, dismissRate } = this.settings;
    if (this.random() < openRate) {
      const delay = clamp(logNormal(this.random, 2 * minute, 1.1), 5 * second, 12 * hour);
      this.later(
        delay,
        () => {
          this.events.add({ ...ids, type: "opened" });
          this.stats.behaviour.opened++;
          this.appOpen(device, "push");
          if (this.random() < clickRate) {
            const action = actions[Math.floor(this.random() * actions.length)]!;
            this.later(
              clamp(logNormal(this.random, 10 * second, 0.7), 2 * second, 5 * minute),
              () => {
                this.events.add({ ...ids, type: "clicked", actionId: action });
                this.stats.behaviour.clicked++;
              },
              0,
              reactionMs / 2,
            );
          }
        },
        reported,
        reactionMs,
      );
    } else if (this.random() < dismissRate) {
      this.later(
        clamp(logNormal(this.random, 45 * second, 1), 3 * second, 6 * hour),
        () => {
          this.events.add({ ...ids, type: "dismissed" });
          this.stats.behaviour.dismissed++;
        },
        reported,
        reactionMs,
      );
    }
    return true;
  }

  // The user opened the app: an app_open event, and the device counts as active from now on.
  private appOpen(device: SimDevice, cause: "push" | "alone") {
    const now = Date.now();
    if (now - device.lastUsedAt >= dormantAfterMs) {
      if (cause === "push") this.stats.behaviour.reactivatedByPush++;
      else this.stats.behaviour.reactivatedAlone++;
    }
    device.lastUsedAt = now;
    this.stats.behaviour.appOpens++;
    this.events.add({ installationId: device.installationId, type: "app_open" });
  }

  // The device's own app starts: each re-registers (as SDKs do on every start) and reports an
  // app_open. The gap to the next one depends on how recently the app was used.
  startActivity(device: SimDevice) {
    const idle = Date.now() - device.lastUsedAt;
    const meanGap = idle < 7 * day ? 16 * hour : idle < dormantAfterMs ? 6 * day : 40 * day;
    this.later(exponential(this.random, meanGap), () => {
      if (!device.registered) return;
      this.appOpen(device, "alone");
      if (this.random() < 0.03) device.registration.appVersion = "5.4.1";
      void this.reRegister(device).then(() => void this.stats.behaviour.reRegistered++);
      this.startActivity(device);
    });
  }
}

const clamp = (value: number, low: number, high: number) => Math.min(high, Math.max(low, value));
