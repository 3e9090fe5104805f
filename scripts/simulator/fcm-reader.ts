// FCM devices, through the simulator's fake FCM server: the fake keeps the requests it answered;
// every half second the reader takes the new ones addressed to a simulated device's token and hands
// each on as that device's push (Herald's tracking ids are in the message data: herald_d is the
// messageId, herald_c the campaign).
import { trackingKeys } from "../../lib/campaigns/provider-payloads";
import type { FakeFcmControl, ReceivedBody } from "../../tests/fakes/fcm/server";
import type { Push } from "./behaviour";
import type { SimDevice } from "./population";

const pollMs = 500;
// Bodies the fake keeps (between this and twice this; about 1.5 KB each): far more than FCM sends
// reach it between two reads, without holding hundreds of megabytes in the Quick start's process.
export const fakeKeepBodies = 20_000;

type Message = { token?: unknown; data?: Record<string, unknown>; android?: { ttl?: unknown } };

// The push one accepted request carried, or null when it is not a message with Herald's ids.
export function pushFromBody(body: ReceivedBody): { token: string; push: Push } | null {
  const message = (body.body as { message?: Message } | null)?.message;
  const messageId = message?.data?.[trackingKeys.deliveryId];
  if (typeof message?.token !== "string" || typeof messageId !== "string") return null;
  const campaignId = message.data?.[trackingKeys.campaignId];
  const ttl = typeof message.android?.ttl === "string" ? Number.parseFloat(message.android.ttl) : NaN;
  return {
    token: message.token,
    push: {
      messageId,
      campaignId: typeof campaignId === "string" ? campaignId : null,
      sentAt: new Date(body.at).toISOString(),
      expiresAt: Number.isFinite(ttl) ? new Date(body.at + ttl * 1000).toISOString() : null,
    },
  };
}

export class FcmReader {
  private byToken = new Map<string, SimDevice>();
  private timer: NodeJS.Timeout | null = null;
  // The newest request already read: bodies come in arrival order, so a pass reads back to it.
  private lastAt = 0;
  private lastSeen = new Set<string>();
  private reading = false;

  constructor(
    private readonly fake: FakeFcmControl,
    private readonly onPush: (device: SimDevice, push: Push) => void,
    private readonly onError: (message: string) => void,
  ) {}

  async start(devices: SimDevice[]) {
    for (const device of devices) if (device.registration.token) this.byToken.set(device.registration.token, device);
    await this.fake.configure({ keepBodies: fakeKeepBodies });
    this.timer = setInterval(() => void this.read(), pollMs);
  }

  private async read() {
    if (this.reading) return;
    this.reading = true;
    try {
      const bodies = await this.fake.bodies();
      const fresh: ReceivedBody[] = [];
      for (let i = bodies.length - 1; i >= 0 && bodies[i]!.at >= this.lastAt; i--) fresh.push(bodies[i]!);
      fresh.reverse();
      const seenNow = new Set<string>();
      for (const body of fresh) {
        const found = pushFromBody(body);
        if (!found) continue;
        const key = `${found.token}|${found.push.messageId}|${body.at}`;
        if (body.at === this.lastAt && this.lastSeen.has(key)) continue;
        if (body.at === fresh[fresh.length - 1]!.at) seenNow.add(key);
        const device = this.byToken.get(found.token);
        if (device) this.onPush(device, found.push);
      }
      if (fresh.length) {
        const newest = fresh[fresh.length - 1]!.at;
        this.lastSeen = newest === this.lastAt ? new Set([...this.lastSeen, ...seenNow]) : seenNow;
        this.lastAt = newest;
      }
    } catch (error) {
      this.onError(`fake FCM: ${(error as Error).message}`);
    } finally {
      this.reading = false;
    }
  }

  close() {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }
}
