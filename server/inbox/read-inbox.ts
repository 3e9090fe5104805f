// GET /api/v1/devices/{installationId}/inbox: a device's unexpired messages after a cursor,
// oldest first, with an ETag (304 on If-None-Match) and optional long-polling (?wait=<seconds>,
// default 0, at most 30): with nothing new the request is held until a message for this device
// arrives or the wait ends. Fetching marks poll deliveries `delivered`. Every statement is scoped
// by the authenticated app's id.
//
// Cursors are inbox row ids: one increasing sequence shared by every device, so a device's cursors
// jump. An `after` past the end of that sequence was never handed out; echoing it back as the next
// cursor would make a client that stores it skip every later message (they get smaller ids), so it
// is refused with 400 invalid-query instead (the client starts again without `after`).
import "server-only";
import { createHash } from "node:crypto";
import { markDelivered } from "@/server/receipts/mark-delivered";
import { NotFoundError, TooManyError, ValidationError } from "@/server/errors";
import { sqlPool } from "@/server/sql";
import type { InboxQuery } from "./schema";
import { watchInbox, waitersOf, type InboxWaiter } from "./waiters";

interface InboxRow {
  id: string;
  payload: Record<string, unknown>;
  deliveryId: string | null;
  campaignId: string;
}

// Concurrent long-polls one API key may hold in this process; more are refused with a TooManyError
// (the API answers 429; HERALD_INBOX_MAX_WAITERS_PER_APP).
function maxWaitersPerApp(): number {
  return Number(process.env.HERALD_INBOX_MAX_WAITERS_PER_APP ?? 5000);
}

async function findDevice(appId: string, installationId: string): Promise<string> {
  const { rows } = await sqlPool().query<{ id: string }>(
    `select id from "Device" where "appId" = $1 and "installationId" = $2`,
    [appId, installationId],
  );
  if (!rows.length) throw new NotFoundError("Device", `This app has no device with installationId ${installationId}.`);
  return rows[0].id;
}

async function readPage(appId: string, deviceId: string, after: string, limit: number): Promise<InboxRow[]> {
  const { rows } = await sqlPool().query<InboxRow>(
    `select id::text as id, payload, "deliveryId"::text as "deliveryId", "campaignId" from "InboxMessage"
      where "deviceId" = $1 and "appId" = $2 and id > $3::bigint
        and ("expiresAt" is null or "expiresAt" > now() at time zone 'UTC')
      order by id limit $4`,
    [deviceId, appId, after, limit],
  );
  return rows;
}

// Refuses a cursor no answer can have given: past the last inbox id ever taken from the sequence (the
// sequence only grows, and rolled-back inserts count too, so every cursor Herald handed out is at most it).
async function refuseCursorPastEnd(after: string): Promise<void> {
  const { rows } = await sqlPool().query<{ past: boolean }>(
    `select $1::bigint > coalesce(pg_sequence_last_value(pg_get_serial_sequence('"InboxMessage"', 'id')::regclass), 0)
       as past`,
    [after],
  );
  if (!rows[0]?.past) return;
  throw new ValidationError(
    "after is past the newest inbox message: it is not a cursor Herald returned. Start again without after " +
      "(and de-duplicate on messageId).",
    [{ path: "after", message: "after must be a cursor returned by an earlier call" }],
    "invalid-query",
  );
}

// Names one answer: the device, where it starts, and exactly which messages it holds (so an
// expired message changes it too).
function etagOf(deviceId: string, after: string, limit: number, rows: InboxRow[]): string {
  const hash = createHash("sha256")
    .update(`${deviceId}|${after}|${limit}|${rows.map((r) => r.id).join(",")}`)
    .digest("base64url");
  return `"${rows.at(-1)?.id ?? after}-${hash.slice(0, 22)}"`;
}

function matches(ifNoneMatch: string | null, etag: string): boolean {
  if (!ifNoneMatch) return false;
  return ifNoneMatch.split(",").some((tag) => {
    const t = tag.trim().replace(/^W\//, "");
    return t === "*" || t === etag;
  });
}

// SMS signalling: a device that fetches a message after an SMS signalled it is counted as having
// fetched it (SmsMessage.fetchedAt, once). Found through (campaignId, run, deviceId), the unique index.
async function markSmsFetched(deviceId: string, rows: InboxRow[]): Promise<void> {
  const campaigns = [...new Set(rows.map((r) => r.campaignId))];
  await sqlPool().query(
    `update "SmsMessage" set "fetchedAt" = now() at time zone 'UTC'
      where "campaignId" = any($2::uuid[]) and "deviceId" = $1 and "fetchedAt" is null
        and status in ('sent', 'delivered')`,
    [deviceId, campaigns],
  );
}

function answer(rows: InboxRow[], after: string, etag: string, notModified: boolean): Response {
  const headers = { ETag: etag, "Cache-Control": "private, no-cache" };
  if (notModified) return new Response(null, { status: 304, headers });
  const body = { messages: rows.map((r) => ({ ...r.payload, cursor: r.id })), cursor: rows.at(-1)?.id ?? after };
  return new Response(JSON.stringify(body), {
    status: 200,
    headers: { ...headers, "Content-Type": "application/json" },
  });
}

// Serves one inbox request for an authenticated app.
export async function readInbox(
  appId: string,
  installationId: string,
  query: InboxQuery,
  request: Request,
): Promise<Response> {
  const deviceId = await findDevice(appId, installationId);
  const after = query.after ?? "0";
  const ifNoneMatch = request.headers.get("if-none-match");
  const deadline = Date.now() + query.wait * 1000;
  let waiter: InboxWaiter | null = null;
  let checked = after === "0";
  try {
    for (;;) {
      const rows = await readPage(appId, deviceId, after, query.limit);
      // Only an empty page can come from a cursor past the end; checked once per request.
      if (!rows.length && !checked) {
        checked = true;
        await refuseCursorPastEnd(after);
      }
      const etag = etagOf(deviceId, after, query.limit, rows);
      const notModified = matches(ifNoneMatch, etag);
      if (rows.length && !notModified) {
        const claims = rows
          .filter((r) => r.deliveryId)
          .map((r) => ({ deliveryId: r.deliveryId!, appId, installationId }));
        await markDelivered(claims, "poll");
        await markSmsFetched(deviceId, rows);
        return answer(rows, after, etag, false);
      }
      const remaining = deadline - Date.now();
      if (remaining <= 0 || request.signal.aborted) return answer(rows, after, etag, notModified);
      if (!waiter) {
        if (waitersOf(appId) >= maxWaitersPerApp()) {
          throw new TooManyError(
            "This API key holds too many waiting inbox requests; retry shortly.",
            5,
            "too-many-waiters",
          );
        }
        // Watch first, then read again: a message added between the two reads still wakes us.
        waiter = await watchInbox(appId, deviceId);
        continue;
      }
      const outcome = await waiter.wait(remaining, request.signal);
      if (outcome === "aborted") return answer(rows, after, etag, notModified);
    }
  } finally {
    waiter?.close();
  }
}
