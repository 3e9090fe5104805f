// The SMS providers' callback bodies as zod schemas: what the webhooks accept and what the OpenAPI
// document describes. Twilio posts forms (read into string maps), Alibaba Cloud JSON arrays.
import { z } from "zod";

// Twilio's status callback (the fields Herald reads; Twilio sends more).
export const twilioStatusSchema = z
  .looseObject({
    AccountSid: z.string().regex(/^AC[0-9a-f]{32}$/),
    MessageSid: z.string().regex(/^(SM|MM)[0-9a-f]{32}$/),
    MessageStatus: z.string().min(1).max(32),
    ErrorCode: z.string().max(16).optional(),
    To: z.string().max(32).optional(),
  })
  .meta({ description: "Twilio's StatusCallback form (application/x-www-form-urlencoded), signed." });

// Twilio's inbound message webhook.
export const twilioInboundSchema = z
  .looseObject({
    AccountSid: z.string().regex(/^AC[0-9a-f]{32}$/),
    MessageSid: z.string().min(1).max(64),
    From: z.string().min(1).max(32),
    To: z.string().max(32).optional(),
    Body: z.string().max(1600),
    OptOutType: z.string().max(16).optional(),
  })
  .meta({ description: "Twilio's inbound message form (application/x-www-form-urlencoded), signed." });

// Aliyun's SmsReport HTTP push: delivery receipts.
export const aliyunReportSchema = z
  .array(
    z.looseObject({
      phone_number: z.string().min(1).max(32),
      success: z.boolean(),
      biz_id: z.string().min(1).max(64),
      err_code: z.string().max(64).optional(),
      err_msg: z.string().max(256).optional(),
      report_time: z.string().max(32).optional(),
      out_id: z.string().max(64).optional(),
    }),
  )
  .max(1000)
  .meta({ description: "Alibaba Cloud SMS delivery receipts (SmsReport), a JSON array." });

// Aliyun's SmsUp HTTP push: replies from phones.
export const aliyunUpSchema = z
  .array(
    z.looseObject({
      phone_number: z.string().min(1).max(32),
      content: z.string().max(1000),
      sign_name: z.string().max(64).optional(),
      send_time: z.string().max(32).optional(),
      dest_code: z.string().max(32).optional(),
    }),
  )
  .max(1000)
  .meta({ description: "Alibaba Cloud SMS uplink messages (SmsUp), a JSON array." });

// Aliyun's expected answer to its pushes.
export const aliyunAnswer = { code: 0, msg: "成功" } as const;
