// SMS signalling's fallback job against a real PostgreSQL: who gets a signal (only devices that did
// not confirm the push, with an active number that has not opted out, outside quiet hours), the
// campaign's budget under concurrent jobs, reruns, the provider's answers, the inbox message the
// signal points at and its fetch. The sender is a recording double of server/sms/sender.ts (the
// provider half of SMS, with its own fakes, on its own branch): it keeps what it was handed.
import { randomUUID } from "node:crypto";
import { runMigrations } from "graphile-worker";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { channelMaskOf } from "@/lib/channels/devices";
import { defaultSmsPolicy, type SmsPolicy } from "@/lib/sms/policy";
import { handleApiRequest } from "@/server/device-api/routes";
import { db } from "@/server/db";
import { stopInboxListener } from "@/server/inbox/waiters";
import { sqlPool } from "@/server/sql";
import { campaignReport } from "@/server/analytics/campaign-report";
import { runSmsFallback } from "@/server/sms/fallback";
import { sealPhoneNumber, unsealPhoneNumber } from "@/server/sms/phone-seal";
import { scheduleSmsFallback } from "@/server/sms/schedule";
import { closeWaveIfDone, onWaveDone } from "@/server/dispatch/complete";
import { taskList } from "@/server/jobs/tasks";
import type { SmsOutgoing, SmsResult, SmsSender } from "@/server/dispatch/providers/sms/types";
import { createApp } from "../support/fixtures";

class RecordingSender implements SmsSender {
  provider = "twilio";
  calls: SmsOutgoing[][] = [];
  constructor(private answer: (message: SmsOutgoing, call: number) => SmsResult = sentAnswer) {}
  async send(messages: SmsOutgoing[]): Promise<SmsResult[]> {
    this.calls.push(messages);
    // Yield so two concurrent jobs interleave.
    await new Promise((resolve) => setTimeout(resolve, 5));
    return messages.map((message) => this.answer(message, this.calls.length));
  }
  get sent(): SmsOutgoing[] {
    return this.calls.flat();
  }
}

function sentAnswer(message: SmsOutgoing): SmsResult {
  return { id: message.id, status: "sent", providerMessageId: `SM${message.id.toString().padStart(32, "0")}` };
}

const policy: SmsPolicy = {
  ...defaultSmsPolicy,
  enabled: true,
  currency: "USD",
  defaultPrice: "0.05",
  prices: [{ country: "US", price: "0.0079" }],
};

interface Fixture {
  appId: string;
  apiKey: string;
  campaignId: string;
  waves: string[];
  devices: Array<{ id: string; installationId: string; number: string; phoneNumberId: string; deliveryId: string }>;
}

// An app with the policy, a breaking-news campaign with `waves` waves of `perWave` devices each; every
// device has an FCM address (the push went out there, status sent, no receipt) and an active number.
async function setup(
  options: {
    policy?: SmsPolicy;
    waves?: number;
    perWave?: number;
    maxMessages?: number | null;
    maxCostMicros?: bigint | null;
    quietHours?: { start: number; end: number };
    timezones?: (index: number) => string | null;
    type?: "news" | "promotion";
  } = {},
): Promise<Fixture> {
  const { app, apiKey } = await createApp();
  await db.app.update({
    where: { id: app.id },
    data: {
      smsPolicy: options.policy ?? policy,
      quietHoursStart: options.quietHours?.start ?? null,
      quietHoursEnd: options.quietHours?.end ?? null,
    },
  });
  const campaign = await db.campaign.create({
    data: {
      appId: app.id,
      type: options.type ?? "news",
      breaking: (options.type ?? "news") === "news",
      name: `SMS ${randomUUID().slice(0, 8)}`,
      state: "sending",
      schedule: { kind: "now" },
      smsMaxMessages: options.maxMessages === undefined ? 1000 : options.maxMessages,
      smsMaxCostMicros: options.maxCostMicros === undefined ? 100_000_000n : options.maxCostMicros,
      variants: {
        create: { key: "A", splitPercent: 100, fallbackLocale: "en", content: { en: { title: "Quake", body: "M6" } } },
      },
    },
  });
  const fixture: Fixture = { appId: app.id, apiKey, campaignId: campaign.id, waves: [], devices: [] };
  let n = 0;
  for (let w = 0; w < (options.waves ?? 1); w += 1) {
    const wave = await db.campaignWave.create({
      data: { campaignId: campaign.id, index: w, dueAt: new Date(), state: "done" },
    });
    fixture.waves.push(wave.id.toString());
    for (let i = 0; i < (options.perWave ?? 3); i += 1, n += 1) {
      const phoneNumberId = randomUUID();
      const number = `+1202555${String(1000 + n).padStart(4, "0")}`;
      const device = await db.device.create({
        data: {
          appId: app.id,
          installationId: randomUUID(),
          platform: "android",
          timezone: options.timezones?.(n) ?? null,
          locale: "en",
          addresses: [
            { channel: "fcm", token: `fcm-${randomUUID()}`, status: "active" },
            { channel: "sms", token: phoneNumberId, status: "active" },
          ],
          channelMask: channelMaskOf(["fcm", "sms"]),
        },
      });
      await db.phoneNumber.create({
        data: {
          id: phoneNumberId,
          appId: app.id,
          deviceId: device.id,
          numberHash: `hash-${phoneNumberId}`,
          numberSealed: sealPhoneNumber(number, app.id),
          masked: `+1 ******${number.slice(-4)}`,
          country: "US",
          consentAt: new Date(Date.now() - 86_400_000),
        },
      });
      const delivery = await db.delivery.create({
        data: {
          campaignId: campaign.id,
          waveId: wave.id,
          deviceId: device.id,
          channel: "fcm",
          status: "sent",
          variantKey: "A",
          locale: "en",
          sentAt: new Date(Date.now() - 6 * 60_000),
        },
      });
      fixture.devices.push({
        id: device.id,
        installationId: device.installationId,
        number,
        phoneNumberId,
        deliveryId: delivery.id.toString(),
      });
    }
  }
  return fixture;
}

async function smsRows(campaignId: string) {
  return db.smsMessage.findMany({ where: { campaignId }, orderBy: { id: "asc" } });
}

const fast = { retryBaseMs: 5, maxRetryDelayMs: 20 };

beforeAll(async () => {
  await runMigrations({ connectionString: process.env.DATABASE_URL! });
});

afterAll(async () => {
  await stopInboxListener();
});

describe("SMS fallback: who gets a signal", () => {
  it("texts only the devices that did not confirm the push, pointing at their inbox message", async () => {
    const f = await setup({ perWave: 4 });
    const [received, silent, suppressed, noNumber] = f.devices;
    // Confirmed in time: a receipt set deliveredAt.
    await db.delivery.updateMany({
      where: { id: BigInt(received!.deliveryId) },
      data: { status: "delivered", deliveredAt: new Date() },
    });
    // Held back (holdout): never pushed, so never signalled.
    await db.delivery.updateMany({
      where: { id: BigInt(suppressed!.deliveryId) },
      data: { status: "suppressed", reason: "holdout" },
    });
    await db.phoneNumber.delete({ where: { id: noNumber!.phoneNumberId } });
    const sender = new RecordingSender();
    const outcome = await runSmsFallback(f.waves[0]!, { senderFor: async () => sender, ...fast });
    expect(outcome).toMatchObject({ candidates: 1, queued: 1, sent: 1, failed: 0, overBudget: 0, quietHours: 0 });
    expect(sender.sent).toHaveLength(1);
    const [message] = sender.sent;
    expect(message!.to).toBe(silent!.number);
    expect(message!.body).toBe(`You have a new message. Open the app to read it. Code: ${silent!.deliveryId}`);
    const rows = await smsRows(f.campaignId);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      deviceId: silent!.id,
      deliveryId: BigInt(silent!.deliveryId),
      status: "sent",
      provider: "twilio",
      segments: 1,
      country: "US",
      costMicros: 7900n,
      providerMessageId: `SM${message!.id.toString().padStart(32, "0")}`,
    });
    expect(rows[0]!.sentAt).not.toBeNull();
    // The push went out on FCM with no inbox copy: the fallback wrote the message the code names.
    const inbox = await db.inboxMessage.findMany({ where: { deviceId: silent!.id } });
    expect(inbox).toHaveLength(1);
    expect(inbox[0]!.payload).toMatchObject({ messageId: silent!.deliveryId, title: "Quake", body: "M6" });
  });

  it("plans the job at the app's window after the wave, only for campaigns the policy allows", async () => {
    const breaking = await setup({ policy: { ...policy, windowMinutes: 7 } });
    const before = Date.now();
    expect(await scheduleSmsFallback(breaking.waves[0]!)).toBe(7);
    // Twice (a wave closed again by maintenance): still one job.
    expect(await scheduleSmsFallback(breaking.waves[0]!)).toBe(7);
    const { rows } = await sqlPool().query<{ run_at: Date; count: number }>(
      `select run_at, count(*) over ()::int as count from graphile_worker.jobs
        where task_identifier = 'sms_fallback' and key = $1`,
      [`sms_fallback:${breaking.waves[0]}`],
    );
    expect(rows).toHaveLength(1);
    const due = rows[0]!.run_at.getTime() - before;
    expect(due).toBeGreaterThan(7 * 60_000 - 5_000);
    expect(due).toBeLessThan(7 * 60_000 + 5_000);
    const promotion = await setup({ type: "promotion" });
    expect(await scheduleSmsFallback(promotion.waves[0]!)).toBeNull();
    const noBudget = await setup({ maxMessages: null });
    expect(await scheduleSmsFallback(noBudget.waves[0]!)).toBeNull();
    const off = await setup({ policy: { ...policy, enabled: false } });
    expect(await scheduleSmsFallback(off.waves[0]!)).toBeNull();
    // And the job itself refuses them too, should one be due anyway.
    const sender = new RecordingSender();
    expect(await runSmsFallback(promotion.waves[0]!, { senderFor: async () => sender })).toMatchObject({
      skipped: "not_allowed",
    });
    expect(await runSmsFallback(noBudget.waves[0]!, { senderFor: async () => sender })).toMatchObject({
      skipped: "no_budget",
    });
    expect(await runSmsFallback(breaking.waves[0]!, { senderFor: async () => null })).toMatchObject({
      skipped: "no_sender",
    });
    expect(sender.calls).toHaveLength(0);
  });

  it("plans the job when the dispatcher closes a wave, and the task runs it with the entry's sender", async () => {
    const f = await setup({ perWave: 2 });
    await db.campaignWave.update({ where: { id: BigInt(f.waves[0]!) }, data: { state: "queued" } });
    onWaveDone(scheduleSmsFallback);
    await closeWaveIfDone(f.waves[0]!);
    const { rows } = await sqlPool().query(`select 1 from graphile_worker.jobs where key = $1`, [
      `sms_fallback:${f.waves[0]}`,
    ]);
    expect(rows).toHaveLength(1);
    const sender = new RecordingSender();
    const seen: string[] = [];
    const tasks = taskList({
      smsSenderFor: async (appId) => {
        seen.push(appId);
        return sender;
      },
    });
    await tasks.sms_fallback!({ waveId: f.waves[0] }, {} as never);
    expect(seen).toEqual([f.appId]);
    expect(sender.sent.map((m) => m.to).sort()).toEqual(f.devices.map((d) => d.number).sort());
    // A payload that is not a wave id is dropped, not retried.
    await tasks.sms_fallback!({ waveId: "x; drop" }, {} as never);
    expect(sender.calls).toHaveLength(1);
  });

  it("skips numbers that opted out and marks the ones the provider reports as opted out", async () => {
    const f = await setup({ perWave: 3 });
    const [already, refused, fine] = f.devices;
    await db.phoneNumber.update({ where: { id: already!.phoneNumberId }, data: { optedOutAt: new Date() } });
    const sender = new RecordingSender((message) =>
      message.to === refused!.number
        ? { id: message.id, status: "opted_out", errorCode: "21610" }
        : sentAnswer(message),
    );
    const outcome = await runSmsFallback(f.waves[0]!, { senderFor: async () => sender, ...fast });
    expect(outcome).toMatchObject({ candidates: 2, sent: 1, optedOut: 1 });
    expect(sender.sent.map((m) => m.to).sort()).toEqual([refused!.number, fine!.number].sort());
    const refusedNumber = await db.phoneNumber.findUniqueOrThrow({ where: { id: refused!.phoneNumberId } });
    expect(refusedNumber.optedOutAt).not.toBeNull();
    const rows = await smsRows(f.campaignId);
    expect(rows.find((r) => r.deviceId === refused!.id)).toMatchObject({
      status: "failed",
      reason: "opted_out",
      errorCode: "21610",
    });
    expect(rows.find((r) => r.deviceId === already!.id)).toBeUndefined();
  });

  it("retries transient refusals with backoff and fails them after the last attempt", async () => {
    const f = await setup({ perWave: 2 });
    const [flaky, down] = f.devices;
    const sender = new RecordingSender((message, call) => {
      if (message.to === flaky!.number && call >= 2) return sentAnswer(message);
      return { id: message.id, status: "retry", errorCode: "20429", retryAfterMs: 10 };
    });
    const outcome = await runSmsFallback(f.waves[0]!, { senderFor: async () => sender, maxAttempts: 3, ...fast });
    expect(outcome).toMatchObject({ sent: 1, failed: 1 });
    expect(sender.calls.map((call) => call.length)).toEqual([2, 2, 1]);
    const rows = await smsRows(f.campaignId);
    expect(rows.find((r) => r.deviceId === flaky!.id)).toMatchObject({ status: "sent" });
    expect(rows.find((r) => r.deviceId === down!.id)).toMatchObject({ status: "failed", errorCode: "20429" });
  });

  it("sends nothing twice when the job runs again", async () => {
    const f = await setup({ perWave: 5 });
    const sender = new RecordingSender();
    await runSmsFallback(f.waves[0]!, { senderFor: async () => sender, ...fast });
    expect(sender.sent).toHaveLength(5);
    const again = await runSmsFallback(f.waves[0]!, { senderFor: async () => sender, ...fast });
    expect(again).toMatchObject({ candidates: 0, sent: 0 });
    // Two reruns at once: still nothing new.
    await Promise.all([
      runSmsFallback(f.waves[0]!, { senderFor: async () => sender, ...fast }),
      runSmsFallback(f.waves[0]!, { senderFor: async () => sender, ...fast }),
    ]);
    expect(sender.sent).toHaveLength(5);
    expect(await smsRows(f.campaignId)).toHaveLength(5);
  });
});

describe("SMS fallback: quiet hours", () => {
  it("suppresses devices inside the app's quiet hours in their own time zone, breaking news included", async () => {
    const now = new Date();
    const minute = now.getUTCHours() * 60 + now.getUTCMinutes();
    // Two hours around now in UTC; a device twelve hours away is outside them.
    const quietHours = { start: (minute + 1440 - 60) % 1440, end: (minute + 60) % 1440 };
    const f = await setup({
      perWave: 4,
      quietHours,
      timezones: (i) => (i % 2 === 0 ? "UTC" : "Etc/GMT+12"),
    });
    const sender = new RecordingSender();
    const outcome = await runSmsFallback(f.waves[0]!, { senderFor: async () => sender, ...fast });
    expect(outcome).toMatchObject({ candidates: 4, quietHours: 2, sent: 2 });
    const quietDevices = [f.devices[0]!, f.devices[2]!];
    expect(sender.sent.map((m) => m.to).sort()).toEqual([f.devices[1]!.number, f.devices[3]!.number].sort());
    const rows = await smsRows(f.campaignId);
    for (const device of quietDevices) {
      expect(rows.find((r) => r.deviceId === device.id)).toMatchObject({
        status: "suppressed",
        reason: "quiet_hours",
        costMicros: 0n,
      });
    }
  });
});

describe("SMS fallback: budget", () => {
  it("never exceeds the message count when two waves' jobs run at once", async () => {
    const f = await setup({ waves: 2, perWave: 10, maxMessages: 7 });
    const sender = new RecordingSender();
    const outcomes = await Promise.all(
      f.waves.map((wave) => runSmsFallback(wave, { senderFor: async () => sender, chunkSize: 3, ...fast })),
    );
    expect(sender.sent).toHaveLength(7);
    expect(outcomes.reduce((sum, o) => sum + o.sent, 0)).toBe(7);
    expect(outcomes.reduce((sum, o) => sum + o.overBudget, 0)).toBe(13);
    const rows = await smsRows(f.campaignId);
    expect(rows.filter((r) => r.status === "sent")).toHaveLength(7);
    expect(rows.filter((r) => r.status === "suppressed" && r.reason === "budget")).toHaveLength(13);
    expect(new Set(sender.sent.map((m) => m.to)).size).toBe(7);
  });

  it("never exceeds the money either", async () => {
    // 0.0079 a segment: 0.03 buys three one-segment signals (0.0237), not four (0.0316).
    const f = await setup({ waves: 3, perWave: 4, maxCostMicros: 30_000n });
    const sender = new RecordingSender();
    await Promise.all(f.waves.map((wave) => runSmsFallback(wave, { senderFor: async () => sender, ...fast })));
    expect(sender.sent).toHaveLength(3);
    const { _sum } = await db.smsMessage.aggregate({
      where: { campaignId: f.campaignId, status: { not: "suppressed" } },
      _sum: { costMicros: true },
    });
    expect(_sum.costMicros).toBe(23_700n);
  });
});

describe("SMS fallback: the fetch that follows", () => {
  it("records when a signalled device fetches its message from the inbox", async () => {
    const f = await setup({ perWave: 2 });
    const sender = new RecordingSender();
    await runSmsFallback(f.waves[0]!, { senderFor: async () => sender, ...fast });
    const [reader, idle] = f.devices;
    expect(
      unsealPhoneNumber(
        (await db.phoneNumber.findUniqueOrThrow({ where: { id: reader!.phoneNumberId } })).numberSealed,
        f.appId,
      ),
    ).toBe(reader!.number);
    const response = await handleApiRequest(
      new Request(`http://localhost/api/v1/devices/${reader!.installationId}/inbox`, {
        headers: { authorization: `Bearer ${f.apiKey}` },
      }),
    );
    expect(response.status).toBe(200);
    const body = (await response.json()) as { messages: Array<{ messageId: string }> };
    expect(body.messages.map((m) => m.messageId)).toEqual([reader!.deliveryId]);
    const rows = await smsRows(f.campaignId);
    expect(rows.find((r) => r.deviceId === reader!.id)!.fetchedAt).not.toBeNull();
    expect(rows.find((r) => r.deviceId === idle!.id)!.fetchedAt).toBeNull();
  });

  it("reports SMS sent, delivered, cost, fetched and why devices got none", async () => {
    const f = await setup({ perWave: 4, maxMessages: 3 });
    // The provider refuses the first message it is handed.
    let first: bigint | null = null;
    const sender: RecordingSender = new RecordingSender((message): SmsResult => {
      first ??= message.id;
      return message.id === first ? { id: message.id, status: "failed", errorCode: "21211" } : sentAnswer(message);
    });
    await runSmsFallback(f.waves[0]!, { senderFor: async () => sender, ...fast });
    const sent = await db.smsMessage.findFirstOrThrow({ where: { campaignId: f.campaignId, status: "sent" } });
    // The provider's status callback (the other half of SMS) marks one delivered; its device then fetches.
    await db.smsMessage.update({ where: { id: sent.id }, data: { status: "delivered", deliveredAt: new Date() } });
    const reader = f.devices.find((d) => d.id === sent.deviceId)!;
    const fetched = await handleApiRequest(
      new Request(`http://localhost/api/v1/devices/${reader.installationId}/inbox`, {
        headers: { authorization: `Bearer ${f.apiKey}` },
      }),
    );
    expect(fetched.status).toBe(200);
    const report = await campaignReport(f.campaignId);
    expect(report!.sms).toEqual({
      currency: "USD",
      totals: { signalled: 3, sent: 2, delivered: 1, failed: 1, segments: 3, costMicros: 3 * 7900, fetched: 1 },
      byCountry: [
        {
          country: "US",
          signalled: 3,
          sent: 2,
          delivered: 1,
          failed: 1,
          segments: 3,
          costMicros: 3 * 7900,
          fetched: 1,
        },
      ],
      reasons: [
        { reason: "budget", count: 1 },
        { reason: "failed", count: 1 },
      ],
    });
    const other = await setup({ perWave: 1 });
    expect((await campaignReport(other.campaignId))!.sms).toBeNull();
  });
});
