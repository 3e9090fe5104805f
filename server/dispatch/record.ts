// Records a provider's answers for one batch in one transaction: final outcomes move deliveries out
// of `queued` (only from `queued`: forward-only, never sent twice), transient ones count an attempt and
// send the batch back to the queue with a backoff until the retry window from the delivery's first
// attempt has passed (then it fails, marked as failed transiently); every batch's answers go to the
// channel's circuit breaker (circuit.ts), and while it holds the channel (an outage) the batch waits
// for it without counting an attempt and its deliveries stay queued (up to holdMaxMs); a dead token
// makes its address invalid (and its device, when no other address is active:
// server/devices/invalidate-addresses.ts) and moves the delivery, still queued, to a new batch on
// the device's next candidate channel (in-run fallback; it fails when no candidate is left). A sent
// delivery records the address (token) it was sent to.
import "server-only";
import type { PoolClient } from "pg";
import { channelBit, type DeviceChannel } from "@/lib/channels/devices";
import { invalidateAddresses } from "@/server/devices/invalidate-addresses";
import type { CampaignContext } from "./campaign-context";
import type { ClaimedBatch } from "./claim-batches";
import { observe, verdictOf } from "./circuit";
import type { CircuitRow } from "./circuit-machine";
import { closeWaveIfDone, pauseCampaignForDispatch } from "./complete";
import type { DispatchConfig } from "./config";
import { countersSql, inRecordingTransaction, recordingCountersSql } from "./campaign-tx";
import { errorPauseReason } from "./error-rate";
import { appendToInboxQuietly, notifyInboxes } from "@/server/inbox/store";
import { DISPATCH_CHANNEL } from "@/server/wake";
import type { OutgoingMessage, SendResult } from "./providers/types";
import { configuredChannels, dispatchRouter, insertBatches, reserveBatchIds, sliceByChannel } from "./routing";
import { suppressSpentQuota } from "./vendor-quota";

// Exponential backoff with full jitter from 1 s, capped at 5 minutes; never sooner than the vendor asked.
export function backoffMs(attempt: number, retryAfterMs = 0, random = Math.random): number {
  const ceiling = Math.min(300_000, 1000 * 2 ** Math.max(0, attempt - 1));
  return Math.max(retryAfterMs, Math.round(ceiling / 2 + (random() * ceiling) / 2));
}

// Where each delivery whose address proved dead goes next: the first channel left on the device's
// route once the dead address's bit is cleared from its mask (the same policy and campaign rules as
// fan-out), each in a reserved new batch; deliveries without one are absent (they fail). The batch's
// own channel is never a candidate, even when the device registered a new token on it meanwhile.
async function fallbackRoutes(
  client: PoolClient,
  batch: ClaimedBatch,
  campaign: CampaignContext,
  dead: Array<{ deliveryId: string; deviceId: string }>,
): Promise<Map<string, { channel: string; batchId: string }>> {
  const next = new Map<string, { channel: string; batchId: string }>();
  if (!dead.length) return next;
  const { rows: devices } = await client.query<{ id: string; platform: string; maker: string | null; mask: number }>(
    `select id, platform::text as platform, maker::text as maker, "channelMask" as mask
       from "Device" where id = any($1::uuid[])`,
    [dead.map((d) => d.deviceId)],
  );
  const byId = new Map(devices.map((device) => [device.id, device]));
  const route = dispatchRouter(campaign, await configuredChannels(client, campaign.appId));
  const cleared = ~(1 << channelBit[batch.channel as DeviceChannel]);
  const moved: Array<{ deliveryId: string; channel: string }> = [];
  for (const { deliveryId, deviceId } of dead) {
    const device = byId.get(deviceId);
    const channel = device ? route(device.platform, device.maker, device.mask & cleared)[0] : undefined;
    if (channel) moved.push({ deliveryId, channel });
  }
  const slices = sliceByChannel(campaign, moved, (m) => m.channel);
  const ids = await reserveBatchIds(client, slices.length);
  slices.forEach((slice, i) =>
    slice.items.forEach((m) => next.set(m.deliveryId, { channel: slice.channel, batchId: ids[i]! })),
  );
  return next;
}

interface Row {
  deliveryId: string;
  deviceId: string;
  attempts: number;
}

// Every message a device is sent also lands in its inbox (the poll channel writes it there itself),
// in the same transaction as its record. HERALD_INBOX_COPY=false turns the copy off.
const inboxCopy = process.env.HERALD_INBOX_COPY !== "false";

// What one batch's recording has already written outside its transaction. The sender keeps it with
// results the database would not take (pending-results.ts), so that writing them again once the
// database is back does not repeat it: the circuit breaker counts each batch's answers once (its
// row is written in a transaction of its own, before the results; counted twice, one failed batch
// would weigh double and could open the circuit by itself).
export interface RecordingProgress {
  // The channel's circuit once this batch's answers were counted in it.
  circuit?: CircuitRow;
}

export async function recordResults(
  batch: ClaimedBatch,
  rows: Row[],
  results: SendResult[],
  config: DispatchConfig,
  campaign: CampaignContext,
  messages: OutgoingMessage[],
  // When the provider was called: the inbox copies' sentAt, the same as the pushed payload's.
  sentAt: Date = new Date(),
  // Shared by every attempt to record this batch (see RecordingProgress).
  progress: RecordingProgress = {},
): Promise<void> {
  const byId = new Map(rows.map((row) => [row.deliveryId, row]));
  const ids: string[] = [];
  const statuses: string[] = [];
  const messageIds: Array<string | null> = [];
  const errors: Array<string | null> = [];
  const invalidDevices: string[] = [];
  const invalidTokens: Array<string | null> = [];
  const invalidCodes: Array<string | null> = [];
  // The deliveries whose address the vendor called dead (their index in `ids`): candidates for fallback.
  const dead: Array<{ index: number; deliveryId: string; deviceId: string }> = [];
  // The token each sent delivery went to (Delivery.address), null for the others.
  const addresses: Array<string | null> = [];
  const tokenOf = new Map(messages.map((message) => [message.deliveryId, message.token]));
  let retryAfter = 0;
  let aborted = 0;
  const quotaSpent: Array<{ deliveryId: string; errorCode: string }> = [];
  const answered = new Set<string>();
  for (const result of results) {
    const row = byId.get(result.deliveryId);
    if (!row || answered.has(result.deliveryId)) continue;
    answered.add(result.deliveryId);
    if (result.outcome === "retry" && result.errorCode === "aborted") {
      aborted += 1;
      continue;
    }
    // The vendor's daily quota is spent: not retried, suppressed as vendor_quota (vendor-quota.ts).
    if (result.outcome === "retry" && result.quota) {
      quotaSpent.push({ deliveryId: result.deliveryId, errorCode: result.errorCode });
      continue;
    }
    ids.push(result.deliveryId);
    addresses.push(result.outcome === "sent" ? (tokenOf.get(result.deliveryId) ?? null) : null);
    if (result.outcome === "sent") {
      statuses.push("sent");
      messageIds.push(result.providerMessageId ?? null);
      errors.push(null);
    } else if (result.outcome === "retry") {
      // Queued again, or failed when its retry window has run out: the database decides (below).
      statuses.push("retry");
      messageIds.push(null);
      errors.push(result.errorCode);
      retryAfter = Math.max(retryAfter, result.retryAfterMs ?? 0);
    } else {
      statuses.push("failed");
      messageIds.push(null);
      errors.push(result.errorCode);
      if (result.outcome === "invalid_token") {
        dead.push({ index: ids.length - 1, deliveryId: result.deliveryId, deviceId: row.deviceId });
        invalidDevices.push(row.deviceId);
        invalidTokens.push(tokenOf.get(result.deliveryId) ?? null);
        invalidCodes.push(result.errorCode);
      }
    }
  }
  // A provider that forgot a message: treat it as transient, it is sent again.
  const missing = rows.length - answered.size;
  // What the answers say about the channel; while its circuit is open the channel is held: this
  // batch waits for it without counting an attempt, and its deliveries stay queued up to holdMaxMs.
  // Counted once per batch, also when this recording is tried again after a lost connection.
  progress.circuit ??= await observe(campaign.appId, batch.channel, verdictOf(batch.id, results), config.circuit);
  const circuit = progress.circuit;
  const held = circuit.state !== "closed";
  const windowMs = held ? Math.max(config.holdMaxMs, config.retryWindowMs) : config.retryWindowMs;
  let inboxDevices: string[] = [];
  const totals = await inRecordingTransaction(async (client) => {
    inboxDevices = [];
    // A dead address's delivery stays queued and moves to a new batch on the device's next channel.
    const next = await fallbackRoutes(client, batch, campaign, dead);
    const rowStatuses = statuses.slice();
    const channels: Array<string | null> = ids.map(() => null);
    const batches: Array<string | null> = ids.map(() => null);
    for (const { index, deliveryId } of dead) {
      const route = next.get(deliveryId);
      if (!route) continue;
      rowStatuses[index] = "queued";
      channels[index] = route.channel;
      batches[index] = route.batchId;
    }
    // The batch's own rows first (see campaign-tx.ts for the lock order). Only rows still queued in
    // this batch change: a batch sent again after its worker died finds its moved rows gone.
    const { rows: changed } = await client.query<{
      status: string;
      deviceId: string;
      id: string;
      batch: string | null;
    }>(
      // A receipt may have beaten the provider's answer (queued -> delivered): it keeps "delivered" and gains its
      // sentAt. A moved row starts its new channel with a fresh retry budget (attempts 0, no first attempt).
      // A transient failure ('retry') stays queued until $9 ms from its first attempt have passed; then it
      // fails, failedTransiently. The time to live is not checked here: a queued delivery past it is
      // suppressed as expired before its next attempt (send-batch.ts), as before the retry window.
      `with answers as (
         select r.*, r.status = 'retry' and (now() at time zone 'UTC') >=
                  coalesce(d."firstAttemptAt", now() at time zone 'UTC') + $9::float8 * interval '1 millisecond'
                  as expired
           from unnest($1::bigint[], $2::text[], $3::text[], $4::text[], $6::text[], $7::bigint[], $8::text[])
                as r(id, status, message, error, channel, batch, address)
           join "Delivery" d on d.id = r.id
       )
       update "Delivery" d
          set status = case when d.status = 'delivered' then d.status
                            when r.status = 'retry'
                              then (case when r.expired then 'failed' else 'queued' end)::"DeliveryStatus"
                            else r.status::"DeliveryStatus" end,
              "providerMessageId" = coalesce(r.message, d."providerMessageId"),
              "errorCode" = r.error, "updatedAt" = now(),
              attempts = case when r.batch is null then d.attempts + 1 else 0 end,
              "firstAttemptAt" = case when r.batch is null then coalesce(d."firstAttemptAt", now() at time zone 'UTC')
                                      else null end,
              "failedTransiently" = r.expired,
              channel = coalesce(r.channel::"Channel", d.channel),
              "batchId" = coalesce(r.batch, d."batchId"),
              address = case when r.status = 'sent' then r.address else d.address end,
              "sentAt" = case when r.status = 'sent' then now() else d."sentAt" end,
              "failedAt" = case when r.status = 'failed' or r.expired then now() else d."failedAt" end
         from answers r
        where d.id = r.id and d."batchId" = $5
          and (d.status = 'queued' or (r.status = 'sent' and d.status = 'delivered' and d."sentAt" is null))
        returning (case when r.expired then 'failed' else r.status end) as status, d."deviceId", d.id::text,
                  r.batch::text as batch`,
      [ids, rowStatuses, messageIds, errors, batch.id, channels, batches, addresses, windowMs],
    );
    const sent = changed.filter((r) => r.status === "sent");
    const failed = changed.filter((r) => r.status === "failed").length;
    const retrying = changed.filter((r) => r.status === "retry").length;
    const spent = await suppressSpentQuota(client, batch.id, quotaSpent);
    // The new batches, sized by the rows that actually moved.
    const movedTo = new Map<string, number>();
    for (const row of changed) if (row.batch) movedTo.set(row.batch, (movedTo.get(row.batch) ?? 0) + 1);
    if (movedTo.size) {
      const channelOfBatch = new Map([...next.values()].map((route) => [route.batchId, route.channel]));
      await insertBatches(
        client,
        campaign,
        batch.waveId,
        [...movedTo].map(([id, size]) => ({ id, channel: channelOfBatch.get(id)!, size })),
      );
      await client.query(`select pg_notify($1, $2)`, [DISPATCH_CHANNEL, "batches"]);
    }
    await invalidateAddresses(
      batch.channel as DeviceChannel,
      invalidDevices.map((deviceId, i) => ({
        deviceId,
        token: invalidTokens[i] ?? null,
        code: invalidCodes[i] ?? null,
      })),
      client,
    );
    const again = retrying + aborted + missing > 0;
    // A held channel's batch waits for the circuit (the claim skips it until the probe time), not for
    // its own backoff, and the wait is no attempt of its own.
    const delay = held || (aborted + missing > 0 && retrying === 0) ? 0 : backoffMs(batch.attempts, retryAfter);
    await client.query(
      again
        ? `update "DispatchBatch" set state = 'pending', "leaseUntil" = null, "leasedBy" = null,
                  "notBefore" = now() + $3 * interval '1 millisecond', "lastError" = $4,
                  attempts = case when $5 then greatest(attempts - 1, 0) else attempts end
            where id = $1 and "leasedBy" = $2`
        : `update "DispatchBatch" set state = 'done', "doneAt" = now(), "leaseUntil" = null
            where id = $1 and "leasedBy" = $2`,
      again
        ? [batch.id, config.workerId, delay, errors.find((e) => e) ?? null, retrying === 0 || held]
        : [batch.id, config.workerId],
    );
    if (inboxCopy && sent.length && batch.channel !== "poll") {
      const sentIds = new Set(sent.map((r) => r.id));
      inboxDevices = await appendToInboxQuietly(
        messages.filter((m) => sentIds.has(m.deliveryId)),
        { appId: campaign.appId, options: campaign.options, sentAt },
        client,
      );
    }
    // The campaign's shared rows last, in one statement, held only until the commit.
    if (!sent.length && !failed && !spent) return undefined;
    const { rows: t } = await client.query<{ sent: number; failed: number }>(recordingCountersSql, [
      batch.campaignId,
      spent,
      sent.length,
      failed,
      -(sent.length + failed + spent),
      config.errorWindowMs,
    ]);
    return t[0];
  });
  // Long-polls wake once the inbox rows have committed (a lost wake-up only delays them to their next poll).
  await notifyInboxes(inboxDevices).catch(() => undefined);
  // The recent failure rate, not the campaign-wide share (error-rate.ts).
  const pauseReason = totals ? errorPauseReason(totals, config) : null;
  if (pauseReason) await pauseCampaignForDispatch(batch.campaignId, pauseReason);
  await closeWaveIfDone(batch.waveId);
}

// Marks deliveries whose time to live ran out before they could be sent as suppressed (expired).
export async function expireDeliveries(batch: ClaimedBatch, deliveryIds: string[]): Promise<void> {
  await inRecordingTransaction(async (client) => {
    const { rowCount } = await client.query(
      `update "Delivery" set status = 'suppressed', reason = 'expired', "updatedAt" = now()
        where id = any($1::bigint[]) and status = 'queued' and "batchId" = $2`,
      [deliveryIds, batch.id],
    );
    if (rowCount) await client.query(countersSql, [batch.campaignId, 0, rowCount, 0, 0, -rowCount]);
  });
}
