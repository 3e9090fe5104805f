// XMPP receipts: the devices answer Herald's messages with XEP-0184 <received id="..."/>, on the same
// connection the provider sends on (server/dispatch/providers/xmpp/link.ts). The connection of every
// app with an XMPP credential is opened when the worker starts, and the credentials are read again
// every 30 s, so receipts of devices that come online long after the send (the server kept their
// message offline) are recorded whether or not a campaign is sending. Receipts are buffered and
// written every 100 ms with mark-delivered.ts (the stanza id names the Delivery and installation, and
// its signature the JID it went to); a bounce that comes after its batch marks the address invalid as
// the vendors' invalid receipts do (record-vendor-receipts.ts).
import "server-only";
import type { XmppSecret } from "@/lib/channels/xmpp";
import { db } from "@/server/db";
import { unsealCredential } from "@/server/apps/credential-seal";
import { log } from "@/server/log";
import {
  acquireXmppLink,
  closeXmppLinks,
  pruneXmppLinks,
  setXmppSinks,
  type XmppReturn,
} from "@/server/dispatch/providers/xmpp/link";
import { type DeliveredClaim, markDelivered } from "./mark-delivered";
import { recordVendorReceipts } from "./record-vendor-receipts";

const flushEveryMs = 100;
const rescanEveryMs = 30_000;
const maxBuffered = 100_000;

export interface XmppReceiptStats {
  received: number;
  recorded: number;
  invalidated: number;
}

const stats: XmppReceiptStats = { received: 0, recorded: 0, invalidated: 0 };
const buffer: DeliveredClaim[] = [];
const dead: Array<{ appIds: string[]; jid: string; code: string }> = [];
let flushing: Promise<void> | null = null;
let timers: NodeJS.Timeout[] = [];
let running = false;

function accept(received: XmppReturn) {
  stats.received++;
  if (buffer.length >= maxBuffered) return;
  // One claim per app sharing the connection: only the app holding that device's Delivery matches.
  for (const appId of received.appIds)
    buffer.push({ deliveryId: received.deliveryId, appId, installationId: received.installationId });
}

// Writes what is buffered (one flush at a time); a failed write keeps it for the next tick.
export function flushXmppReceipts(): Promise<void> {
  if (flushing) return flushing;
  if (!buffer.length && !dead.length) return Promise.resolve();
  const claims = buffer.splice(0, 5000);
  const bounces = dead.splice(0);
  flushing = (async () => {
    try {
      if (claims.length) stats.recorded += await markDelivered(claims, "xmpp");
    } catch (error) {
      log.warn({ err: error, receipts: claims.length }, "recording XMPP receipts failed; retrying");
      buffer.unshift(...claims);
    }
    for (const bounce of bounces) {
      for (const appId of bounce.appIds) {
        const tally = await recordVendorReceipts(appId, "xmpp", [
          { campaignId: null, token: bounce.jid, kind: "invalid", at: null, code: bounce.code },
        ]).catch((error: unknown) => {
          log.warn({ err: error }, "recording an XMPP bounce failed");
          return null;
        });
        stats.invalidated += tally?.invalidated ?? 0;
      }
    }
  })().finally(() => {
    flushing = null;
  });
  return flushing;
}

// Opens the connection of every app's XMPP credential (already open ones are kept) and closes those
// whose credential is gone or replaced.
export async function scanXmppCredentials(): Promise<number> {
  const rows = await db.providerCredential.findMany({
    where: { channel: "xmpp" },
    select: { appId: true, secretSealed: true },
  });
  const secrets: XmppSecret[] = [];
  for (const row of rows) {
    try {
      const secret = unsealCredential(row.appId, "xmpp", row.secretSealed) as XmppSecret;
      secrets.push(secret);
      acquireXmppLink(row.appId, secret);
    } catch (error) {
      log.warn({ err: error, appId: row.appId }, "an XMPP credential cannot be unsealed");
    }
  }
  await pruneXmppLinks(secrets);
  return secrets.length;
}

// Starts listening (worker start): sinks installed, connections opened now and re-read every 30 s.
export async function startXmppReceipts(): Promise<void> {
  if (running) return;
  running = true;
  setXmppSinks({
    receipt: accept,
    lateError(error) {
      if (error.outcome === "invalid_token")
        dead.push({ appIds: error.appIds, jid: error.jid, code: `xmpp_${error.condition.replaceAll("-", "_")}` });
    },
  });
  const flushTimer = setInterval(() => void flushXmppReceipts(), flushEveryMs);
  const scanTimer = setInterval(
    () => void scanXmppCredentials().catch((error) => log.warn({ err: error }, "reading XMPP credentials failed")),
    rescanEveryMs,
  );
  flushTimer.unref();
  scanTimer.unref();
  timers = [flushTimer, scanTimer];
  await scanXmppCredentials().catch((error) => log.warn({ err: error }, "reading XMPP credentials failed"));
}

// Counters for tests and logs.
export function xmppReceiptStats(): XmppReceiptStats {
  return { ...stats };
}

// Stops listening after writing what is buffered, and closes the connections (worker shutdown).
export async function stopXmppReceipts(): Promise<void> {
  for (const timer of timers) clearInterval(timer);
  timers = [];
  for (let round = 0; round < 5 && (buffer.length || dead.length || flushing); round++) await flushXmppReceipts();
  running = false;
  setXmppSinks(null);
  await closeXmppLinks();
}
