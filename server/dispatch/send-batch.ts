// Sends one claimed batch: loads its still-queued deliveries, renders each device's message, waits
// for rate-limit tokens, calls the provider and records every answer. Results are written only with
// `status = 'queued'` conditions, so a device is never recorded as sent twice, and a batch whose
// worker died is simply sent again for the devices it had not recorded. Results the database would
// not take because it was unreachable are held by the worker and written when it is back
// (pending-results.ts), so a database restart does not send a batch twice.
import "server-only";
import { isCredentialChannel } from "@/lib/channels";
import { recordCredentialSuccess } from "@/server/apps/credentials";
import { countRetries } from "@/server/ops/metrics";
import { sqlPool } from "@/server/sql";
import { campaignContext, type CampaignContext } from "./campaign-context";
import { channelEntry } from "./channel-registry";
import { admit } from "./circuit";
import type { ClaimedBatch } from "./claim-batches";
import { closeWaveIfDone, pauseCampaignForDispatch } from "./complete";
import type { DispatchConfig } from "./config";
import { isConnectionError } from "./connection-errors";
import type { PendingResults } from "./pending-results";
import { providerFor } from "./provider-cache";
import {
  ProviderConfigurationError,
  type OutgoingMessage,
  type PushProvider,
  type SendResult,
} from "./providers/types";
import { reserveTokens } from "./rate-limit";
import { expireDeliveries, recordResults, type RecordingProgress } from "./record";

interface QueuedRow {
  deliveryId: string;
  deviceId: string;
  installationId: string;
  platform: OutgoingMessage["platform"];
  token: string | null;
  variantKey: string | null;
  locale: string | null;
  attempts: number;
  // Queued longer ago than the campaign's time to live (never for a campaign without one).
  stale: boolean;
}

// The batch's deliveries still queued, each with the token of the device's address on the batch's
// channel (the one fan-out chose); `ttlSeconds` marks the ones too old to send (decided by the
// database's clock, which wrote queuedAt, and without turning every timestamp into a Date here).
async function queuedDeliveries(batchId: string, ttlSeconds: number | undefined): Promise<QueuedRow[]> {
  const { rows } = await sqlPool().query<QueuedRow>(
    `select d.id::text as "deliveryId", d."deviceId", v."installationId", v.platform::text as platform,
            (select a->>'token' from jsonb_array_elements(v.addresses) a where a->>'channel' = d.channel::text
              limit 1) as token,
            d."variantKey", d.locale, d.attempts,
            coalesce(d."queuedAt" < now() at time zone 'UTC' - $2::int * interval '1 second', false) as stale
       from "Delivery" d join "Device" v on v.id = d."deviceId"
      where d."batchId" = $1 and d.status = 'queued' order by d.id`,
    [batchId, ttlSeconds ?? null],
  );
  return rows;
}

// The message one device gets: its variant's content in its locale (or the fallback). Test sends use it too.
export function render(
  campaign: Pick<CampaignContext, "id" | "variants">,
  row: Pick<QueuedRow, "deliveryId" | "deviceId" | "installationId" | "platform" | "token" | "variantKey" | "locale">,
): OutgoingMessage {
  const variant = campaign.variants.find((v) => v.key === row.variantKey) ?? campaign.variants[0]!;
  const content = variant.content[row.locale ?? variant.fallbackLocale] ?? variant.content[variant.fallbackLocale]!;
  return {
    deliveryId: row.deliveryId,
    deviceId: row.deviceId,
    installationId: row.installationId,
    platform: row.platform,
    token: row.token,
    campaignId: campaign.id,
    variantKey: variant.key,
    locale: row.locale,
    content,
  };
}

// Releases a batch back to the queue (paused campaign, configuration error, held channel) without
// counting the attempt.
async function releaseBatch(batch: ClaimedBatch, config: DispatchConfig, delayMs = 0) {
  await sqlPool().query(
    `update "DispatchBatch" set state = 'pending', "leaseUntil" = null, "leasedBy" = null,
            attempts = greatest(attempts - 1, 0), "notBefore" = now() + $3 * interval '1 millisecond'
      where id = $1 and "leasedBy" = $2`,
    [batch.id, config.workerId, delayMs],
  );
}

// Keeps the lease alive from the claim until the batch is recorded or released.
function renewLease(batch: ClaimedBatch, config: DispatchConfig) {
  const timer = setInterval(
    () => {
      void sqlPool()
        .query(
          `update "DispatchBatch" set "leaseUntil" = now() + $3 * interval '1 millisecond'
            where id = $1 and "leasedBy" = $2 and state = 'claimed'`,
          [batch.id, config.workerId, config.leaseMs],
        )
        .catch(() => undefined);
    },
    Math.max(1000, config.leaseMs / 3),
  );
  timer.unref();
  return () => clearInterval(timer);
}

// Aborts the provider call when the campaign stops sending (pause, cancel) while it runs.
function watchCampaign(campaignId: string, controller: AbortController) {
  const timer = setInterval(() => {
    void campaignContext(campaignId, 1000).then(
      (c) => {
        if (!c || c.state !== "sending") controller.abort();
      },
      () => undefined,
    );
  }, 1000);
  timer.unref();
  return () => clearInterval(timer);
}

// Sends one batch end to end. Never throws for provider trouble; database errors propagate (the
// lease then runs out and another worker takes the batch), except a lost connection while recording
// what the provider accepted: with `pending`, those results are held and written later. The lease is
// renewed the whole time, not only during the provider call: recordings of one campaign take its row
// in turn, and a batch whose lease ran out while it waited to be recorded was claimed again and its
// devices sent twice.
export async function sendBatch(batch: ClaimedBatch, config: DispatchConfig, pending?: PendingResults): Promise<void> {
  const stopRenewing = renewLease(batch, config);
  try {
    await sendClaimedBatch(batch, config, pending);
  } finally {
    stopRenewing();
  }
}

async function sendClaimedBatch(batch: ClaimedBatch, config: DispatchConfig, pending?: PendingResults): Promise<void> {
  const campaign = await campaignContext(batch.campaignId, 1000);
  if (!campaign || campaign.state !== "sending") return releaseBatch(batch, config);
  // The channel's circuit breaker holds it (an outage): released, no attempt counted (circuit.ts).
  if ((await admit(campaign.appId, batch.channel, batch.id, config.circuit)).kind === "hold")
    return releaseBatch(batch, config);
  let rows = await queuedDeliveries(batch.id, campaign.options.ttlSeconds);
  // A message whose time to live ran out while it waited (paused campaign, backlog) is not sent late.
  if (rows.some((row) => row.stale)) {
    await expireDeliveries(
      batch,
      rows.filter((row) => row.stale).map((row) => row.deliveryId),
    );
    rows = rows.filter((row) => !row.stale);
  }
  if (!rows.length) {
    await sqlPool().query(
      `update "DispatchBatch" set state = 'done', "doneAt" = now(), "leaseUntil" = null
        where id = $1 and "leasedBy" = $2`,
      [batch.id, config.workerId],
    );
    return closeWaveIfDone(batch.waveId);
  }
  const entry = channelEntry(batch.channel);
  let provider: PushProvider;
  try {
    if (!entry)
      throw new ProviderConfigurationError(
        "channel_unavailable",
        `Herald cannot send through ${batch.channel} in this process.`,
      );
    provider = await providerFor(campaign.appId, batch.channel, entry);
  } catch (error) {
    if (!(error instanceof ProviderConfigurationError)) throw error;
    await releaseBatch(batch, config);
    await pauseCampaignForDispatch(campaign.id, `${batch.channel}: ${error.message}`, {
      appId: campaign.appId,
      channel: batch.channel,
    });
    return;
  }
  // Rate limits: the credential's quota and the campaign's throttle, shared by every worker.
  const waits = [
    reserveTokens(sqlPool(), `provider:${campaign.appId}:${batch.channel}`, rows.length, config.defaultRatePerMinute),
  ];
  if (campaign.throttlePerMinute)
    waits.push(reserveTokens(sqlPool(), `campaign:${campaign.id}`, rows.length, campaign.throttlePerMinute));
  const waitMs = Math.max(...(await Promise.all(waits)));
  let results: SendResult[];
  const messages = rows.map((row) => render(campaign, row));
  const controller = new AbortController();
  const stopWatching = watchCampaign(campaign.id, controller);
  // One sentAt for the pushed payload and its inbox copy (record.ts).
  let sentAt = new Date();
  try {
    if (waitMs > 0) await new Promise((resolve) => setTimeout(resolve, waitMs));
    countRetries(batch.channel, rows);
    sentAt = new Date();
    results = await provider.send({
      appId: campaign.appId,
      campaignId: campaign.id,
      options: campaign.options,
      messages,
      signal: controller.signal,
      sentAt,
    });
  } catch (error) {
    if (error instanceof ProviderConfigurationError) {
      await releaseBatch(batch, config);
      await pauseCampaignForDispatch(campaign.id, `${batch.channel}: ${error.message}`, {
        appId: campaign.appId,
        channel: batch.channel,
      });
      return;
    }
    // Anything else from a provider (a bug, a broken connection) counts as a transient failure of every message.
    const code = error instanceof Error ? error.name : "error";
    results = rows.map((row) => ({
      deliveryId: row.deliveryId,
      outcome: "retry" as const,
      errorCode: `provider_error:${code}`,
    }));
  } finally {
    stopWatching();
  }
  // Kept with held results: what this attempt wrote already is not written again (record.ts).
  const progress: RecordingProgress = {};
  try {
    await recordResults(batch, rows, results, config, campaign, messages, sentAt, progress);
  } catch (error) {
    // The provider has these messages: sending the batch again would reach its devices twice.
    if (!pending || !isConnectionError(error)) throw error;
    pending.hold({ batch, rows, results, config, campaign, messages, sentAt, progress }, error);
  }
  // A message the vendor took proves the credential works: it ends a recorded refusal (app page).
  if (isCredentialChannel(batch.channel) && results.some((result) => result.outcome === "sent"))
    await recordCredentialSuccess(campaign.appId, batch.channel).catch(() => undefined);
}
