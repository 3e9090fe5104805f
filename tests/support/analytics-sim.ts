// A simulated audience answering a campaign, for the analytics reconciliation test: receipts through
// the real paths (MQTT receipts via markDelivered, inbox fetches via GET /api/v1/devices/{id}/inbox),
// device events through POST /api/v1/events (retried batches, duplicated events, out of order,
// opens without receipts, events about failed messages), and the ground truth of what was sent.
import { randomUUID } from "node:crypto";
import { handleApiRequest } from "@/server/device-api/routes";
import { markDelivered } from "@/server/receipts/mark-delivered";
import { sqlPool } from "@/server/sql";
import { jsonPost } from "./api-request";

export interface SimDelivery {
  id: string;
  installationId: string;
  channel: string;
  status: string;
  sentAt: Date | null;
}

export interface SimEvent {
  eventId: string;
  installationId: string;
  type: "received" | "opened" | "clicked" | "dismissed" | "app_open";
  messageId?: string;
  campaignId?: string;
  actionId?: string;
  occurredAt: string;
}

// What the simulation did, by Delivery id: the independent expectation for the report.
export interface SimTruth {
  received: Set<string>;
  opened: Set<string>;
  clicked: Set<string>;
  dismissed: Set<string>;
  events: SimEvent[];
  postedBatches: number;
  retriedBatches: number;
}

export async function campaignDeliveries(campaignId: string): Promise<SimDelivery[]> {
  const { rows } = await sqlPool().query<SimDelivery>(
    `select d.id::text, v."installationId", d.channel::text, d.status::text, d."sentAt" at time zone 'UTC' as "sentAt"
       from "Delivery" d join "Device" v on v.id = d."deviceId" where d."campaignId" = $1 order by d.id`,
    [campaignId],
  );
  return rows;
}

// Device behaviour: MQTT devices mostly confirm, inbox devices mostly fetch, APNs devices' SDK sends
// `received`, FCM devices never do; everyone may open (some without any receipt), click, dismiss.
export async function simulateAudience(
  appId: string,
  apiKey: string,
  campaignId: string,
  deliveries: SimDelivery[],
  random: () => number,
): Promise<SimTruth> {
  const truth: SimTruth = {
    received: new Set(),
    opened: new Set(),
    clicked: new Set(),
    dismissed: new Set(),
    events: [],
    postedBatches: 0,
    retriedBatches: 0,
  };
  const now = Date.now();
  // Device time: a few minutes after the send, never past the API's 5-minute skew allowance.
  const later = (d: SimDelivery) =>
    new Date(Math.min(now + 120_000, (d.sentAt?.getTime() ?? now) + random() * 240_000)).toISOString();
  const event = (d: SimDelivery, type: SimEvent["type"], extra: Partial<SimEvent> = {}): SimEvent => ({
    eventId: randomUUID(),
    installationId: d.installationId,
    type,
    messageId: d.id,
    occurredAt: later(d),
    ...extra,
  });
  const mqttClaims: Array<{ deliveryId: string; appId: string; installationId: string }> = [];
  const inboxFetches: SimDelivery[] = [];
  for (const d of deliveries) {
    if (random() < 0.25)
      truth.events.push({
        eventId: randomUUID(),
        installationId: d.installationId,
        type: "app_open",
        occurredAt: new Date(now - random() * 30_000).toISOString(),
      });
    // Refused by the Delivery: failed stays failed.
    if (d.status === "failed" && random() < 0.3) truth.events.push(event(d, "opened"));
    if (d.status !== "sent") continue;
    let got = false;
    if (d.channel === "mqtt" && random() < 0.85) {
      mqttClaims.push({ deliveryId: d.id, appId, installationId: d.installationId });
      got = true;
    } else if (d.channel === "poll" && random() < 0.8) {
      inboxFetches.push(d);
      got = true;
    } else if (d.channel === "apns" && random() < 0.7) {
      truth.events.push(event(d, "received"));
      got = true;
    }
    const opens = random() < (d.channel === "fcm" ? 0.2 : 0.3);
    if (opens) {
      // Half of the openers by message id, half by campaign id only; a few open twice (two event ids).
      const by = random() < 0.5 ? {} : { messageId: undefined, campaignId };
      truth.events.push(event(d, "opened", by));
      if (random() < 0.1) truth.events.push(event(d, "opened"));
      truth.opened.add(d.id);
      if (random() < 0.3) {
        truth.events.push(event(d, "clicked", { actionId: "buy" }));
        truth.clicked.add(d.id);
      }
    } else if (random() < 0.03) {
      // A click without an open event still is an open.
      truth.events.push(event(d, "clicked", { actionId: "later" }));
      truth.clicked.add(d.id);
      truth.opened.add(d.id);
    } else if (random() < 0.1) {
      truth.events.push(event(d, "dismissed"));
      truth.dismissed.add(d.id);
    }
    if (got || truth.opened.has(d.id) || truth.dismissed.has(d.id)) truth.received.add(d.id);
  }
  // Receipts first for half of the MQTT devices, the rest after their events (out of order).
  const half = Math.floor(mqttClaims.length / 2);
  for (let i = 0; i < half; i += 500) await markDelivered(mqttClaims.slice(i, Math.min(half, i + 500)));
  await postEvents(apiKey, truth, random);
  for (let i = half; i < mqttClaims.length; i += 500) await markDelivered(mqttClaims.slice(i, i + 500));
  for (const d of inboxFetches) await fetchInbox(apiKey, d.installationId);
  return truth;
}

async function post(
  apiKey: string,
  events: unknown[],
): Promise<{ accepted: number; duplicates: number; refused: unknown[] }> {
  const response = await handleApiRequest(jsonPost("http://localhost/api/v1/events", { events }, apiKey));
  if (response.status !== 200) throw new Error(`events batch answered ${response.status}: ${await response.text()}`);
  return response.json();
}

// Shuffled batches of up to 500, each with a few events repeated inside it; a fifth of the batches
// are posted twice (a client retrying after a lost answer), and one carries an unknown device.
async function postEvents(apiKey: string, truth: SimTruth, random: () => number) {
  const events = [...truth.events];
  for (let i = events.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [events[i], events[j]] = [events[j], events[i]];
  }
  for (let i = 0; i < events.length; i += 480) {
    const batch: unknown[] = events.slice(i, i + 480);
    for (let k = 0; k < 10 && batch.length; k++) batch.push(batch[Math.floor(random() * batch.length)]);
    if (i === 0)
      batch.push({
        eventId: randomUUID(),
        installationId: randomUUID(),
        type: "app_open",
        occurredAt: new Date().toISOString(),
      });
    await post(apiKey, batch);
    truth.postedBatches += 1;
    if (random() < 0.2) {
      const again = await post(apiKey, batch);
      if (again.accepted !== 0) throw new Error(`a retried batch added ${again.accepted} events`);
      truth.retriedBatches += 1;
    }
  }
}

async function fetchInbox(apiKey: string, installationId: string) {
  const response = await handleApiRequest(
    new Request(`http://localhost/api/v1/devices/${installationId}/inbox`, {
      headers: { authorization: `Bearer ${apiKey}` },
    }),
  );
  if (response.status !== 200) throw new Error(`inbox answered ${response.status}`);
  await response.arrayBuffer();
}
