// The SMS fallback's way out: the app's SMS credential (the `sms` channel's, sealed like every
// credential) unsealed and turned into its provider's sender. Endpoints come from the environment
// (HERALD_TWILIO_ENDPOINT, HERALD_ALIYUN_SMS_ENDPOINT and their _CA_FILE: the loopback fakes in tests and
// the demo), Twilio's status callback from HERALD_PUBLIC_URL.
import "server-only";
import { loadCredential } from "@/server/apps/credentials";
import { createAliyunSender } from "@/server/dispatch/providers/sms/aliyun";
import { smsEndpointFromEnv } from "@/server/dispatch/providers/sms/endpoint";
import { createTwilioSender } from "@/server/dispatch/providers/sms/twilio";
import type { SmsSender } from "@/server/dispatch/providers/sms/types";
import { twilioStatusUrl } from "./webhook-urls";

// The app's SMS sender, or null when it has no SMS credential.
export async function smsSenderFor(
  appId: string,
  env: Record<string, string | undefined> = process.env,
): Promise<SmsSender | null> {
  const secret = await loadCredential(appId, "sms");
  if (!secret) return null;
  if (secret.provider === "twilio")
    return createTwilioSender(secret, {
      endpoint: smsEndpointFromEnv("twilio", env),
      statusCallbackUrl: twilioStatusUrl(appId, env),
    });
  return createAliyunSender(secret, { endpoint: smsEndpointFromEnv("aliyun_sms", env) });
}
