// SMS signalling in the simulator: the loopback fakes of Twilio and Alibaba Cloud SMS the tests use,
// started in this process; the demo app gets the simulator's Twilio credential when it has no SMS
// credential of its own (checked and sealed as the app page does), the worker sends to the fakes through
// HERALD_TWILIO_ENDPOINT / HERALD_ALIYUN_SMS_ENDPOINT (+ _CA_FILE), Twilio's fake calls Herald's status
// webhook for each message and its "console" has the app's inbound URL (STOP). Some simulated phones have
// a number (set through the device API with a consent time); a signal reaching one makes the device
// fetch its inbox, as an app opened from the text would.
import type pg from "pg";
import { parseCredential, type CredentialSecret } from "../../lib/channels";
import { sealCredential } from "../../server/apps/credential-seal";
import {
  fakeAliyunAccount,
  startFakeAliyunSms,
  type FakeAliyunMessage,
  type FakeAliyunSms,
} from "../../tests/fakes/aliyun-sms/fake-server";
import {
  fakeTwilioAccount,
  startFakeTwilio,
  type FakeTwilio,
  type FakeTwilioMessage,
} from "../../tests/fakes/twilio/fake-server";

// The simulator's SMS credential as the app page's form takes it: the Twilio fake's account.
export const simulatorSmsForm = {
  provider: "twilio",
  accountSid: fakeTwilioAccount.sid,
  authToken: fakeTwilioAccount.authToken,
  sender: fakeTwilioAccount.numbers[0]!,
} as const;

export interface SimulatorSms {
  twilio: FakeTwilio;
  aliyun: FakeAliyunSms;
  // The phone numbers that got a text (E.164), as each fake delivers them.
  subscribe(listener: (e164: string) => void): () => void;
  workerEnv(): Record<string, string>;
  // Enters the app's inbound (STOP) URL in the Twilio fake's "console" and Aliyun's report/up URLs.
  configureWebhooks(setup: { twilioInbound: string; aliyunReport: string; aliyunUp: string } | null): void;
  close(): Promise<void>;
}

// Starts both SMS fakes on free ports of 127.0.0.1.
export async function startSimulatorSms(): Promise<SimulatorSms> {
  const listeners = new Set<(e164: string) => void>();
  const tell = (e164: string) => {
    for (const listener of listeners) listener(e164);
  };
  const twilio = await startFakeTwilio({
    behaviour: { statusDelayMs: 500 },
    onMessage: (message: FakeTwilioMessage) => tell(message.to),
  });
  const aliyun = await startFakeAliyunSms({
    behaviour: { perNumberPerMinute: 5 },
    onMessage: (message: FakeAliyunMessage) =>
      tell(/^1\d{10}$/.test(message.phoneNumber) ? `+86${message.phoneNumber}` : `+${message.phoneNumber}`),
  }).catch(async (error: unknown) => {
    await twilio.close();
    throw error;
  });
  return {
    twilio,
    aliyun,
    subscribe(listener) {
      listeners.add(listener);
      return () => void listeners.delete(listener);
    },
    workerEnv: () => ({
      HERALD_TWILIO_ENDPOINT: twilio.url,
      HERALD_TWILIO_CA_FILE: twilio.caFile,
      HERALD_ALIYUN_SMS_ENDPOINT: aliyun.url,
      HERALD_ALIYUN_SMS_CA_FILE: aliyun.caFile,
    }),
    configureWebhooks(setup) {
      if (!setup) return;
      twilio.accounts.get(fakeTwilioAccount.sid)!.inboundUrl = setup.twilioInbound;
      const account = aliyun.accounts.get(fakeAliyunAccount.accessKeyId)!;
      account.reportUrl = setup.aliyunReport;
      account.upUrl = setup.aliyunUp;
    },
    async close() {
      listeners.clear();
      await Promise.all([twilio.close(), aliyun.close()]);
    },
  };
}

// Gives the app the simulator's Twilio credential when it has no SMS credential; answers whether the
// app's SMS credential is now the simulator's (its texts then go to the fake).
export async function ensureSimulatorSmsCredential(pool: pg.Pool, appId: string): Promise<boolean> {
  const parsed = parseCredential("sms", simulatorSmsForm);
  if (!parsed.ok) throw new Error("the simulator's SMS credential does not pass the app page's checks");
  await pool.query(
    `insert into "ProviderCredential" (id, "appId", channel, summary, "secretSealed", "updatedAt")
     values (gen_random_uuid(), $1, 'sms', $2::jsonb, $3, now()) on conflict ("appId", channel) do nothing`,
    [appId, JSON.stringify(parsed.summary), sealCredential(appId, "sms", parsed.secret as CredentialSecret<"sms">)],
  );
  const { rows } = await pool.query<{ summary: Record<string, unknown> }>(
    `select summary from "ProviderCredential" where "appId" = $1 and channel = 'sms'`,
    [appId],
  );
  const summary = rows[0]?.summary ?? {};
  return Object.entries(parsed.summary).every(([key, value]) => summary[key] === value);
}

// A phone number for a simulated device (deterministic in `random`): a mainland mobile for zh-CN
// devices, else a US one; the share `rate` of devices gets one.
export function simulatedPhoneNumber(locale: string, random: () => number, rate = 0.2): string | null {
  if (random() >= rate) return null;
  const digits = (n: number) => Array.from({ length: n }, () => Math.floor(random() * 10)).join("");
  return locale === "zh-CN" ? `+86138${digits(8)}` : `+1415${2 + Math.floor(random() * 8)}${digits(6)}`;
}
