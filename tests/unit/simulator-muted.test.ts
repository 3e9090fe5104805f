// Muted phones in the simulator: a share of the phones with a number never confirm or show their pushes,
// so `npm start`'s demo shows SMS signalling's fallback; every other device confirms as before.
import { describe, expect, it } from "vitest";
import { Behaviour, mutedDraw } from "@/scripts/simulator/behaviour";
import type { EventSink } from "@/scripts/simulator/events";
import type { SimDevice } from "@/scripts/simulator/population";
import { Scheduler } from "@/scripts/simulator/scheduler";
import { emptyStats } from "@/scripts/simulator/stats";

function device(installationId: string, phone: string | null): SimDevice {
  return {
    installationId,
    registration: { installationId, platform: "android", addresses: [{ channel: "fcm", token: "t" }] },
    channel: "fcm",
    lastUsedAt: Date.now(),
    seen: new Set(),
    registered: true,
    phone,
  } as SimDevice;
}

describe("muted phones", () => {
  const low = "00000000-0000-4000-8000-000000000001"; // draw 0
  const high = "ffffffff-0000-4000-8000-000000000001"; // draw ~1

  it("draws the same share for an installation every time", () => {
    expect(mutedDraw(low)).toBe(0);
    expect(mutedDraw(high)).toBeGreaterThan(0.99);
  });

  it("ignores a push on a muted phone with a number, and confirms every other", () => {
    const stats = emptyStats(3);
    const added: unknown[] = [];
    const sink = { add: (event: unknown) => added.push(event) } as unknown as EventSink;
    const behaviour = new Behaviour(
      { openRate: 0, clickRate: 0, dismissRate: 0, speed: 1, since: 0, mutedShare: 0.25 },
      new Scheduler(),
      sink,
      stats,
      () => 0.99,
      async () => undefined,
    );
    const push = { messageId: "1", campaignId: "c", sentAt: new Date().toISOString(), expiresAt: null };
    const confirmed: string[] = [];
    const muted = device(low, "+8613800000001");
    const noPhone = device(low, null);
    const unmuted = device(high, "+8613800000002");
    expect(behaviour.onPush(muted, push, "fcm", () => confirmed.push("muted"))).toBe(false);
    expect(behaviour.onPush(noPhone, push, "fcm", () => confirmed.push("noPhone"))).toBe(true);
    expect(behaviour.onPush(unmuted, push, "fcm", () => confirmed.push("unmuted"))).toBe(true);
    expect(confirmed).toEqual(["noPhone", "unmuted"]);
    expect(stats.muted).toBe(1);
    expect(stats.pushes).toEqual({ fcm: 2 });
  });
});
