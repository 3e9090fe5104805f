// Writes messages into devices' inboxes and wakes the long-polls waiting for them. The inbox is
// the one channel whose transport IS the database, which is why it lives here, in Herald's own
// server/inbox, and not among the vendor adapters under dispatch/providers: InboxMessage rows,
// unique on deliveryId so a retried batch adds nothing twice, then NOTIFY `herald_inbox` with the
// device ids.
import "server-only";
import { sqlPool } from "@/server/sql";
import { devicePayloadTemplate, expiryFor, type DevicePayload } from "@/server/dispatch/providers/device-payload";
import type { DeliveryOptions, OutgoingMessage, RenderedContent } from "@/server/dispatch/providers/types";

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

// $1 app, $2 devices, $3 campaigns, $4 deliveries, $5 the distinct payloads without their messageId
// (one JSON array: every device of a variant and locale gets the same message), $6 which of them each
// delivery gets (1-based), $7 sent at, $8 expiry. Each row's payload is its template plus its messageId
// (jsonb orders keys itself, so the stored document is the same as buildDevicePayload's).
const insertRows = `
    insert into "InboxMessage" ("appId", "deviceId", "campaignId", "deliveryId", "payload", "createdAt", "expiresAt")
    select $1::uuid, m.device_id, m.campaign_id, m.delivery_id,
           t.payload || jsonb_build_object('messageId', m.delivery_id::text), $7::timestamp, $8::timestamp
      from unnest($2::uuid[], $3::uuid[], $4::bigint[], $6::int[]) as m(device_id, campaign_id, delivery_id, template)
      join jsonb_array_elements($5::jsonb) with ordinality as t(payload, n) on t.n = m.template
    on conflict ("deliveryId") do nothing
    returning "deviceId"`;

const insertAndNotify = `
  with added as (${insertRows}
  ), devices as (
    select "deviceId"::text as id, (row_number() over () - 1) / ${idsPerNotify} as chunk
      from (select distinct "deviceId" from added) d
  ), notified as (
    select pg_notify('${inboxNotifyChannel}', string_agg(id, ',')) from devices group by chunk
  )
  select (select count(*) from added)::int as added, (select count(*) from notified)::int as notifies`;

function insertValues(messages: OutgoingMessage[], context: InboxContext): unknown[] {
  const sentAt = context.sentAt ?? new Date();
  const retainUntil = new Date(sentAt.getTime() + inboxRetentionMs());
  const expiry = expiryFor(context.options, sentAt);
  const rowExpiry = expiry && expiry < retainUntil ? expiry : retainUntil;
  // One template per distinct message (content, campaign, variant, locale), in first-seen order.
  const templates: Array<Omit<DevicePayload, "messageId">> = [];
  const indexOf = new Map<RenderedContent, Map<string, number>>();
  const templateOf = (message: OutgoingMessage) => {
    let byKey = indexOf.get(message.content);
    if (!byKey) indexOf.set(message.content, (byKey = new Map()));
    const key = `${message.campaignId}|${message.variantKey ?? ""}|${message.locale ?? ""}`;
    let index = byKey.get(key);
    if (index === undefined) {
      byKey.set(key, (index = templates.push(devicePayloadTemplate(message, context.options, sentAt))));
    }
    return index;
  };
  const order = messages.map(templateOf);
  return [
    context.appId,
    messages.map((m) => m.deviceId),
    messages.map((m) => m.campaignId),
    messages.map((m) => m.deliveryId),
    JSON.stringify(templates),
    order,
    sentAt.toISOString().replace("Z", ""),
    rowExpiry.toISOString().replace("Z", ""),
  ];
}

// Appends one message per device to the inboxes (idempotent per deliveryId) and wakes their
// long-polls. Answers how many rows were new. Pass `executor` to write inside your own transaction.
export async function appendToInbox(
  messages: OutgoingMessage[],
  context: InboxContext,
  executor: Queryable = sqlPool(),
): Promise<number> {
  if (!messages.length) return 0;
  const { rows } = await executor.query<{ added: number }>(insertAndNotify, insertValues(messages, context));
  return rows[0].added;
}

// The same rows without the wake-up, inside the caller's transaction: answers the devices whose
// inboxes gained a message, for notifyInboxes() after the commit. A NOTIFY makes its transaction's
// commit take PostgreSQL's database-wide notify lock (commits that notify go one at a time, WAL
// flush included); the dispatcher's recordings commit far more often than anything else and so
// notify on their own, after their commit.
export async function appendToInboxQuietly(
  messages: OutgoingMessage[],
  context: InboxContext,
  executor: Queryable,
): Promise<string[]> {
  if (!messages.length) return [];
  const { rows } = await executor.query<{ deviceId: string }>(insertRows, insertValues(messages, context));
  return [...new Set(rows.map((row) => row.deviceId))];
}

// Wakes the long-polls of `deviceIds` (after the rows they are to read have committed).
export async function notifyInboxes(deviceIds: string[], executor: Queryable = sqlPool()): Promise<void> {
  if (!deviceIds.length) return;
  const chunks: string[] = [];
  for (let i = 0; i < deviceIds.length; i += idsPerNotify) chunks.push(deviceIds.slice(i, i + idsPerNotify).join(","));
  await executor.query(`select pg_notify('${inboxNotifyChannel}', chunk) from unnest($1::text[]) as chunk`, [chunks]);
}
