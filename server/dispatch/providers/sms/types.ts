// The seam between SMS signalling's two halves: the providers (Twilio, Alibaba Cloud SMS; their
// credential lives on the app's `sms` channel) and the fallback that decides who gets a signal, when,
// and within which budget. The fallback writes SmsMessage rows (status queued, cost reserved) and hands
// them to `SmsSender.send`; the sender talks to the provider and answers one result per message.
// Server only.

export interface SmsOutgoing {
  // SmsMessage.id
  id: bigint;
  // E.164, unsealed just before sending; never logged.
  to: string;
  body: string;
}

export type SmsResult =
  | { id: bigint; status: "sent"; providerMessageId: string }
  // Transient (429, 5xx, network): the fallback may try again after `retryAfterMs`.
  | { id: bigint; status: "retry"; errorCode: string; retryAfterMs: number }
  // The provider says the number opted out (Twilio 21610, Aliyun's blacklist): mark the number.
  | { id: bigint; status: "opted_out"; errorCode: string }
  // Any other permanent refusal of this message (invalid number, not SMS-capable).
  | { id: bigint; status: "failed"; errorCode: string };

export interface SmsSender {
  // Which provider the app's credential names ("twilio" | "aliyun"): SmsMessage.provider.
  provider: string;
  send(messages: SmsOutgoing[]): Promise<SmsResult[]>;
}
