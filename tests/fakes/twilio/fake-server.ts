// A loopback fake of Twilio's Programmable Messaging REST API over TLS, for the real `twilio` library
// (6.x, whose request client Herald points here). Sources: Twilio's docs,
//   Message resource: https://www.twilio.com/docs/messaging/api/message-resource
//   Errors: https://www.twilio.com/docs/api/errors (20003, 20404, 20429, 21211, 21602, 21604, 21606, 21610,
//           21614, 21617), the error body {code, message, more_info, status}
//   Status callbacks: https://www.twilio.com/docs/messaging/guides/track-outbound-message-status
//   Inbound webhooks and opt-out keywords: https://www.twilio.com/docs/messaging/twiml and
//           https://help.twilio.com/articles/223134027 (STOP, STOPALL, UNSUBSCRIBE, CANCEL, END, QUIT; START, UNSTOP)
//   Signatures: https://www.twilio.com/docs/usage/security (signature.ts)
// and VENDORS.md Part 2. It answers POST /2010-04-01/Accounts/{Sid}/Messages.json (HTTP Basic
// Sid:AuthToken, form To, From | MessagingServiceSid, Body, StatusCallback) with 201 and a Message, and
// GET /2010-04-01/Accounts/{Sid}.json with the account. A message's status goes queued -> sent ->
// delivered (undelivered 30003 for numbers starting with `undeliverablePrefix`), each change posted to
// its StatusCallback signed like Twilio. An inbound message (control route) is posted to the account's
// inbound URL, and a STOP keyword unsubscribes the number from the account's senders (21610 after).
import { randomBytes } from "node:crypto";
import path from "node:path";
import { startLoopbackFake, type FakeAnswer, type FakeRequest } from "../loopback-fake";
import { SmsCallbacks, type PostedCallback } from "../sms-callbacks";
import { twilioSignature } from "./signature";

const tlsDir = path.join(import.meta.dirname, "tls");
// The self-signed certificate (api.twilio.com, localhost, 127.0.0.1) clients must trust.
export const fakeTwilioCaFile = path.join(tlsDir, "fake-twilio.crt");

// An account the fake knows: its SID, auth token, numbers and Messaging Services.
export interface FakeTwilioAccount {
  sid: string;
  authToken: string;
  numbers: string[];
  services: string[];
  status: "active" | "suspended" | "closed";
  // Where the account's numbers post inbound messages (configured on the number in Twilio's console).
  inboundUrl: string | null;
}

// The demo and tests' account.
export const fakeTwilioAccount: FakeTwilioAccount = {
  sid: "AC" + "0123456789abcdef".repeat(2),
  authToken: "fedcba9876543210".repeat(2),
  numbers: ["+15005550006"],
  services: ["MG" + "00112233445566778899aabbccddeeff"],
  status: "active",
  inboundUrl: null,
};

export interface FakeTwilioBehaviour {
  // Numbers (E.164 prefixes) that are landlines: 21614.
  landlinePrefix: string;
  // Numbers the carrier does not deliver to: accepted, then undelivered (30003).
  undeliverablePrefix: string;
  // Answers for the next sends, in order, before any check: an HTTP status with Twilio's code.
  failNext: Array<{ status: number; code: number }>;
  // Delay between status changes, in milliseconds.
  statusDelayMs: number;
}

export const defaultTwilioBehaviour = (): FakeTwilioBehaviour => ({
  landlinePrefix: "+1500555000",
  undeliverablePrefix: "+1500555999",
  failNext: [],
  statusDelayMs: 0,
});

// One message as the fake accepted it.
export interface FakeTwilioMessage {
  sid: string;
  accountSid: string;
  to: string;
  from: string | null;
  messagingServiceSid: string | null;
  body: string;
  segments: number;
  statusCallback: string | null;
  status: string;
  at: number;
}

const messages: Record<number, string> = {
  20003: "Authenticate",
  20404: "The requested resource was not found",
  20429: "Too Many Requests",
  21211: "The 'To' number is not a valid phone number.",
  21602: "Message body is required.",
  21604: "A 'To' phone number is required.",
  21606:
    "The 'From' phone number provided is not a valid message-capable Twilio phone number for this destination/account.",
  21610: "Attempt to send to unsubscribed recipient",
  21614: "'To' number is not a valid mobile number",
  21617: "The concatenated message body exceeds the 1600 character limit.",
};

function problem(status: number, code: number): FakeAnswer {
  return {
    status,
    body: {
      code,
      message: messages[code] ?? "Error",
      more_info: `https://www.twilio.com/docs/errors/${code}`,
      status,
    },
  };
}

const gsm7 =
  "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?¡" +
  "ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà";
const gsm7Extended = "^{}\\[~]|€\f";

// Segments of a body the way carriers split it: GSM-7 160 (153 per part), else UCS-2 70 (67).
export function smsSegments(body: string): number {
  const chars = Array.from(body);
  if (chars.every((c) => gsm7.includes(c) || gsm7Extended.includes(c))) {
    const septets = chars.reduce((n, c) => n + (gsm7Extended.includes(c) ? 2 : 1), 0);
    return septets <= 160 ? 1 : Math.ceil(septets / 153);
  }
  const units = body.length;
  return units <= 70 ? 1 : Math.ceil(units / 67);
}

const stopWords = ["STOP", "STOPALL", "UNSUBSCRIBE", "CANCEL", "END", "QUIT"];
const startWords = ["START", "UNSTOP", "YES"];

const newSid = (prefix: string) => prefix + randomBytes(16).toString("hex");

export interface FakeTwilio {
  port: number;
  url: string;
  ca: string;
  caFile: string;
  accounts: Map<string, FakeTwilioAccount>;
  behaviour: FakeTwilioBehaviour;
  messages: FakeTwilioMessage[];
  // Numbers unsubscribed per account (by STOP).
  unsubscribed: Map<string, Set<string>>;
  callbacks: SmsCallbacks;
  configure(change: Partial<FakeTwilioBehaviour>): void;
  addAccount(account: Partial<FakeTwilioAccount> & { sid: string; authToken: string }): FakeTwilioAccount;
  // A phone sends `body` to one of the account's numbers: posted to its inbound URL, signed.
  inbound(input: { accountSid: string; from: string; to?: string; body: string }): Promise<PostedCallback>;
  reset(): void;
  close(): Promise<void>;
}

export interface FakeTwilioOptions {
  port?: number;
  host?: string;
  behaviour?: Partial<FakeTwilioBehaviour>;
  accounts?: FakeTwilioAccount[];
  // Called for each message a phone would show (accepted and delivered).
  onMessage?: (message: FakeTwilioMessage) => void;
}

function basicAuth(header: string | undefined): { user: string; password: string } | null {
  const match = /^Basic\s+(\S+)$/i.exec(header ?? "");
  if (!match) return null;
  const text = Buffer.from(match[1]!, "base64").toString("utf8");
  const colon = text.indexOf(":");
  return colon < 0 ? null : { user: text.slice(0, colon), password: text.slice(colon + 1) };
}

// Starts the fake.
export async function startFakeTwilio(options: FakeTwilioOptions = {}): Promise<FakeTwilio> {
  const accounts = new Map<string, FakeTwilioAccount>();
  const addAccount = (account: Partial<FakeTwilioAccount> & { sid: string; authToken: string }) => {
    const full = { numbers: [], services: [], status: "active" as const, inboundUrl: null, ...account };
    accounts.set(full.sid, full);
    return full;
  };
  for (const account of options.accounts ?? [fakeTwilioAccount]) addAccount({ ...account });
  const state = {
    behaviour: { ...defaultTwilioBehaviour(), ...options.behaviour },
    messages: [] as FakeTwilioMessage[],
    unsubscribed: new Map<string, Set<string>>(),
  };
  const callbacks = new SmsCallbacks();

  const signedPost = (account: FakeTwilioAccount, url: string, params: Record<string, string>, delayMs = 0) =>
    callbacks.post(
      url,
      {
        "content-type": "application/x-www-form-urlencoded; charset=utf-8",
        "x-twilio-signature": twilioSignature(account.authToken, url, params),
        "i-twilio-idempotency-token": randomBytes(8).toString("hex"),
      },
      new URLSearchParams(params).toString(),
      delayMs,
    );

  // Posts the message's next statuses to its StatusCallback.
  const progress = (account: FakeTwilioAccount, message: FakeTwilioMessage) => {
    const undeliverable = message.to.startsWith(state.behaviour.undeliverablePrefix);
    const steps: Array<{ status: string; errorCode?: string }> = [
      { status: "sent" },
      undeliverable ? { status: "undelivered", errorCode: "30003" } : { status: "delivered" },
    ];
    void (async () => {
      for (const step of steps) {
        message.status = step.status;
        if (step.status === "delivered") options.onMessage?.(message);
        if (!message.statusCallback) continue;
        await signedPost(
          account,
          message.statusCallback,
          {
            AccountSid: account.sid,
            ApiVersion: "2010-04-01",
            From: message.from ?? account.numbers[0] ?? "",
            ...(message.messagingServiceSid ? { MessagingServiceSid: message.messagingServiceSid } : {}),
            MessageSid: message.sid,
            MessageStatus: step.status,
            SmsSid: message.sid,
            SmsStatus: step.status,
            To: message.to,
            ...(step.errorCode ? { ErrorCode: step.errorCode } : {}),
          },
          state.behaviour.statusDelayMs,
        );
      }
    })();
  };

  const authenticate = (request: FakeRequest, sid: string): FakeAccountOrAnswer => {
    const auth = basicAuth(request.headers.authorization as string | undefined);
    const account = accounts.get(sid);
    if (!auth || !account || auth.user !== sid || auth.password !== account.authToken) return problem(401, 20003);
    return account;
  };

  const createMessage = (account: FakeTwilioAccount, form: URLSearchParams): FakeAnswer => {
    const failure = state.behaviour.failNext.shift();
    if (failure) return problem(failure.status, failure.code);
    const to = form.get("To");
    const from = form.get("From");
    const service = form.get("MessagingServiceSid");
    const body = form.get("Body");
    if (!to) return problem(400, 21604);
    // E.164, and North American numbers (+1) have ten digits after the country code.
    if (!/^\+[1-9]\d{6,14}$/.test(to) || (to.startsWith("+1") && to.length !== 12)) return problem(400, 21211);
    if (!body) return problem(400, 21602);
    if (Array.from(body).length > 1600) return problem(400, 21617);
    if (service ? !account.services.includes(service) : !from || !account.numbers.includes(from))
      return problem(400, 21606);
    if (to.startsWith(state.behaviour.landlinePrefix)) return problem(400, 21614);
    if (state.unsubscribed.get(account.sid)?.has(to)) return problem(400, 21610);
    const message: FakeTwilioMessage = {
      sid: newSid("SM"),
      accountSid: account.sid,
      to,
      from: service ? null : from,
      messagingServiceSid: service,
      body,
      segments: smsSegments(body),
      statusCallback: form.get("StatusCallback"),
      status: service ? "accepted" : "queued",
      at: Date.now(),
    };
    state.messages.push(message);
    const now = new Date().toUTCString().replace("GMT", "+0000");
    const answer = {
      account_sid: account.sid,
      api_version: "2010-04-01",
      body,
      date_created: now,
      date_sent: null,
      date_updated: now,
      direction: "outbound-api",
      error_code: null,
      error_message: null,
      from: message.from,
      messaging_service_sid: service,
      num_media: "0",
      num_segments: String(message.segments),
      price: null,
      price_unit: "USD",
      sid: message.sid,
      status: message.status,
      subresource_uris: { media: `/2010-04-01/Accounts/${account.sid}/Messages/${message.sid}/Media.json` },
      to,
      uri: `/2010-04-01/Accounts/${account.sid}/Messages/${message.sid}.json`,
    };
    progress(account, message);
    return { status: 201, body: answer };
  };

  const handle = (request: FakeRequest): FakeAnswer => {
    const messagesPath = /^\/2010-04-01\/Accounts\/([^/]+)\/Messages\.json$/.exec(request.path);
    const accountPath = /^\/2010-04-01\/Accounts\/([^/]+)\.json$/.exec(request.path);
    const sid = messagesPath?.[1] ?? accountPath?.[1];
    if (!sid) return problem(404, 20404);
    const account = authenticate(request, sid);
    if (!("sid" in account)) return account;
    if (messagesPath && request.method === "POST") return createMessage(account, request.form);
    if (accountPath && request.method === "GET")
      return {
        status: 200,
        body: {
          sid: account.sid,
          friendly_name: "Herald test account",
          status: account.status,
          type: "Full",
          date_created: new Date(0).toUTCString(),
          uri: `/2010-04-01/Accounts/${account.sid}.json`,
        },
      };
    return problem(405, 20004);
  };

  const fake = await startLoopbackFake({
    keyFile: path.join(tlsDir, "fake-twilio.key"),
    certFile: fakeTwilioCaFile,
    port: options.port,
    host: options.host,
    handle,
    latencyMs: () => 0,
    control: {
      "GET /__fake/messages": () => state.messages,
      "POST /__fake/configure": (input) => Object.assign(state.behaviour, input),
    },
  });

  return {
    ...fake,
    accounts,
    get behaviour() {
      return state.behaviour;
    },
    get messages() {
      return state.messages;
    },
    unsubscribed: state.unsubscribed,
    callbacks,
    configure: (change) => Object.assign(state.behaviour, change),
    addAccount,
    inbound({ accountSid, from, to, body }) {
      const account = accounts.get(accountSid);
      if (!account?.inboundUrl) throw new Error(`account ${accountSid} has no inbound URL`);
      const keyword = body.trim().toUpperCase();
      // Twilio's built-in opt-out: it blocks the number itself and tells the app with OptOutType.
      let optOutType: string | null = null;
      const list = state.unsubscribed.get(account.sid) ?? new Set<string>();
      state.unsubscribed.set(account.sid, list);
      if (stopWords.includes(keyword)) {
        list.add(from);
        optOutType = "STOP";
      } else if (startWords.includes(keyword)) {
        list.delete(from);
        optOutType = "START";
      } else if (keyword === "HELP" || keyword === "INFO") optOutType = "HELP";
      const sid = newSid("SM");
      return signedPost(account, account.inboundUrl, {
        AccountSid: account.sid,
        ApiVersion: "2010-04-01",
        Body: body,
        From: from,
        MessageSid: sid,
        NumMedia: "0",
        NumSegments: String(smsSegments(body)),
        SmsMessageSid: sid,
        SmsSid: sid,
        SmsStatus: "received",
        To: to ?? account.numbers[0] ?? "",
        ...(optOutType ? { OptOutType: optOutType } : {}),
      });
    },
    reset() {
      state.behaviour = defaultTwilioBehaviour();
      state.messages = [];
      state.unsubscribed.clear();
      callbacks.clear();
    },
  };
}

type FakeAccountOrAnswer = FakeTwilioAccount | FakeAnswer;
