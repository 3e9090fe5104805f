// Devices whose pushes go through a push service: the simulator's fakes of FCM and the six Chinese
// vendors (fakes.ts) report every push they accepted for a device; the reader finds the simulated
// device by channel and token and hands the push on as that device's. Herald's tracking ids are in
// the key-values the app receives: herald_c the campaign, herald_d the delivery id when the vendor's
// request carried one device's message (batched vendor requests carry the campaign only, and opens
// are then matched by campaign and installation). A fake in receipt mode says which arrivals it posts a
// delivery receipt for (FakeArrival.receipt): the vendor confirms those, the app reports no `received`.
import { trackingKeys } from "../../lib/campaigns/provider-payloads";
import type { FakeArrival } from "../../tests/fakes/loopback-fake";
import type { Push } from "./behaviour";
import type { ArrivalSource, FakeChannel } from "./fakes";
import type { SimDevice } from "./population";

// The push an accepted message carried, or null when it holds none of Herald's ids.
export function pushFromArrival(arrival: FakeArrival): Push | null {
  const messageId = arrival.data[trackingKeys.deliveryId] || null;
  const campaignId = arrival.data[trackingKeys.campaignId] || null;
  if (!messageId && !campaignId) return null;
  return {
    messageId,
    campaignId,
    sentAt: new Date(arrival.at).toISOString(),
    expiresAt: arrival.ttlSeconds !== undefined ? new Date(arrival.at + arrival.ttlSeconds * 1000).toISOString() : null,
  };
}

export class FakeReader {
  // "<channel> <token>" -> device.
  private byAddress = new Map<string, SimDevice>();
  private unsubscribe: (() => void) | null = null;

  constructor(
    private readonly source: ArrivalSource,
    private readonly onPush: (channel: FakeChannel, device: SimDevice, push: Push, vendorReceipt: boolean) => void,
  ) {}

  // Starts listening for `devices`' addresses on the channels the fakes serve.
  start(devices: SimDevice[]) {
    const served = new Set<string>(this.source.channels);
    for (const device of devices)
      for (const address of device.registration.addresses)
        if (address.token && served.has(address.channel))
          this.byAddress.set(`${address.channel} ${address.token}`, device);
    this.unsubscribe ??= this.source.subscribe((channel, arrival) => {
      const device = this.byAddress.get(`${channel} ${arrival.token}`);
      const push = device ? pushFromArrival(arrival) : null;
      if (device && push) this.onPush(channel, device, push, arrival.receipt === true);
    });
  }

  close() {
    this.unsubscribe?.();
    this.unsubscribe = null;
  }
}
