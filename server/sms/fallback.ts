// SMS signalling as a fallback: the job that runs the app's window (minutes) after a wave was sent and
// texts the devices that have not confirmed the push, within the campaign's SMS budget.
//
// For one wave:
// 1. Candidates: the wave's deliveries not received (no deliveredAt; queued, sent or failed) whose
//    device has an active `sms` address and a phone number that has not opted out, and no SmsMessage
//    yet for this campaign run.
// 2. Quiet hours always hold for SMS (breaking news too): a device inside the app's quiet hours in its
//    own time zone (the app's when it has none) gets a suppressed row with the reason quiet_hours. Not
//    rescheduled: a signal hours later points at news that is stale by then, and the message waits in
//    the inbox anyway.
// 3. The message is put in the device's inbox if the push went through another channel without a
//    copy there (a failed push, or inbox copies turned off), so the signal has something to point at.
//    The signal carries the message id (the payload's messageId, the Delivery id) as its code.
// 4. Budget: inside one transaction holding the Campaign row's lock, the SMS already reserved by any
//    run or wave of the campaign are summed and the candidates admitted in device order while both
//    the count and the money stay within the campaign's limits; the rest are written suppressed with
//    the reason budget. Rows are inserted with `on conflict do nothing` on (campaignId, run, deviceId)
//    and only the rows this call inserted are sent: a rerun of the job (or two jobs at once) sends
//    nothing twice, and two waves' jobs never exceed the budget together.
// 5. Sending in chunks through the app's SmsSender (injected: the provider half lives in
//    server/sms/sender.ts); each result is recorded: sent (provider and its id), retry (again after
//    the provider's delay with backoff, at most `maxAttempts`), opted_out (the number is marked
//    opted out), failed. A cost stays reserved once the row is written. A process that dies between
//    writing rows and recording the provider's answers leaves them queued: a rerun never sends them,
//    because the provider may have taken them already (at most once, never twice).
import "server-only";
import {
  messagePriceMicros,
  renderSignal,
  sampleSignal,
  smsAllowedFor,
  smsPolicyOf,
  smsTemplateFor,
  type SmsPolicy,
} from "@/lib/sms/policy";
import { countSegments } from "@/lib/sms/segments";
import { inQuietWindow, isValidTimeZone, quietHoursOf, utcToZoned, type QuietHours } from "@/lib/schedule";
import { campaignContext, type CampaignContext } from "@/server/dispatch/campaign-context";
import type { OutgoingMessage } from "@/server/dispatch/providers/types";
import { appendToInbox } from "@/server/inbox/store";
import { log } from "@/server/log";
import { sqlPool } from "@/server/sql";
import { unsealPhoneNumber } from "./phone-seal";
import type { SmsOutgoing, SmsResult, SmsSender } from "@/server/dispatch/providers/sms/types";

// The app's sender, or null when it has no SMS credential.
export type SmsSenderFor = (appId: string) => Promise<SmsSender | null>;

export interface SmsFallbackOptions {
  senderFor: SmsSenderFor;
  // Candidates read and reserved per transaction, and messages per sender call.
  chunkSize?: number;
  // Sends of one message before a retry result becomes failed.
  maxAttempts?: number;
  // Backoff before the n-th retry: max(provider's retryAfterMs, base * 2^(n-1)), capped.
  retryBaseMs?: number;
  maxRetryDelayMs?: number;
  now?: () => Date;
}

export interface SmsFallbackOutcome {
  // Why nothing was done, when nothing was.
  skipped?: "no_wave" | "not_allowed" | "no_budget" | "campaign_stopped" | "no_sender";
  candidates: number;
  queued: number;
  quietHours: number;
  overBudget: number;
  sent: number;
  optedOut: number;
  failed: number;
}

interface WaveRow {
  waveId: string;
  campaignId: string;
  run: number;
  appId: string;
  type: string;
  breaking: boolean;
  campaignState: string;
  smsMaxMessages: number | null;
  smsMaxCostMicros: string | null;
  smsPolicy: unknown;
  timezone: string;
  quietHoursStart: number | null;
  quietHoursEnd: number | null;
}

interface Candidate {
  deliveryId: string;
  deviceId: string;
  installationId: string;
  platform: OutgoingMessage["platform"];
  variantKey: string | null;
  locale: string | null;
  timezone: string | null;
  phoneNumberId: string;
  country: string;
  hasInbox: boolean;
}

// A candidate with what it would be sent and cost.
interface Planned extends Candidate {
  status: "queued" | "suppressed";
  reason: string | null;
  body: string;
  segments: number;
  costMicros: number;
}

const waveQuery = `
  select w.id::text as "waveId", w."campaignId", w.run, c."appId", c.type::text as type, c.breaking,
         c.state::text as "campaignState", c."smsMaxMessages", c."smsMaxCostMicros"::text as "smsMaxCostMicros",
         a."smsPolicy", a.timezone, a."quietHoursStart", a."quietHoursEnd"
    from "CampaignWave" w join "Campaign" c on c.id = w."campaignId" join "App" a on a.id = c."appId"
   where w.id = $1`;

// $1 wave, $2 device id after which to read (keyset), $3 how many.
const candidatesQuery = `
  select d.id::text as "deliveryId", d."deviceId", v."installationId", v.platform::text as platform,
         d."variantKey", d.locale, v.timezone, p.id as "phoneNumberId", p.country,
         exists (select 1 from "InboxMessage" i where i."deliveryId" = d.id) as "hasInbox"
    from "Delivery" d
    join "Device" v on v.id = d."deviceId"
    join "PhoneNumber" p on p."deviceId" = d."deviceId" and p."appId" = v."appId"
   where d."waveId" = $1 and d."deviceId" > $2::uuid
     and d.status in ('queued', 'sent', 'failed') and d."deliveredAt" is null
     and p."optedOutAt" is null and v.status <> 'unsubscribed'
     and v.addresses @> '[{"channel": "sms", "status": "active"}]'::jsonb
     and not exists (select 1 from "SmsMessage" s
                      where s."campaignId" = d."campaignId" and s.run = d.run and s."deviceId" = d."deviceId")
   order by d."deviceId"
   limit $3`;

// $1 campaign, $2 run, $3.. the rows' columns; answers the rows this statement inserted.
const insertRows = `
  insert into "SmsMessage" ("campaignId", run, "deviceId", "deliveryId", "phoneNumberId", provider, status, reason,
                            segments, country, "costMicros", "queuedAt")
  select $1::uuid, $2::int, r.device_id, r.delivery_id, r.phone_id, $3, r.status::"SmsStatus", r.reason,
         r.segments, r.country, r.cost, now() at time zone 'UTC'
    from unnest($4::uuid[], $5::bigint[], $6::uuid[], $7::text[], $8::text[], $9::int[], $10::text[], $11::bigint[])
         as r(device_id, delivery_id, phone_id, status, reason, segments, country, cost)
  on conflict ("campaignId", run, "deviceId") do nothing
  returning id::text as id, "deviceId", status::text as status`;

function sleep(ms: number) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function inQuietHours(now: Date, timezone: string | null, appZone: string, quiet: QuietHours | null): boolean {
  if (!quiet) return false;
  const zone = timezone && isValidTimeZone(timezone) ? timezone : appZone;
  const local = utcToZoned(now, zone);
  return inQuietWindow(local.hour * 60 + local.minute, quiet);
}

// The message a device was pushed, rendered as the dispatcher renders it (variant, then best locale).
function outgoingOf(campaign: CampaignContext, row: Candidate): OutgoingMessage | null {
  const variant = campaign.variants.find((v) => v.key === row.variantKey) ?? campaign.variants[0];
  if (!variant) return null;
  const content = variant.content[row.locale ?? variant.fallbackLocale] ?? variant.content[variant.fallbackLocale];
  if (!content) return null;
  return {
    deliveryId: row.deliveryId,
    deviceId: row.deviceId,
    installationId: row.installationId,
    platform: row.platform,
    token: null,
    campaignId: campaign.id,
    variantKey: variant.key,
    locale: row.locale,
    content,
  };
}

function plan(policy: SmsPolicy, row: Candidate, quiet: boolean): Planned {
  if (quiet) {
    const segments = sampleSignal(policy, row.locale).segments.segments;
    return { ...row, status: "suppressed", reason: "quiet_hours", body: "", segments, costMicros: 0 };
  }
  const body = renderSignal(smsTemplateFor(policy, row.locale), { code: row.deliveryId, linkBase: policy.linkBase });
  const segments = countSegments(body).segments;
  const costMicros = messagePriceMicros(policy, row.country, segments);
  return { ...row, status: "queued", reason: null, body, segments, costMicros };
}

// Reserves the budget for `planned` (in order) and writes their rows; answers the rows written as queued.
async function reserve(
  wave: WaveRow,
  provider: string,
  planned: Planned[],
): Promise<{ queued: Array<Planned & { id: string }>; overBudget: number; quietHours: number }> {
  const client = await sqlPool().connect();
  try {
    await client.query("begin");
    const { rows: locked } = await client.query<{ maxMessages: number | null; maxCost: string | null }>(
      `select "smsMaxMessages" as "maxMessages", "smsMaxCostMicros"::text as "maxCost"
         from "Campaign" where id = $1 for update`,
      [wave.campaignId],
    );
    const limits = locked[0];
    const { rows: used } = await client.query<{ count: number; cost: string }>(
      `select count(*)::int as count, coalesce(sum("costMicros"), 0)::text as cost
         from "SmsMessage" where "campaignId" = $1 and status <> 'suppressed'`,
      [wave.campaignId],
    );
    let count = used[0]!.count;
    let cost = BigInt(used[0]!.cost);
    const maxMessages = limits?.maxMessages ?? 0;
    const maxCost = BigInt(limits?.maxCost ?? 0);
    let overBudget = 0;
    let quietHours = 0;
    for (const row of planned) {
      if (row.status !== "queued") {
        quietHours += 1;
        continue;
      }
      if (count + 1 > maxMessages || cost + BigInt(row.costMicros) > maxCost) {
        row.status = "suppressed";
        row.reason = "budget";
        row.costMicros = 0;
        overBudget += 1;
        continue;
      }
      count += 1;
      cost += BigInt(row.costMicros);
    }
    const { rows } = await client.query<{ id: string; deviceId: string; status: string }>(insertRows, [
      wave.campaignId,
      wave.run,
      provider,
      planned.map((r) => r.deviceId),
      planned.map((r) => r.deliveryId),
      planned.map((r) => r.phoneNumberId),
      planned.map((r) => r.status),
      planned.map((r) => r.reason),
      planned.map((r) => r.segments),
      planned.map((r) => r.country),
      planned.map((r) => String(r.costMicros)),
    ]);
    await client.query("commit");
    const byDevice = new Map(planned.map((r) => [r.deviceId, r]));
    const queued = rows.filter((r) => r.status === "queued").map((r) => ({ ...byDevice.get(r.deviceId)!, id: r.id }));
    return { queued, overBudget, quietHours };
  } catch (error) {
    await client.query("rollback").catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}

async function recordResults(results: SmsResult[], provider: string): Promise<void> {
  const sent = results.filter((r) => r.status === "sent");
  const failed = results.filter((r) => r.status === "failed" || r.status === "opted_out");
  if (sent.length) {
    await sqlPool().query(
      // A status callback may have moved the row on before this answer was recorded (the provider
      // reported delivery first): keep its status, fill in what the send answered.
      `update "SmsMessage" s set status = case when s.status = 'queued' then 'sent'::"SmsStatus" else s.status end,
              "providerMessageId" = coalesce(s."providerMessageId", r.pid),
              "sentAt" = coalesce(s."sentAt", now() at time zone 'UTC'), provider = $3
         from unnest($1::bigint[], $2::text[]) as r(id, pid)
        where s.id = r.id
          and (s.status = 'queued' or (s."sentAt" is null and s.status in ('delivered', 'undelivered')))`,
      [sent.map((r) => r.id.toString()), sent.map((r) => r.providerMessageId), provider],
    );
  }
  if (failed.length) {
    await sqlPool().query(
      `update "SmsMessage" s set status = 'failed', reason = r.reason, "errorCode" = r.code,
              "failedAt" = now() at time zone 'UTC'
         from unnest($1::bigint[], $2::text[], $3::text[]) as r(id, reason, code)
        where s.id = r.id and s.status = 'queued'`,
      [
        failed.map((r) => r.id.toString()),
        failed.map((r) => (r.status === "opted_out" ? "opted_out" : "failed")),
        failed.map((r) => ("errorCode" in r ? r.errorCode : null)),
      ],
    );
  }
  const optedOut = results.filter((r) => r.status === "opted_out");
  if (optedOut.length) {
    await sqlPool().query(
      `update "PhoneNumber" p set "optedOutAt" = now() at time zone 'UTC', "updatedAt" = now() at time zone 'UTC'
         from "SmsMessage" s
        where s.id = any($1::bigint[]) and p.id = s."phoneNumberId" and p."optedOutAt" is null`,
      [optedOut.map((r) => r.id.toString())],
    );
  }
}

// Sends `rows` through the sender, retrying transient refusals with backoff; answers the tallies.
async function send(
  wave: WaveRow,
  sender: SmsSender,
  rows: Array<Planned & { id: string }>,
  sealed: Map<string, string>,
  options: Required<Omit<SmsFallbackOptions, "senderFor" | "now">>,
): Promise<{ sent: number; optedOut: number; failed: number }> {
  const tally = { sent: 0, optedOut: 0, failed: 0 };
  let pending: SmsOutgoing[] = rows.map((row) => ({
    id: BigInt(row.id),
    to: unsealPhoneNumber(sealed.get(row.phoneNumberId)!, wave.appId),
    body: row.body,
  }));
  for (let attempt = 1; pending.length; attempt += 1) {
    let results: SmsResult[];
    try {
      results = await sender.send(pending);
    } catch (error) {
      // A configuration error (bad credential) or a sender fault: every message of the call fails.
      log.error({ err: error, campaignId: wave.campaignId, waveId: wave.waveId }, "SMS sender failed");
      const code = error instanceof Error ? error.name : "error";
      results = pending.map((m) => ({ id: m.id, status: "failed", errorCode: `sender:${code}`.slice(0, 100) }));
    }
    const answered = new Map(results.map((r) => [r.id.toString(), r]));
    // A message the sender did not answer for is tried again, like a transient refusal.
    const retries: Array<{ message: SmsOutgoing; afterMs: number; code: string }> = [];
    const final: SmsResult[] = [];
    for (const message of pending) {
      const result = answered.get(message.id.toString());
      if (!result || result.status === "retry") {
        retries.push({ message, afterMs: result?.retryAfterMs ?? 0, code: result?.errorCode ?? "no_answer" });
      } else final.push(result);
    }
    if (attempt >= options.maxAttempts) {
      for (const retry of retries) final.push({ id: retry.message.id, status: "failed", errorCode: retry.code });
    }
    await recordResults(final, sender.provider);
    for (const result of final) {
      if (result.status === "sent") tally.sent += 1;
      else if (result.status === "opted_out") tally.optedOut += 1;
      else tally.failed += 1;
    }
    if (attempt >= options.maxAttempts || !retries.length) break;
    const backoff = options.retryBaseMs * 2 ** (attempt - 1);
    const delay = Math.min(options.maxRetryDelayMs, Math.max(backoff, ...retries.map((r) => r.afterMs)));
    await sleep(delay);
    pending = retries.map((r) => r.message);
  }
  return tally;
}

// Runs the fallback for one wave (the `sms_fallback` job). Safe to run again: sends nothing twice.
export async function runSmsFallback(waveId: string, options: SmsFallbackOptions): Promise<SmsFallbackOutcome> {
  const outcome: SmsFallbackOutcome = {
    candidates: 0,
    queued: 0,
    quietHours: 0,
    overBudget: 0,
    sent: 0,
    optedOut: 0,
    failed: 0,
  };
  const settings = {
    chunkSize: options.chunkSize ?? 500,
    maxAttempts: options.maxAttempts ?? 4,
    retryBaseMs: options.retryBaseMs ?? 2000,
    maxRetryDelayMs: options.maxRetryDelayMs ?? 60_000,
  };
  const now = options.now ?? (() => new Date());
  const { rows: waves } = await sqlPool().query<WaveRow>(waveQuery, [waveId]);
  const wave = waves[0];
  if (!wave) return { ...outcome, skipped: "no_wave" };
  const policy = smsPolicyOf(wave.smsPolicy);
  if (!smsAllowedFor(policy, wave)) return { ...outcome, skipped: "not_allowed" };
  if (wave.smsMaxMessages === null || wave.smsMaxCostMicros === null) return { ...outcome, skipped: "no_budget" };
  if (wave.campaignState === "cancelled" || wave.campaignState === "paused")
    return { ...outcome, skipped: "campaign_stopped" };
  const sender = await options.senderFor(wave.appId);
  if (!sender) {
    log.warn({ appId: wave.appId, campaignId: wave.campaignId }, "SMS fallback due but the app has no SMS sender");
    return { ...outcome, skipped: "no_sender" };
  }
  const quiet = quietHoursOf(wave);
  let after = "00000000-0000-0000-0000-000000000000";
  for (;;) {
    const { rows } = await sqlPool().query<Candidate>(candidatesQuery, [waveId, after, settings.chunkSize]);
    if (!rows.length) break;
    after = rows.at(-1)!.deviceId;
    outcome.candidates += rows.length;
    const at = now();
    const planned = rows.map((row) => plan(policy, row, inQuietHours(at, row.timezone, wave.timezone, quiet)));
    // The signal points at the inbox: write the message there where the push left no copy.
    const missing = planned.filter((row) => row.status === "queued" && !row.hasInbox);
    if (missing.length) {
      const campaign = await campaignContext(wave.campaignId);
      const messages = campaign ? missing.map((row) => outgoingOf(campaign, row)).filter((m) => m !== null) : [];
      if (campaign) await appendToInbox(messages, { appId: wave.appId, options: campaign.options });
    }
    const reserved = await reserve(wave, sender.provider, planned);
    outcome.queued += reserved.queued.length;
    outcome.overBudget += reserved.overBudget;
    outcome.quietHours += reserved.quietHours;
    if (!reserved.queued.length) continue;
    const { rows: numbers } = await sqlPool().query<{ id: string; numberSealed: string }>(
      `select id, "numberSealed" from "PhoneNumber" where id = any($1::uuid[])`,
      [reserved.queued.map((r) => r.phoneNumberId)],
    );
    const sealed = new Map(numbers.map((n) => [n.id, n.numberSealed]));
    for (let i = 0; i < reserved.queued.length; i += settings.chunkSize) {
      const tally = await send(wave, sender, reserved.queued.slice(i, i + settings.chunkSize), sealed, settings);
      outcome.sent += tally.sent;
      outcome.optedOut += tally.optedOut;
      outcome.failed += tally.failed;
    }
  }
  log.info({ waveId, campaignId: wave.campaignId, ...outcome }, "SMS fallback done");
  return outcome;
}
