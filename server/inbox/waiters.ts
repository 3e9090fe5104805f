// Long-poll support for the inbox: one LISTEN connection per process, shared by every waiting
// request, and a map from device id to the requests waiting on it. A NOTIFY on `herald_inbox`
// (sent by appendToInbox) wakes the waiters of the devices it names. When the LISTEN connection
// is down, waiters wake every second to look for themselves, and everyone wakes when it is back
// (notifications sent meanwhile are lost).
import "server-only";
import pg from "pg";
import { log } from "@/server/log";
import { inboxNotifyChannel } from "./store";

// One request's wait on one device. notified latches: a NOTIFY between the caller's query and its
// wait() is not lost.
export interface InboxWaiter {
  wait(ms: number, signal?: AbortSignal): Promise<"notified" | "timeout" | "aborted">;
  close(): void;
}

interface Slot {
  notified: boolean;
  wake: (() => void) | null;
}

const waiters = new Map<string, Set<Slot>>();
const perApp = new Map<string, number>();
let client: pg.Client | null = null;
let connecting: Promise<void> | null = null;
let healthy = false;

function wakeSlot(slot: Slot): void {
  slot.notified = true;
  slot.wake?.();
}

function wakeEveryone(): void {
  for (const set of waiters.values()) for (const slot of set) wakeSlot(slot);
}

async function connect(): Promise<void> {
  const connectionString = process.env.DATABASE_URL;
  if (!connectionString) throw new Error("DATABASE_URL is not set");
  const listener = new pg.Client({ connectionString });
  listener.on("notification", (message) => {
    for (const deviceId of (message.payload ?? "").split(",")) {
      const set = waiters.get(deviceId);
      if (set) for (const slot of set) wakeSlot(slot);
    }
  });
  const lost = (error?: Error) => {
    if (client !== listener) return;
    client = null;
    healthy = false;
    if (error) log.warn({ err: error }, "inbox LISTEN connection lost; waiters fall back to polling");
    listener.end().catch(() => undefined);
  };
  listener.on("error", lost);
  listener.on("end", () => lost());
  await listener.connect();
  await listener.query(`listen ${inboxNotifyChannel}`);
  client = listener;
  healthy = true;
  // Anything sent while we were not listening is unknown: let every waiter look again.
  wakeEveryone();
}

// Makes sure the LISTEN connection is up (or being brought up); never throws.
async function ensureListening(): Promise<void> {
  if (healthy) return;
  connecting ??= connect()
    .catch((error: unknown) => log.warn({ err: error }, "inbox LISTEN connection failed"))
    .finally(() => (connecting = null));
  await connecting;
}

// Waiters of one app at this moment (the per-key cap is checked against it).
export function waitersOf(appId: string): number {
  return perApp.get(appId) ?? 0;
}

// Registers a wait on a device's inbox. Register before reading the inbox, then wait() if the read
// found nothing: a message added in between wakes the wait at once.
export async function watchInbox(appId: string, deviceId: string): Promise<InboxWaiter> {
  await ensureListening();
  const slot: Slot = { notified: false, wake: null };
  let set = waiters.get(deviceId);
  if (!set) waiters.set(deviceId, (set = new Set()));
  set.add(slot);
  perApp.set(appId, waitersOf(appId) + 1);
  let closed = false;
  return {
    async wait(ms, signal) {
      if (slot.notified) {
        slot.notified = false;
        return "notified";
      }
      if (signal?.aborted) return "aborted";
      if (!healthy) void ensureListening();
      // Without a LISTEN connection nobody will wake us: look again every second.
      const timeout = healthy ? ms : Math.min(ms, 1000);
      const outcome = await new Promise<"notified" | "timeout" | "aborted">((resolve) => {
        const onAbort = () => finish("aborted");
        const timer = setTimeout(() => finish(healthy || timeout === ms ? "timeout" : "notified"), timeout);
        function finish(result: "notified" | "timeout" | "aborted") {
          clearTimeout(timer);
          signal?.removeEventListener("abort", onAbort);
          slot.wake = null;
          resolve(result);
        }
        slot.wake = () => finish("notified");
        signal?.addEventListener("abort", onAbort, { once: true });
      });
      if (outcome === "notified") slot.notified = false;
      return outcome;
    },
    close() {
      if (closed) return;
      closed = true;
      set.delete(slot);
      if (!set.size && waiters.get(deviceId) === set) waiters.delete(deviceId);
      const left = waitersOf(appId) - 1;
      if (left > 0) perApp.set(appId, left);
      else perApp.delete(appId);
    },
  };
}

// Devices with at least one waiter in this process (tests check that disconnects clean up).
export function watchedDeviceCount(): number {
  return waiters.size;
}

// Closes the LISTEN connection (tests, shutdown); the next wait opens a new one.
export async function stopInboxListener(): Promise<void> {
  const current = client;
  client = null;
  healthy = false;
  await current?.end().catch(() => undefined);
}
