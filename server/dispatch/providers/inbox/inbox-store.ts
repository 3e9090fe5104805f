// Writes messages into devices' inboxes and wakes the long-polls waiting for them. The inbox is
// the one channel whose transport IS the database, so unlike every other provider (ARCHITECTURE.md
// item 8: providers never talk to the database) this module writes rows: InboxMessage, unique on
// deliveryId so a retried batch adds nothing twice, then NOTIFY `herald_inbox` with the device ids.
import "server-only";
import { sqlPool } from "@/server/sql";
import { buildDevicePayload, expiryFor } from "../device-payload";
import type { DeliveryOptions, OutgoingMessage } from "../types";

// The LISTEN/NOTIFY channel; each payload is a comma-separated list of device ids.
export const inboxNotifyChannel = "herald_inbox";
// 200 uuids and their commas stay under NOTIFY's 8000-byte payload limit.
const idsPerNotify = 200;

// What every message of one append shares.
export interface InboxContext {
  appId: string;
  options: DeliveryOptions;
  // When the messages were sent (defaults to now); the payload's sentAt and the TTL count from it.
  sentAt?: Date;
}

// Something that runs a query: the pool, or a client inside the caller's transaction.
export interface Queryable {
  query<R extends object>(text: string, values?: unknown[]): Promise<{ rows: R[] }>;
}

// How long a message without a TTL stays in an inbox (HERALD_INBOX_RETENTION_DAYS, default 30).
export function inboxRetentionMs(): number {
  return Number(process.env.HERALD_INBOX_RETENTION_DAYS ?? 30) * 86_400_000;
}

const insertAndNotify = `
  with added as (
    insert into "InboxMessage" ("appId", "deviceId", "campaignId", "deliveryId", "payload", "createdAt", "expiresAt")
    select $1::uuid, m.device_id, m.campaign_id, m.delivery_id, m.payload, $6::timestamp, m.expires_at
      from unnest($2::uuid[], $3::uuid[], $4::bigint[], $5::jsonb[], $7::timestamp[]) as m(device_id, campaign_id, delivery_id, payload, expires_at)
    on conflict ("deliveryId") do nothing
    returning "deviceId"
  ), devices as (
    select "deviceId"::text as id, (row_number() over () - 1) / ${idsPerNotify} as chunk from (select distinct "deviceId" from added) d
  ), notified as (
    select pg_notify('${inboxNotifyChannel}', string_agg(id, ',')) from devices group by chunk
  )
  select (select count(*) from added)::int as added, (select count(*) from notified)::int as notifies`;

// Appends one message per device to the inboxes (idempotent per deliveryId) and wakes their
// long-polls. Answers how many rows were new. Pass `executor` to write inside your own transaction.
export async function appendToInbox(messages: OutgoingMessage[], context: InboxContext, executor: Queryable = sqlPool()): Promise<number> {
  if (!messages.length) return 0;
  const sentAt = context.sentAt ?? new Date();
  const retainUntil = new Date(sentAt.getTime() + inboxRetentionMs());
  const expiry = expiryFor(context.options, sentAt);
  const rowExpiry = expiry && expiry < retainUntil ? expiry : retainUntil;
  const { rows } = await executor.query<{ added: number }>(insertAndNotify, [
    context.appId,
    messages.map((m) => m.deviceId),
    messages.map((m) => m.campaignId),
    messages.map((m) => m.deliveryId),
    messages.map((m) => JSON.stringify(buildDevicePayload(m, context.options, sentAt))),
    sentAt.toISOString().replace("Z", ""),
    messages.map(() => rowExpiry.toISOString().replace("Z", "")),
  ]);
  return rows[0].added;
}
