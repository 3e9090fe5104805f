// SMS signalling: not a push channel of its own but the fallback's way to reach a phone whose push
// did not arrive (issue 12): a short text that tells the app, or the person, to fetch the message from
// the inbox. The app stores one SMS provider's credential: Twilio (account SID, auth token, a sender
// number or Messaging Service) or Alibaba Cloud SMS (AccessKey, sign name, a template with one variable
// for the signal). Routing never picks `sms` as a device's push route (lib/routing/policy.ts); the
// fallback sends through server/sms/sender.ts. A device's `sms` address holds the id of its PhoneNumber
// row, never the number.
import { z } from "zod";
import { printable } from "./fields";
import { credentialDescription, type ChannelDescription } from "./types";

export const smsProviders = ["twilio", "aliyun"] as const;
export type SmsProvider = (typeof smsProviders)[number];

// The sealed Twilio secret: the sender is an E.164 number or a Messaging Service SID (MG...).
export interface TwilioSmsSecret {
  provider: "twilio";
  accountSid: string;
  authToken: string;
  from: string | null;
  messagingServiceSid: string | null;
}

// The sealed Alibaba Cloud SMS secret: the template's one variable carries the signal.
export interface AliyunSmsSecret {
  provider: "aliyun";
  accessKeyId: string;
  accessKeySecret: string;
  signName: string;
  templateCode: string;
  templateParam: string;
}

export type SmsSecret = TwilioSmsSecret | AliyunSmsSecret;

// Twilio's longest message body in characters (longer bodies are refused with 21617).
export const twilioMaxBodyChars = 1600;

const e164 = /^\+[1-9]\d{6,14}$/;
const twilioAccountSid = /^AC[0-9a-f]{32}$/;
const twilioAuthToken = /^[0-9a-f]{32}$/;
const twilioServiceSid = /^MG[0-9a-f]{32}$/;
const aliyunKeyId = /^[A-Za-z0-9]{16,32}$/;
const aliyunTemplate = /^SMS_\d{5,15}$/;
const templateVariable = /^[A-Za-z][A-Za-z0-9_]{0,31}$/;

// Masks an identifier for display: its first `head` and last 4 characters.
export function maskId(value: string, head = 2): string {
  return value.length <= head + 4 ? "••••" : `${value.slice(0, head)}…${value.slice(-4)}`;
}

const text = z
  .string()
  .optional()
  .transform((value) => value?.trim() ?? "");

// The app page's form: the provider's fields are required for the provider chosen, the others ignored.
export const smsForm = z
  .object({
    provider: z.enum(smsProviders, "smsProviderRequired"),
    accountSid: text,
    authToken: text,
    sender: text,
    accessKeyId: text,
    accessKeySecret: text,
    signName: text,
    templateCode: text,
    templateParam: text,
  })
  .superRefine((input, ctx) => {
    const check = (field: keyof typeof input, ok: boolean, required: string, invalid: string) => {
      const value = input[field];
      if (!value) ctx.addIssue({ code: "custom", path: [field], message: required });
      else if (!ok) ctx.addIssue({ code: "custom", path: [field], message: invalid });
    };
    if (input.provider === "twilio") {
      check(
        "accountSid",
        twilioAccountSid.test(input.accountSid),
        "twilioAccountSidRequired",
        "twilioAccountSidInvalid",
      );
      check("authToken", twilioAuthToken.test(input.authToken), "twilioAuthTokenRequired", "twilioAuthTokenInvalid");
      check(
        "sender",
        e164.test(input.sender) || twilioServiceSid.test(input.sender),
        "twilioSenderRequired",
        "twilioSenderInvalid",
      );
    } else {
      check("accessKeyId", aliyunKeyId.test(input.accessKeyId), "aliyunKeyIdRequired", "aliyunKeyIdInvalid");
      check(
        "accessKeySecret",
        printable(16, 64).test(input.accessKeySecret),
        "aliyunKeySecretRequired",
        "aliyunKeySecretInvalid",
      );
      check("signName", input.signName.length <= 12, "aliyunSignNameRequired", "aliyunSignNameInvalid");
      check("templateCode", aliyunTemplate.test(input.templateCode), "aliyunTemplateRequired", "aliyunTemplateInvalid");
      if (input.templateParam && !templateVariable.test(input.templateParam))
        ctx.addIssue({ code: "custom", path: ["templateParam"], message: "aliyunTemplateParamInvalid" });
    }
  });

// The secret to seal from the parsed form.
export function smsSecretOf(input: z.output<typeof smsForm>): SmsSecret {
  if (input.provider === "twilio") {
    const service = twilioServiceSid.test(input.sender);
    return {
      provider: "twilio",
      accountSid: input.accountSid,
      authToken: input.authToken,
      from: service ? null : input.sender,
      messagingServiceSid: service ? input.sender : null,
    };
  }
  return {
    provider: "aliyun",
    accessKeyId: input.accessKeyId,
    accessKeySecret: input.accessKeySecret,
    signName: input.signName,
    templateCode: input.templateCode,
    templateParam: input.templateParam || "code",
  };
}

// What the app page shows: the provider, the account masked, the sender (a business number, shown).
export function smsSummary(secret: SmsSecret): Record<string, string | null> {
  if (secret.provider === "twilio")
    return {
      provider: "Twilio",
      accountSid: maskId(secret.accountSid),
      sender: secret.from ?? secret.messagingServiceSid,
    };
  return {
    provider: "Alibaba Cloud SMS",
    accessKeyId: maskId(secret.accessKeyId, 4),
    signName: secret.signName,
    templateCode: secret.templateCode,
  };
}

// The SMS channel.
export const smsChannel = {
  id: "sms",
  name: "SMS",
  credential: credentialDescription({
    form: smsForm,
    secret: smsSecretOf,
    summary: smsSummary,
    required: true,
    missing: "No SMS provider credential is configured for this app (Apps → Provider credentials).",
  }),
  address: {
    kind: "token",
    maxLength: 36,
    description: "The id of the device's phone number (PUT /api/v1/devices/{installationId}/phone); never the number.",
  },
  // Twilio's body limit; a signal is far shorter (one segment: 160 GSM-7 or 70 UCS-2 characters).
  payloadBytes: twilioMaxBodyChars,
} as const satisfies ChannelDescription<"sms">;
